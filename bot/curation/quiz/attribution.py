"""Where does a classical line come from? Only for attributions checked in the classics table."""

from __future__ import annotations

from collections.abc import Iterator

from bot.corpus.model import QuizItem, QuizKind, Quotation
from bot.curation.classics import ClassicLine, ClassicsTable
from bot.curation.quiz.common import fit_explanation, make_item, pick
from bot.curation.quotations import FoundQuotation

_QUESTIONS = {
    "work": "“{text}”出自哪部典籍？",
    "person": "“{text}”是谁的名句？",
    "person_work": "“{text}”出自哪位作者的哪篇作品？",
}


def explain_attribution(line: ClassicLine, title: str) -> str:
    claim = (
        f"文章称出自{line.claimed}，有误。"
        if line.claimed and line.claimed != line.attribution
        else ""
    )
    return fit_explanation(f"出自{line.attribution}。", claim, f"见《{title}》。", line.note)


def checked_attributions(
    found: list[FoundQuotation],
) -> Iterator[tuple[ClassicLine, Quotation, str]]:
    """Quotations whose attribution the classics table confirms and an editor left alone —
    the only ones a question about their source may be made from — with that attribution."""
    for entry in found:
        line, quote = entry.classic, entry.quotation
        if line is None or not line.quizzable_attribution or line.attribution is None:
            continue
        if quote.attribution == line.attribution:
            yield line, quote, line.attribution


def attribution_items(
    found: list[FoundQuotation], table: ClassicsTable, titles: dict[str, str]
) -> list[QuizItem]:
    items = []
    for line, quote, attribution in checked_attributions(found):
        distractors = pick(table.pool(line), 3, quote.id)
        if len(distractors) < 1:
            continue
        items.append(
            make_item(
                QuizKind.ATTRIBUTION,
                _QUESTIONS[line.kind].format(text=line.text),
                attribution,
                distractors,
                explain_attribution(line, titles[quote.article_id]),
                quote.article_id,
                quote.tags,
                quote.id,
            )
        )
    return items
