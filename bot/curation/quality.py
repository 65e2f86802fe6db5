"""Checks shared by the build (which drops bad items) and lint (which reports them)."""

from __future__ import annotations

from bot.corpus.model import Excerpt
from bot.curation.excerpts import MAX_CHARS, MIN_CHARS
from bot.curation.noise import all_noise_patterns


def text_problems(text: str) -> list[str]:
    """Noise that must never reach a user."""
    return [
        f"contains {rule.reason} ({m.group(0)!r})"
        for rule in all_noise_patterns()
        if (m := rule.pattern.search(text))
    ]


def excerpt_problems(excerpt: Excerpt) -> list[str]:
    problems = text_problems(excerpt.text)
    if not MIN_CHARS <= len(excerpt.text) <= MAX_CHARS:
        problems.append(f"{len(excerpt.text)} characters ({MIN_CHARS}-{MAX_CHARS})")
    if excerpt.text.count("“") != excerpt.text.count("”"):
        problems.append("unbalanced quotation marks")
    return problems
