"""Complete a quotation: 公生明，____."""

from __future__ import annotations

import re

from bot.corpus.model import QuizItem, QuizKind
from bot.curation.quiz.common import fit_explanation, make_item, pick
from bot.curation.quotations import FoundQuotation

_LENGTH_SLACK = 3
_MAX_QUOTE = 30  # longer lines (speeches, proverbs) make poor completion questions
_MIN_PART = 3


def halves(text: str) -> tuple[str, str, str] | None:
    """Split a line into (first half, separator, second half) at its middle clause break."""
    if "；" in text:
        first, second = text.split("；", 1)
        return first, "；", second
    clauses = re.split("，", text)
    if len(clauses) < 2:
        return None
    middle = len(clauses) // 2
    return "，".join(clauses[:middle]), "，", "，".join(clauses[middle:])


def _distractors(answer: str, pool: list[str], seed: str) -> list[str]:
    close = [p for p in pool if p != answer and abs(len(p) - len(answer)) <= _LENGTH_SLACK]
    wider = [p for p in pool if p != answer and p not in close]
    return (pick(close, 3, seed) + pick(wider, 3, seed))[:3]


def complete_quote_items(found: list[FoundQuotation], titles: dict[str, str]) -> list[QuizItem]:
    split = {
        f.quotation.id: halves(f.quotation.text)
        for f in found
        if len(f.quotation.text) <= _MAX_QUOTE
    }
    pool = [
        part
        for parts in split.values()
        if parts
        for part in (parts[0], parts[2])
        if len(part) >= _MIN_PART
    ]
    items = []
    for entry in found:
        parts = split.get(entry.quotation.id)
        if not parts:
            continue
        first, sep, second = parts
        quote = entry.quotation
        title = titles[quote.article_id]
        source = f"——{quote.attribution}" if quote.attribution else ""
        explanation = fit_explanation(f"原句：“{quote.text}”{source}。", f"见《{title}》。")
        if "《" not in explanation:
            explanation = f"见《{title}》。"[:200]
        for question, answer in (
            (f"补全名句：“{first}{sep}____”", second),
            (f"补全名句：“____{sep}{second}”", first),
        ):
            others = [p for p in pool if p not in (first, second)]
            distractors = _distractors(answer, others, quote.id + answer)
            if len(answer) >= _MIN_PART and distractors:
                items.append(
                    make_item(
                        QuizKind.COMPLETE_QUOTE,
                        question,
                        answer,
                        distractors,
                        explanation,
                        quote.article_id,
                        quote.tags,
                        quote.id,
                    )
                )
    return items
