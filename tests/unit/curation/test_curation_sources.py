"""Splitting the seed into articles, and the source file format."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.curation.sources import parse_source, render_source, split_document

# The users' document lives in shared/, beside the repository (on CI machines too).
SEED = Path(__file__).resolve().parents[3].parent / "shared" / "seed" / "000_01755b09100b67bb.txt"


@pytest.mark.skipif(not SEED.exists(), reason="the seed document is not on this machine")
def test_seed_splits_into_its_articles() -> None:
    docs = split_document(SEED.read_text(encoding="utf-8"), SEED.name)
    titles = [d.title for d in docs]
    assert len(docs) == 11
    assert "组工干部需树立的六种形象" in titles
    assert "争当四个表率树组工干部良好形象" in titles  # 最新- … 精品 stripped
    last = docs[-1]
    assert last.title == "大力弘扬组工精神树好组工干部四种新形象"
    assert last.provenance.endswith("lines 1, 181-238")  # the title on line 1, its body far below
    assert last.body.startswith("大力弘扬组工精神树好组工干部四种新形象中组部部长李源潮")


def test_short_lines_inside_a_slide_deck_are_not_titles() -> None:
    text = "\n".join(
        [
            "组工干部如何树立新形象思考",
            "汇报人: 2024-01-04",
            "目录",
            "01",
            "引言",
            "背景介绍",
            "社会环境的变化",
            "随着社会的快速发展,人们的思想观念发生了深刻变化。",
        ]
    )
    docs = split_document(text, "deck.txt")
    assert [d.title for d in docs] == ["组工干部如何树立新形象思考"]


def test_source_file_round_trip() -> None:
    [doc] = split_document("标题一二三四\n\n标题一二三四正文第一句。\n第二句。", "x.txt")
    assert parse_source(render_source(doc), "fallback") == doc
