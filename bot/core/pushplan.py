"""Small helpers the delivery planner needs: which study day a push belongs to, and the next one."""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo

from bot.core.timezones import local_date, next_push_at, push_instant_for_date, require_aware


def study_day_for_push(now: datetime, tz: tzinfo) -> date:
    """The learner's local study day at ``now`` — the key of the push queued then."""
    return local_date(now, tz)


def push_day(push_time: time, tz: tzinfo, due_at: datetime, now: datetime) -> date | None:
    """The local study day a push due at ``due_at`` and planned at ``now`` is for, or None.

    Normally the local date of ``due_at``. If that date is already over at ``now`` (the bot
    was down past local midnight), the old day's push is dropped; if today's own push time
    has passed too, today's push goes out now instead — otherwise it waits for its time.
    """
    require_aware(now, "now")
    due_day, today = local_date(due_at, tz), local_date(now, tz)
    if due_day >= today:
        return due_day
    todays = push_instant_for_date(push_time, tz, today)
    return today if todays is not None and todays <= now else None


def advance_push(push_time: time, tz: tzinfo, due_at: datetime, now: datetime) -> datetime:
    """The next push instant after a push due at ``due_at`` was handled at ``now``.

    Strictly after both, so a planner that ran late (or after a restart) skips the missed
    instants rather than queueing several pushes at once; never on the same local date as
    a push due at ``due_at`` (one push per local date).
    """
    return next_push_at(push_time, tz, max(require_aware(due_at), require_aware(now)))
