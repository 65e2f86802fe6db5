"""The synonym-spun article: detection by marker density, repair, and exclusion of the rest."""

from __future__ import annotations

from pathlib import Path

from bot.curation.cleaning import clean_article
from bot.curation.normalize import normalize_line
from bot.curation.sources import parse_source
from bot.curation.spinner import SpinnerTable, is_spun, marker_density, repair, still_garbled

SOURCES = Path(__file__).resolve().parents[3] / "content" / "sources"


def _body(article_id: str) -> str:
    doc = parse_source((SOURCES / f"{article_id}.txt").read_text(encoding="utf-8"), article_id)
    return "".join(normalize_line(line) for line in doc.body.splitlines())


def test_only_the_spun_article_is_detected(spinner_table: SpinnerTable) -> None:
    spun = [p.stem for p in sorted(SOURCES.glob("a*.txt")) if is_spun(_body(p.stem), spinner_table)]
    assert spun == ["a04"]
    assert marker_density(_body("a11"), spinner_table) < spinner_table.threshold


def test_spun_classical_line_is_restored(spinner_table: SpinnerTable) -> None:
    line = normalize_line("“别谋全局者,别脚谋一域”。")
    assert repair(line, spinner_table) == "“不谋全局者，不足谋一域”。"


def test_spun_words_are_repaired_in_context(spinner_table: SpinnerTable) -> None:
    line = normalize_line(
        "组工干部惟独知识常新,方能思维长青,才干习惯新形势、新任务的需要,思想上才干更加清醒。"
    )
    assert repair(line, spinner_table) == (
        "组工干部只有知识常新，方能思维长青，才能适应新形势、新任务的需要，思想上才能更加清醒。"
    )
    line = "最需要解决什么咨询题，调动积极性和制造性，为经济社会进展提供组织保证。"
    repaired = repair(line, spinner_table)
    assert repaired == "最需要解决什么问题，调动积极性和创造性，为经济社会发展提供组织保证。"
    assert not still_garbled(repaired, spinner_table)


def test_unrepairable_sentence_never_reaches_the_corpus(spinner_table: SpinnerTable) -> None:
    doc = parse_source((SOURCES / "a04.txt").read_text(encoding="utf-8"), "a04")
    article = clean_article(doc, spinner_table, [])
    assert article.spun
    assert not any(still_garbled(s.text, spinner_table) for s in article.sentences)
    assert any("沉心考虑" in r.text for r in article.removals)
