"""True or false: attributions of classical lines, including the articles' own wrong claims."""

from __future__ import annotations

from bot.corpus.model import QuizItem, QuizKind
from bot.curation.classics import VAGUE_CLAIMS, ClassicsTable
from bot.curation.quiz.attribution import checked_attributions, explain_attribution
from bot.curation.quiz.common import make_item, pick
from bot.curation.quotations import FoundQuotation


def true_false_items(
    found: list[FoundQuotation], table: ClassicsTable, titles: dict[str, str]
) -> list[QuizItem]:
    items = []
    for line, quote, _ in checked_attributions(found):
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
