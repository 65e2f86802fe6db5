"""Small helpers the delivery planner needs: which study day a push belongs to."""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo

from bot.core.timezones import local_date, next_push_at


def study_day_for_push(now: datetime, tz: tzinfo) -> date:
    """The learner's local study day at ``now`` — the key of the push queued then."""
    return local_date(now, tz)


def advance_push(push_time: time, tz: tzinfo, due_at: datetime, now: datetime) -> datetime:
    """The next push instant after a push due at ``due_at`` was handled at ``now``.

    Strictly after both, so a planner that ran late (or after a restart) skips the missed
    instants rather than queueing several pushes at once.
    """
    return next_push_at(push_time, tz, max(due_at, now))
