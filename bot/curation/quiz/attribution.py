"""Where does a classical line come from? Only for attributions checked in the classics table."""

from __future__ import annotations

from bot.corpus.model import QuizItem, QuizKind
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


def attribution_items(
    found: list[FoundQuotation], table: ClassicsTable, titles: dict[str, str]
) -> list[QuizItem]:
    items = []
    for entry in found:
        line = entry.classic
        quote = entry.quotation
        # Unchecked, or changed by the editor: never asked with the table's answer.
        if line is None or not line.quizzable_attribution or line.attribution is None:
            continue
        if quote.attribution != line.attribution:
            continue
        distractors = pick(table.pool(line), 3, quote.id)
        if len(distractors) < 1:
            continue
        items.append(
            make_item(
                QuizKind.ATTRIBUTION,
                _QUESTIONS[line.kind].format(text=line.text),
                line.attribution,
                distractors,
                explain_attribution(line, titles[quote.article_id]),
                quote.article_id,
                quote.tags,
                quote.id,
            )
        )
    return items
