"""Shared data for the report tests (local to tests/unit/reports)."""

from __future__ import annotations

import pytest

from bot.core.evaluation import (
    GroupEvaluation,
    GroupEvaluationInput,
    MemberActivity,
    Period,
    evaluate,
)


def activity(
    learner_id: int,
    name: str,
    days: int,
    streak: int,
    answers: int,
    correct: int,
    sessions: int = 0,
    reflections: int = 0,
) -> MemberActivity:
    return MemberActivity(learner_id, name, days, streak, answers, correct, sessions, reflections)


@pytest.fixture
def november() -> GroupEvaluation:
    """Participation 4/5 (80 %) against 2/4 (50 %); accuracy 43/54; honour roll 乙, 甲, 丙."""
    members = [
        activity(1, "甲", 20, 5, 40, 30, sessions=2, reflections=3),
        activity(2, "乙", 20, 1, 10, 9, sessions=1),
        activity(3, "丙", 20, 9, 4, 4),
        activity(4, "=1+1", 12, 12, 0, 0),
        activity(5, "<b>Ann & Bob</b>", 0, 0, 0, 0),
    ]
    previous = [
        activity(1, "甲", 10, 0, 0, 0),
        activity(2, "乙", 0, 0, 0, 0),
        activity(3, "丙", 0, 0, 0, 0),
        activity(4, "=1+1", 3, 0, 0, 0),
    ]
    return evaluate(GroupEvaluationInput("学习小组", Period.parse("2026-11"), members, previous))
