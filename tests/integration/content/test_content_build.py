"""The build on the provided document: sizes, limits, well-formedness, stability, speed."""

from __future__ import annotations

import time
from collections import Counter

from bot.corpus.loader import load_corpus
from bot.corpus.model import QuizKind
from bot.curation.build import BuildResult, build
from bot.curation.lint import lint
from bot.curation.normalize import compact
from bot.curation.paths import ContentPaths
from bot.curation.quality import text_problems
from bot.curation.quiz.limits import quiz_problems
from bot.curation.themes import THEME_NAMES

Built = tuple[ContentPaths, BuildResult]


def test_sizes_required_by_the_issue(built: Built) -> None:
    corpus = load_corpus(built[0].root)
    assert len(corpus.articles) == 11
    assert len(corpus.excerpts) >= 60
    assert len(corpus.quiz_items) >= 150
    kinds = Counter(item.kind for item in corpus.quiz_items)
    assert set(kinds) == set(QuizKind)


def test_every_quiz_item_is_within_telegram_limits_and_well_formed(built: Built) -> None:
    corpus = load_corpus(built[0].root)
    for item in corpus.quiz_items:
        assert quiz_problems(item) == [], item.id
        answer = item.options[item.correct_index]
        assert all(o != answer for i, o in enumerate(item.options) if i != item.correct_index)
        if item.kind != QuizKind.TRUE_FALSE:
            assert len(item.options) >= 3, item.id


def test_correct_answers_are_spread_over_positions(built: Built) -> None:
    corpus = load_corpus(built[0].root)
    positions = Counter(i.correct_index for i in corpus.quiz_items if len(i.options) == 4)
    assert len(positions) == 4
    assert max(positions.values()) < 0.5 * sum(positions.values())


def test_excerpts_are_clean_sized_and_tagged(built: Built) -> None:
    corpus = load_corpus(built[0].root)
    for excerpt in corpus.excerpts:
        assert 40 <= len(excerpt.text) <= 300, excerpt.id
        assert text_problems(excerpt.text) == [], excerpt.id
        assert excerpt.tags and set(excerpt.tags) <= set(THEME_NAMES)
    texts = [compact(e.text) for e in corpus.excerpts]
    assert len(set(texts)) == len(texts)


def test_no_noise_or_spinner_wording_anywhere(built: Built) -> None:
    corpus = load_corpus(built[0].root)
    texts = [e.text for e in corpus.excerpts] + [q.text for q in corpus.quotations]
    texts += [t for i in corpus.quiz_items for t in (i.question, *i.options, i.explanation)]
    for text in texts:
        assert text_problems(text) == [], text
        for marker in ("⼯", "第1页", "汇报人", "打赏", "惟独", "才干", "咨询题", "别谋全局"):
            assert marker not in text, text


def test_attributions_are_the_checked_ones(built: Built) -> None:
    quotes = {q.text: q.attribution for q in load_corpus(built[0].root).quotations}
    assert quotes["政者，正也"] == "《论语·颜渊》"
    assert quotes["其身正，不令而行；其身不正，虽令不从"] == "《论语·子路》"
    assert quotes["公正无私，可以为天下王"] is None
    assert quotes["不谋全局者，不足谋一域"] == "陈澹然"
    assert "公生明，廉生威" in quotes


def test_attribution_quizzes_never_use_an_unchecked_attribution(built: Built) -> None:
    corpus = load_corpus(built[0].root)
    unattributed = {q.id for q in corpus.quotations if q.attribution is None}
    traditional = {q.id for q in corpus.quotations if q.attribution and "相传" in q.attribution}
    for item in corpus.quiz_items:
        if item.kind == QuizKind.ATTRIBUTION:
            assert item.source_id not in unattributed | traditional


def test_quiz_questions_are_not_duplicated(built: Built) -> None:
    corpus = load_corpus(built[0].root)
    keys = [(i.question, frozenset(i.options)) for i in corpus.quiz_items]
    assert len(set(keys)) == len(keys)


def test_lint_passes_on_the_build(built: Built) -> None:
    assert lint(built[0]) == []


def test_rebuild_gives_the_same_ids(built: Built) -> None:
    paths, first = built
    second = build(paths)
    ids = lambda r: [i.id for i in (*r.corpus.excerpts, *r.corpus.quotations, *r.corpus.quiz_items)]  # noqa: E731
    assert ids(second) == ids(first)


def test_build_takes_under_five_seconds(built: Built) -> None:
    started = time.perf_counter()
    build(built[0])
    assert time.perf_counter() - started < 5.0


def test_no_key_term_question_gives_away_a_sibling_answer(built: Built) -> None:
    corpus = load_corpus(built[0].root)
    items = [i for i in corpus.quiz_items if i.kind == QuizKind.KEY_TERM]
    for a in items:
        for b in items:
            if a is not b and a.source_id == b.source_id:
                assert a.options[a.correct_index] not in b.question, (a.id, b.id)


def test_list_questions_do_not_show_the_members_they_ask_for(built: Built) -> None:
    corpus = load_corpus(built[0].root)
    for item in corpus.quiz_items:
        if item.kind == QuizKind.LIST_RECALL:
            assert all(option not in item.question for option in item.options), item.id
