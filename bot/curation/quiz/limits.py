"""Telegram quiz-poll limits and the well-formedness rules every quiz item must meet."""

from __future__ import annotations

from bot.corpus.model import QuizItem, QuizKind

QUESTION_MAX = 300
OPTION_MAX = 100
EXPLANATION_MAX = 200
EXPLANATION_MAX_LINE_FEEDS = 2
MIN_OPTIONS, MAX_OPTIONS = 2, 12


def quiz_problems(item: QuizItem) -> list[str]:
    """Every reason this item would be refused by Telegram or is not a fair question."""
    problems = []
    if not 1 <= len(item.question) <= QUESTION_MAX:
        problems.append(f"question has {len(item.question)} characters (1-{QUESTION_MAX})")
    if not MIN_OPTIONS <= len(item.options) <= MAX_OPTIONS:
        problems.append(f"{len(item.options)} options ({MIN_OPTIONS}-{MAX_OPTIONS})")
    for option in item.options:
        if not 1 <= len(option) <= OPTION_MAX:
            problems.append(f"option {option!r} has {len(option)} characters (1-{OPTION_MAX})")
    if len(set(item.options)) != len(item.options):
        problems.append("options are not distinct")
    if not 0 <= item.correct_index < len(item.options):
        problems.append(f"correct_index {item.correct_index} out of range")
    elif item.kind != QuizKind.TRUE_FALSE and item.options[item.correct_index] in item.question:
        problems.append("the answer appears in the question")
    if len(item.explanation) > EXPLANATION_MAX:
        problems.append(
            f"explanation has {len(item.explanation)} characters (max {EXPLANATION_MAX})"
        )
    if item.explanation.count("\n") > EXPLANATION_MAX_LINE_FEEDS:
        problems.append("explanation has more than 2 line feeds")
    if "《" not in item.explanation:
        problems.append("explanation does not cite the article")
    return problems
