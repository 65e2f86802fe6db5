"""A key term blanked out of an excerpt; distractors are other domain terms of the same kind."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from bot.corpus.model import Excerpt, QuizItem, QuizKind
from bot.curation.quiz.common import fit_explanation, make_item, pick
from bot.curation.segmenter import DictionaryTerm

BLANK = "____"
# Terms that occur in nearly every passage: blanking them teaches nothing.
TOO_COMMON = frozenset({"组工干部", "组织部门", "组织工作", "组织部长", "组工队伍"})
_WINDOW = 200
_PER_EXCERPT = 2
_QUESTION_PREFIX = "填空（《{title}》）："


def _window(text: str, term: str) -> str:
    """The part of the passage around the term, at most about 200 characters."""
    if len(text) <= _WINDOW:
        return text
    at = text.index(term)
    start = max(0, at - _WINDOW // 2)
    for mark in "。！？":
        cut = text.rfind(mark, 0, at)
        if start <= cut:
            start = cut + 1
            break
    return text[start : start + _WINDOW]


def _candidates(excerpt: Excerpt, words: list[str], terms: dict[str, DictionaryTerm]) -> list[str]:
    return [
        w
        for w in dict.fromkeys(words)
        if w in terms and w not in TOO_COMMON and excerpt.text.count(w) == 1
    ]


def key_term_items(
    excerpts: list[Excerpt],
    segment: Callable[[str], list[str]],
    terms: tuple[DictionaryTerm, ...],
    titles: dict[str, str],
    article_texts: dict[str, str],
) -> list[QuizItem]:
    by_word = {t.word: t for t in terms}
    words_of = {e.id: segment(e.text) for e in excerpts}
    frequency = Counter(w for e in excerpts for w in set(words_of[e.id]) if w in by_word)
    items = []
    for excerpt in excerpts:
        candidates = _candidates(excerpt, words_of[excerpt.id], by_word)
        ranked = sorted(candidates, key=lambda w: (frequency[w], -len(w), w))
        for answer in ranked[:_PER_EXCERPT]:
            item = _item(excerpt, by_word[answer], terms, titles, article_texts)
            if item:
                items.append(item)
    return items


def _item(
    excerpt: Excerpt,
    term: DictionaryTerm,
    terms: tuple[DictionaryTerm, ...],
    titles: dict[str, str],
    article_texts: dict[str, str],
) -> QuizItem | None:
    answer = term.word
    article_text = article_texts[excerpt.article_id]
    same_kind = [
        t.word
        for t in terms
        if t.tag == term.tag
        and len(t.word) == len(answer)
        and t.word not in article_text
        and t.word not in TOO_COMMON
    ]
    distractors = pick(same_kind, 3, excerpt.id + answer)
    if len(distractors) < 3:
        return None
    title = titles[excerpt.article_id]
    window = _window(excerpt.text, answer)
    question = _QUESTION_PREFIX.format(title=title) + window.replace(answer, BLANK, 1)
    explanation = fit_explanation(f"原文为“{answer}”，见《{title}》。")
    return make_item(
        QuizKind.KEY_TERM,
        question,
        answer,
        distractors,
        explanation,
        excerpt.article_id,
        excerpt.tags,
        excerpt.id,
    )
