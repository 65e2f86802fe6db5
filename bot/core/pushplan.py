"""Small helpers the delivery planner needs: which study day a push belongs to, and the next one."""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo

from bot.core.timezones import local_date, next_push_at, require_aware


def study_day_for_push(now: datetime, tz: tzinfo) -> date:
    """The learner's local study day at ``now`` — the key of the push queued then."""
    return local_date(now, tz)


def push_day(push_time: time, tz: tzinfo, due_at: datetime, now: datetime) -> date | None:
    """The local study day the push scheduled for ``due_at`` belongs to, or None if stale.

    The day is the local date of ``due_at`` in ``tz``. A push whose day is already over at
    ``now`` (the planner was down past local midnight) is stale: it is skipped rather than
    delivered for a day the learner has left. ``push_time`` is accepted for symmetry with
    :func:`advance_push`; the day follows from ``due_at`` alone.
    """
    del push_time
    require_aware(now, "now")
    day = local_date(due_at, tz)
    return day if local_date(now, tz) == day else None


def advance_push(push_time: time, tz: tzinfo, due_at: datetime, now: datetime) -> datetime:
    """The next push instant after a push due at ``due_at`` was handled at ``now``.

    Strictly after both, so a planner that ran late (or after a restart) skips the missed
    instants rather than queueing several pushes at once; never on the same local date as
    a push due at ``due_at`` (one push per local date).
    """
    return next_push_at(push_time, tz, max(require_aware(due_at), require_aware(now)))
