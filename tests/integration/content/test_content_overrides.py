"""Editor edits survive a rebuild; lint names overrides for ids that no longer exist."""

from __future__ import annotations

import yaml

from bot.corpus.loader import load_corpus
from bot.curation.build import build
from bot.curation.lint import lint
from bot.curation.paths import ContentPaths


def test_retired_and_edited_items_survive_rebuilds(content: ContentPaths) -> None:
    first = build(content).corpus
    retired = first.quiz_items[0].id
    edited = first.quotations[0].id
    content.overrides.write_text(
        yaml.dump(
            {
                retired: {"retire": True, "reason": "confusing distractors"},
                edited: {"attribution": None, "tags": ["学习"]},
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    for _ in range(2):
        result = build(content)
        corpus = load_corpus(content.root)
        assert retired not in {i.id for i in corpus.quiz_items}
        quote = next(q for q in corpus.quotations if q.id == edited)
        assert quote.attribution is None and quote.tags == ("学习",)
        assert result.overrides.retired == {retired: "confusing distractors"}
    assert lint(content) == []


def test_override_for_a_vanished_id_is_reported(content: ContentPaths) -> None:
    content.overrides.write_text("qz-gone-00000000:\n  retire: true\n", encoding="utf-8")
    result = build(content)
    assert result.overrides.unknown == ["qz-gone-00000000"]
    assert [str(i) for i in lint(content)] == [
        "qz-gone-00000000: override for an id that no longer exists"
    ]


def test_an_edit_that_breaks_the_limits_is_dropped_not_served(content: ContentPaths) -> None:
    item = build(content).corpus.quiz_items[0]
    content.overrides.write_text(
        yaml.dump({item.id: {"explanation": "太长" * 150}}, allow_unicode=True), encoding="utf-8"
    )
    result = build(content)
    assert item.id not in {i.id for i in result.corpus.quiz_items}
    assert any(i == item.id for i, _ in result.invalid)


def test_quizzes_follow_the_editors_quotation_edits(content: ContentPaths) -> None:
    first = build(content).corpus
    by_text = {q.text: q for q in first.quotations}
    doubted = by_text["政者，正也"]
    retired = by_text["公生明，廉生威"]
    assert any(
        i.source_id == doubted.id and i.kind.value == "attribution" for i in first.quiz_items
    )
    content.overrides.write_text(
        yaml.dump(
            {doubted.id: {"attribution": None}, retired.id: {"retire": True, "reason": "test"}},
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    corpus = build(content).corpus
    kinds_from = {
        (i.source_id, i.kind.value)
        for i in corpus.quiz_items
        if i.source_id in (doubted.id, retired.id)
    }
    assert (
        kinds_from == set()
    )  # 政者，正也 is too short to complete; its attribution is now doubted
    assert retired.id not in {q.id for q in corpus.quotations}
    assert {q.id: q.attribution for q in corpus.quotations}[doubted.id] is None
