"""Shared helpers: deterministic option order, explanations that fit, item construction."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from bot.corpus.model import QuizItem, QuizKind
from bot.curation.ids import quiz_id
from bot.curation.quiz.limits import EXPLANATION_MAX

TRUE_FALSE_OPTIONS = ("正确", "错误")


def _rank(seed: str, value: str) -> str:
    return hashlib.sha1(f"{seed}\x1f{value}".encode()).hexdigest()


def pick(candidates: Sequence[str], count: int, seed: str) -> list[str]:
    """A deterministic, seed-dependent choice of `count` distinct candidates."""
    unique = list(dict.fromkeys(candidates))
    return sorted(unique, key=lambda c: _rank(seed, c))[:count]


def arrange(answer: str, distractors: Sequence[str], seed: str) -> tuple[tuple[str, ...], int]:
    """Options in a deterministic shuffled order, and where the answer ended up."""
    options = sorted([answer, *distractors], key=lambda c: _rank(seed, c))
    return tuple(options), options.index(answer)


def fit_explanation(*parts: str) -> str:
    """Join explanation parts, dropping trailing optional parts that would exceed the limit."""
    text = ""
    for part in parts:
        if len(text) + len(part) > EXPLANATION_MAX:
            break
        text += part
    return text


def make_item(
    kind: QuizKind,
    question: str,
    answer: str,
    distractors: Sequence[str],
    explanation: str,
    article_id: str,
    tags: tuple[str, ...],
    source_id: str | None,
) -> QuizItem:
    item_id = quiz_id(kind.value, question, answer)
    options: tuple[str, ...]
    if kind == QuizKind.TRUE_FALSE:
        options, index = TRUE_FALSE_OPTIONS, TRUE_FALSE_OPTIONS.index(answer)
    else:
        options, index = arrange(answer, distractors, item_id)
    return QuizItem(
        item_id, kind, question, options, index, explanation, article_id, tags, source_id
    )
