"""Packing sentences into self-contained reading passages; theme tags."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.curation.cleaning import CleanArticle, Sentence
from bot.curation.excerpts import MAX_CHARS, MIN_CHARS, build_excerpts
from bot.curation.themes import tag_words


def _excerpts(sentences: list[str], blocks: list[int] | None = None) -> list[str]:
    blocks = blocks or [0] * len(sentences)
    article = CleanArticle(
        "a01", "t", "p", [Sentence(s, b) for s, b in zip(sentences, blocks, strict=True)]
    )
    found, _ = build_excerpts(article, lambda _: ("学习",))
    return [e.text for e in found]


def test_a_dependent_sentence_never_opens_a_passage() -> None:
    first = (
        "组工干部要始终坚持勤奋学习，争当提高素质的表率，把学习作为一种修养、一种精神、一种境界。"
        * 3
    )
    dependent = "因此，组工干部一定要切实履行好自己的职责，培养和树立公道正派的作风。"
    texts = _excerpts([first, dependent])
    assert len(texts) == 1
    assert texts[0].endswith(dependent)


def test_ordinal_openers_are_dropped() -> None:
    texts = _excerpts(
        [
            "其次，树立组工干部新形象需要具备良好的职业道德。作为一名干部，我们是党员，更是人民的公仆。"
        ]
    )
    assert texts == [
        "树立组工干部新形象需要具备良好的职业道德。作为一名干部，我们是党员，更是人民的公仆。"
    ]


def test_passages_do_not_cross_a_heading() -> None:
    a = "组工干部要始终坚持公道正派，争当勤政为民的表率，这是全国组工干部行为规范的标杆。"
    b = "要充分发挥组织部门对资源配置、放大、倍增的作用，最大限度地开发利用好各种组织资源。"
    assert _excerpts([a, b], [0, 1]) == [a, b]


def test_an_overlong_sentence_is_cut_at_semicolons() -> None:
    clause = "要充分发挥组织部门对资源配置、放大、倍增的作用，最大限度地开发利用好各种组织资源"
    texts = _excerpts(["；".join([clause] * 6) + "。"])
    assert texts and all(MIN_CHARS <= len(t) <= MAX_CHARS for t in texts)


sentence = st.text(alphabet="组工干部学习公道正派，", min_size=1, max_size=120).map(
    lambda s: s + "。"
)


@given(st.lists(sentence, max_size=12))
def test_every_passage_is_within_the_length_limits(sentences: list[str]) -> None:
    assert all(MIN_CHARS <= len(t) <= MAX_CHARS for t in _excerpts(sentences))


def test_themes_count_keywords_inside_words_only() -> None:
    assert tag_words(["组工干部", "要", "坚持", "公道正派", "，", "廉洁自律"]) == (
        "公道正派",
        "廉洁自律",
    )
    assert tag_words(["公", "道"]) == ()  # a keyword split across two words does not count
