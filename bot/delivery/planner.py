"""Once a minute: claim the minute, queue the pushes that are due, move each chat's next push.

Queueing and moving `next_push_at` happen in one transaction per batch (one statement each for
the whole batch), and a delivery's key is (chat, study day, kind): a crash or a second instance
can neither lose a push nor queue it twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.core import timezones
from bot.core.pushplan import advance_push, push_day
from bot.db.models import SchedulerTick
from bot.db.repositories import chats, deliveries, ticks
from bot.db.session import run_with_retry
from bot.services.context import ServiceContext

DAILY = "daily"
BATCH = 500


@dataclass(frozen=True, slots=True)
class PlanResult:
    ran: bool  # False: another instance already planned this minute
    queued: int = 0
    skipped_stale: int = 0


def plan_minute(ctx: ServiceContext, instance: str) -> PlanResult:
    """Each step is retried while the database is briefly away (``run_with_retry``). Planning
    is idempotent (the delivery key, ``next_push_at`` moved in the same transaction), so the
    minute's claim only saves work: a process of the same instance name that died mid-plan
    is finished by its restart in the same minute, and anything left is due next minute."""
    now = ctx.clock.now()
    minute = now.replace(second=0, microsecond=0)
    if not run_with_retry(_claim_minute, ctx, minute, instance, now, what="planner: claim"):
        return PlanResult(ran=False)
    queued = stale = 0
    while True:
        batch_queued, batch_stale, seen = run_with_retry(_plan_batch, ctx, now, what="planner")
        queued, stale = queued + batch_queued, stale + batch_stale
        if seen < BATCH:
            return PlanResult(ran=True, queued=queued, skipped_stale=stale)


def _claim_minute(ctx: ServiceContext, minute: datetime, instance: str, now: datetime) -> bool:
    with ctx.transaction() as session:
        if ticks.claim_tick(session, minute, instance, now):
            return True
        holder = session.scalar(
            select(SchedulerTick.instance).where(SchedulerTick.minute == minute)
        )
        return holder == instance


def _plan_batch(ctx: ServiceContext, now: datetime) -> tuple[int, int, int]:
    """One batch in one transaction: read the due chats, compute each one's push day and next
    push (pure), then queue the pushes in one statement and move every ``next_push_at`` in
    another."""
    stale = 0
    to_queue: list[tuple[int, date]] = []
    moves: list[tuple[int, datetime | None]] = []
    zones: dict[str, ZoneInfo] = {}
    with ctx.transaction() as session:
        due = chats.due_chats(session, now, limit=BATCH)
        for chat in due:
            tz = zones.get(chat.timezone) or zones.setdefault(
                chat.timezone, timezones.parse_timezone(chat.timezone)
            )
            push_time = time(chat.push_minute // 60, chat.push_minute % 60)
            due_at = chat.next_push_at or now
            day = push_day(push_time, tz, due_at, now)
            if day is None:
                stale += 1
            else:
                to_queue.append((chat.id, day))
            moves.append((chat.id, advance_push(push_time, tz, due_at, now)))
        queued = deliveries.enqueue_many(session, to_queue, DAILY, now)
        chats.set_next_push_at_many(session, moves)
    return queued, stale, len(due)
