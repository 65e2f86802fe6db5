"""True or false: attributions of classical lines, including the articles' own wrong claims."""

from __future__ import annotations

from bot.corpus.model import QuizItem, QuizKind
from bot.curation.classics import VAGUE_CLAIMS, ClassicsTable
from bot.curation.quiz.attribution import explain_attribution
from bot.curation.quiz.common import make_item, pick
from bot.curation.quotations import FoundQuotation


def true_false_items(
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
        explanation = explain_attribution(line, titles[quote.article_id])
        wrong = (
            line.claimed if line.claimed not in (None, line.attribution, *VAGUE_CLAIMS) else None
        )
        wrong = wrong or next(iter(pick(table.pool(line), 1, quote.id + "tf")), None)
        statements = [(f"判断：“{line.text}”出自{line.attribution}。", "正确")]
        if wrong:
            statements.append((f"判断：“{line.text}”出自{wrong}。", "错误"))
        for question, answer in statements:
            items.append(
                make_item(
                    QuizKind.TRUE_FALSE,
                    question,
                    answer,
                    (),
                    explanation,
                    quote.article_id,
                    quote.tags,
                    quote.id,
                )
            )
    return items
