"""Small helpers the delivery planner needs: which study day a push belongs to."""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo

from bot.core.timezones import local_date, next_push_at, push_instant_for_date


def study_day_for_push(now: datetime, tz: tzinfo) -> date:
    """The learner's local study day at ``now`` — the key of the push queued then."""
    return local_date(now, tz)


def advance_push(push_time: time, tz: tzinfo, due_at: datetime, now: datetime) -> datetime:
    """The next push instant after a push due at ``due_at`` was handled at ``now``.

    Strictly after both, so a planner that ran late (or after a restart) skips the missed
    instants rather than queueing several pushes at once.
    """
    return next_push_at(push_time, tz, max(due_at, now))


def push_day(push_time: time, tz: tzinfo, due_at: datetime, now: datetime) -> date | None:
    """The study day a push due at ``due_at`` and planned at ``now`` is for, or None if stale.

    A push belongs to the local date it was due on. When that date is already over (the bot
    was down past midnight), the old day's push is dropped; if today's own push time has
    passed as well, today's push goes out now instead, otherwise it waits for its time.
    """
    due_day, today = local_date(due_at, tz), local_date(now, tz)
    if due_day >= today:
        return due_day
    todays = push_instant_for_date(push_time, tz, today)
    return today if todays is not None and todays <= now else None
