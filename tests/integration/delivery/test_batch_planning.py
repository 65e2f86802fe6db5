"""Batched planning: one bulk enqueue and one bulk ``next_push_at`` update per batch queue
exactly the due chats once and move each chat's next push as ``push_day``/``advance_push`` say.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from batch_world import NOW, ZONES, chat_row, seed_chats
from sqlalchemy import select

from bot.core import timezones
from bot.core.pushplan import advance_push, push_day
from bot.db.models import Chat, Delivery
from bot.db.repositories import deliveries
from bot.delivery.planner import BATCH, DAILY, plan_minute
from bot.services.context import ServiceContext


def test_planning_queues_each_due_chat_once_and_moves_its_next_push(ctx: ServiceContext) -> None:
    rng = random.Random(7)
    rows = []
    for chat_id in range(1, 2 * BATCH + 200):  # several batches
        rows.append(
            chat_row(
                chat_id,
                timezone=rng.choice(ZONES),
                push_minute=rng.randrange(0, 24 * 60, 5),
                # from three days overdue (stale: the day is over) to two hours ahead
                next_push_at=NOW + timedelta(minutes=rng.randint(-3 * 24 * 60, 120)),
                paused=rng.random() < 0.05,
                blocked=rng.random() < 0.05,
                subscribed=rng.random() > 0.05,
            )
        )
    seed_chats(ctx, rows)

    expected_days: dict[int, date] = {}
    expected_next: dict[int, datetime | None] = {}
    stale = 0
    for row in rows:
        active = row["subscribed"] and not row["paused"] and not row["blocked"]
        if not active or row["next_push_at"] > NOW:
            expected_next[row["id"]] = row["next_push_at"]
            continue
        tz = timezones.parse_timezone(row["timezone"])
        push_time = time(row["push_minute"] // 60, row["push_minute"] % 60)
        day = push_day(push_time, tz, row["next_push_at"], NOW)
        if day is None:
            stale += 1
        else:
            expected_days[row["id"]] = day
        expected_next[row["id"]] = advance_push(push_time, tz, row["next_push_at"], NOW)
    assert len(expected_days) > BATCH and stale > 0  # the data exercises what it should

    # one push was queued before (a planner that died after queueing it): not counted again
    already_id, already_day = next(iter(expected_days.items()))
    with ctx.transaction() as session:
        assert deliveries.enqueue(session, already_id, already_day, DAILY, NOW)

    result = plan_minute(ctx, "planner-a")

    assert result.ran
    assert result.queued == len(expected_days) - 1
    assert result.skipped_stale == stale
    with ctx.transaction() as session:
        table = Delivery.__table__
        queued = session.execute(select(table.c.chat_id, table.c.study_day, table.c.kind)).all()
        moved = dict(
            session.execute(select(Chat.__table__.c.id, Chat.__table__.c.next_push_at)).all()
        )
    assert len(queued) == len(expected_days)
    assert {(chat_id, day) for chat_id, day, _ in queued} == set(expected_days.items())
    assert {kind for _, _, kind in queued} == {DAILY}
    assert moved == expected_next

    # planning again (same minute, or a second instance next minute) queues nothing more
    assert plan_minute(ctx, "planner-a").queued == 0
    ctx.clock.at = NOW + timedelta(minutes=1)  # type: ignore[attr-defined]
    again = plan_minute(ctx, "planner-b")
    assert again.ran and again.queued == 0
