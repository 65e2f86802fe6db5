"""Streaks of study days, with freezes (补学卡) that cover single missed days."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class FreezePolicy:
    """One freeze per ``earn_every`` study days of an unbroken run; ``max_banked`` at most."""

    earn_every: int = 7
    max_banked: int = 2

    def __post_init__(self) -> None:
        if self.earn_every < 1 or self.max_banked < 0:
            raise ValueError("earn_every must be >= 1 and max_banked >= 0")


@dataclass(frozen=True, slots=True)
class Streak:
    """A learner's streak as of ``today``.

    ``current``: study days in the current run (a run ending today or, when today is not
    studied yet, earlier with the days since covered by freezes/excused days); ``longest``:
    the longest run ever; ``total``: distinct study days up to today; ``freezes``: banked
    now; ``frozen_days``: missed days covered by a freeze in the current run; ``run_days``:
    study days of the current run; ``alive_through``: the last ``today`` on which ``current``
    still stands if nothing is studied any more (None when ``current`` is 0).
    """

    current: int
    longest: int
    total: int
    freezes: int
    last_study_day: date | None
    frozen_days: tuple[date, ...] = field(default=())
    run_days: tuple[date, ...] = field(default=())
    alive_through: date | None = None


def _alive_through(start: date, freezes: int, excused: frozenset[date]) -> date:
    """First date from ``start`` on which one more miss would break the run (it is not a miss
    itself, being "today"): excused days are skipped, each other day spends a freeze."""
    day = start
    while True:
        if day in excused:
            day += _DAY
        elif freezes > 0:
            freezes -= 1
            day += _DAY
        else:
            return day


def compute_streak(
    study_days: Iterable[date],
    today: date,
    excused: Iterable[date] = (),
    policy: FreezePolicy = FreezePolicy(),
) -> Streak:
    """Recompute the streak from the full history of study days (duplicates and days after
    ``today`` ignored).

    Walking day by day from the first study day: a study day extends the run and, every
    ``policy.earn_every`` study days within an unbroken run, earns a freeze (capped at
    ``policy.max_banked``; frozen days do not reset the count). A missed day — not studied,
    not excused, strictly before ``today`` — spends one banked freeze if any, else breaks the
    run. Frozen days keep the run alive but add nothing to ``current``/``total``. Excused days
    (a zone change cut them short or skipped them, or the zone itself skipped them) are
    neutral. Today not yet studied is not a miss. Freezes are spent day by day, as the bot
    would spend them live without knowing whether the learner comes back: a gap longer than
    the banked freezes uses them all up and still breaks the run (so a break leaves none
    banked), and the earning count restarts with the next run.
    """
    studied = frozenset(d for d in study_days if d <= today)
    excused_set = frozenset(excused) - studied
    if not studied:
        return Streak(0, 0, 0, 0, None)
    run: list[date] = []
    frozen: list[date] = []
    longest = freezes = since_earned = 0
    day = min(studied)
    while day <= today:
        if day in studied:
            run.append(day)
            longest = max(longest, len(run))
            since_earned += 1
            if since_earned == policy.earn_every:
                since_earned = 0
                freezes = min(freezes + 1, policy.max_banked)
        elif day in excused_set or day == today:
            pass
        elif freezes > 0 and run:
            freezes -= 1
            frozen.append(day)
        else:
            run, frozen, since_earned = [], [], 0
        day += _DAY
    last = max(studied)
    alive = None
    if run:
        alive = _alive_through(today + _DAY if today in studied else today, freezes, excused_set)
    return Streak(
        current=len(run),
        longest=longest,
        total=len(studied),
        freezes=freezes,
        last_study_day=last,
        frozen_days=tuple(frozen),
        run_days=tuple(run),
        alive_through=alive,
    )
