"""Streak leaderboards: windows (week, month, all time) and the ranking order."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from fractions import Fraction

from bot.core.streak import Streak
from bot.core.studyday import DayActivity


class Window(StrEnum):
    WEEK = "week"
    MONTH = "month"
    ALL = "all"


def window_bounds(window: Window, today: date) -> tuple[date | None, date]:
    """Inclusive (first, last) dates of ``window`` containing ``today``; last is ``today``.

    WEEK starts on Monday, MONTH on the 1st of the calendar month, ALL has no start (None).
    """
    match Window(window):
        case Window.WEEK:
            return today - timedelta(days=today.weekday()), today
        case Window.MONTH:
            return today.replace(day=1), today
        case Window.ALL:
            return None, today


def in_window(day: date, bounds: tuple[date | None, date]) -> bool:
    start, end = bounds
    return (start is None or start <= day) and day <= end


@dataclass(frozen=True, slots=True)
class Standing:
    """A learner's figures for one leaderboard. ``reached_at``: when they reached them."""

    learner_id: int
    name: str
    current_streak: int
    total_days: int
    answers: int
    correct: int
    reached_at: datetime

    @property
    def accuracy(self) -> float:
        """Share of right answers, 0.0 when there were none."""
        return self.correct / self.answers if self.answers else 0.0


@dataclass(frozen=True, slots=True)
class Ranked:
    position: int
    standing: Standing


def rank(standings: Iterable[Standing]) -> list[Ranked]:
    """Order by current streak desc, total days desc, accuracy desc, reached_at asc (who got
    there first), then learner_id (only to make the order total). Standings equal on the
    first four share a position; competition ranking (1, 2, 2, 4).

    Accuracy compares exactly as fractions (3/4 ties 6/8).
    """
    ordered = sorted(standings, key=lambda s: (*_exact_key(s), s.learner_id))
    result: list[Ranked] = []
    for index, standing in enumerate(ordered):
        if result and _exact_key(result[-1].standing) == _exact_key(standing):
            position = result[-1].position
        else:
            position = index + 1
        result.append(Ranked(position, standing))
    return result


def _exact_key(s: Standing) -> tuple[int, int, Fraction, datetime]:
    """Sort key for the first four criteria; accuracy as an exact negated fraction."""
    accuracy = Fraction(s.correct, s.answers) if s.answers else Fraction(0)
    return (-s.current_streak, -s.total_days, -accuracy, s.reached_at)


def window_standing(
    *,
    learner_id: int,
    name: str,
    streak: Streak,
    study_days: Iterable[date],
    activity: Mapping[date, DayActivity],
    reached_at: datetime,
    window: Window,
    today: date,
) -> Standing:
    """A learner's standing in ``window``: current streak = study days of the current run
    inside the window, total = study days inside it, answers/correct = those of days inside.
    """
    bounds = window_bounds(window, today)
    days_in = {d for d in study_days if in_window(d, bounds)}
    inside = [a for d, a in activity.items() if in_window(d, bounds)]
    return Standing(
        learner_id=learner_id,
        name=name,
        current_streak=sum(1 for d in streak.run_days if in_window(d, bounds)),
        total_days=len(days_in),
        answers=sum(a.answers for a in inside),
        correct=sum(a.correct for a in inside),
        reached_at=reached_at,
    )
