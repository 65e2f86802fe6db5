"""Batched content: ``push_contents`` of a claimed batch equals ``push_content``
(``reading_of_day``) delivery after delivery — rotation, stored readings, migrated groups,
unsendable chats — on SQLite and PostgreSQL.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from batch_world import DAY, NOW, chat_row, context_for, seed_chats
from sqlalchemy import insert, select

from bot.db.models import DailyReading
from bot.db.records import DeliveryRecord
from bot.db.repositories import chats, deliveries, readings
from bot.db.repositories._common import table_of
from bot.delivery.content import PushContent, push_content, push_contents
from bot.delivery.planner import DAILY
from bot.services.context import ServiceContext
from bot.services.readings import reading_of_day
from tests.support.databases import empty_database

MIGRATED_GROUP, SUPERGROUP = -500, -100500


def _seed_content_world(ctx: ServiceContext) -> list[DeliveryRecord]:
    """Chats with histories, stored readings, a group that migrates after its push was
    claimed, unsendable chats; returns the claimed deliveries (claim order)."""
    excerpts, quotations = sorted(ctx.corpus.excerpts), sorted(ctx.corpus.quotations)
    rng = random.Random(11)
    rows = [chat_row(chat_id, language=rng.choice(("zh", "en"))) for chat_id in range(1, 21)]
    rows[5]["paused"] = True  # chat 6
    rows[6]["blocked"] = True  # chat 7
    rows[7]["subscribed"] = False  # chat 8
    rows.append(chat_row(MIGRATED_GROUP, title="学习群"))
    seed_chats(ctx, rows)
    history: list[dict[str, Any]] = []
    for chat_id in [*range(1, 21), MIGRATED_GROUP]:
        for back in range(1, abs(chat_id) % 7 + 1):  # 0-6 past days, some cycles complete
            history.append(
                {
                    "chat_id": chat_id,
                    "study_day": DAY - timedelta(days=back),
                    "excerpt_id": rng.choice(excerpts),
                    "quotation_id": rng.choice([*quotations, None]),
                    "created_at": NOW - timedelta(days=back),
                }
            )
    # chat 3 already has today's reading (as /today would have left it)
    history.append(
        {
            "chat_id": 3,
            "study_day": DAY,
            "excerpt_id": excerpts[-1],
            "quotation_id": quotations[0],
            "created_at": NOW,
        }
    )
    # chat 4 has tomorrow's reading but not today's: today's joins its history before it
    history.append(
        {
            "chat_id": 4,
            "study_day": DAY + timedelta(days=1),
            "excerpt_id": excerpts[0],
            "quotation_id": None,
            "created_at": NOW,
        }
    )
    with ctx.transaction() as session:
        session.execute(insert(table_of(DailyReading)), history)
        for chat_id in [*range(1, 21), MIGRATED_GROUP]:
            deliveries.enqueue(session, chat_id, DAY, DAILY, NOW)
        # some chats also have older pushes pending, claimed after today's (no reading for
        # those days yet): each choice joins the history at its own day, not at its end
        for chat_id in (5, 9, 10, 11, 12, 13):
            for back in (3, 1, 2):
                deliveries.enqueue(session, chat_id, DAY - timedelta(days=back + 10), DAILY, NOW)
        claimed = deliveries.claim(session, "test", NOW, limit=100, lease_seconds=30)
    # the group becomes a supergroup after its push was claimed
    with ctx.transaction() as session:
        chats.migrate_chat(session, MIGRATED_GROUP, SUPERGROUP, NOW)
    return claimed


def _stored_readings(ctx: ServiceContext) -> set[tuple[Any, ...]]:
    table = DailyReading.__table__
    columns = (table.c.chat_id, table.c.study_day, table.c.excerpt_id, table.c.quotation_id)
    with ctx.transaction() as session:
        return {tuple(row) for row in session.execute(select(*columns))}


def test_batched_content_equals_the_per_chat_reading(backend: str) -> None:
    with empty_database(backend) as url_a, empty_database(backend) as url_b:
        batched_ctx, per_chat_ctx = context_for(url_a), context_for(url_b)
        claimed_a = _seed_content_world(batched_ctx)
        claimed_b = _seed_content_world(per_chat_ctx)
        assert [(d.chat_id, d.study_day) for d in claimed_a] == [
            (d.chat_id, d.study_day) for d in claimed_b
        ]
        assert len(claimed_a) == 21 + 18

        batched = push_contents(batched_ctx, claimed_a)
        per_chat: dict[tuple[int, date], PushContent | None] = {
            (d.chat_id, d.study_day): push_content(per_chat_ctx, d.chat_id, d.study_day)
            for d in claimed_b
        }

        assert set(batched) == {d.id for d in claimed_a}
        for delivery in claimed_a:
            got = batched[delivery.id]
            assert got == per_chat[(delivery.chat_id, delivery.study_day)], delivery
            assert got is not None and got.reading.excerpt is not None
        assert _stored_readings(batched_ctx) == _stored_readings(per_chat_ctx)

        by_chat = {d.chat_id: batched[d.id] for d in claimed_a if d.study_day == DAY}
        moved = by_chat[MIGRATED_GROUP]
        assert moved is not None and moved.chat_id == SUPERGROUP and moved.sendable
        assert by_chat[3] is not None and by_chat[3].reading.excerpt is not None
        assert by_chat[3].reading.excerpt.id == sorted(batched_ctx.corpus.excerpts)[-1]
        assert [by_chat[i].sendable for i in (6, 7, 8)] == [False, False, False]  # type: ignore[union-attr]
        assert all(by_chat[i].sendable for i in (1, 2, 3, 4, 5))  # type: ignore[union-attr]

        # /today shows the reading the push showed
        with batched_ctx.transaction() as session:
            for content in by_chat.values():
                assert content is not None
                chat = chats.get_chat(session, content.chat_id)
                assert chat is not None
                assert reading_of_day(batched_ctx, session, chat, DAY) == content.reading
        # a second batch of the same deliveries reads the stored readings, changes nothing
        before = _stored_readings(batched_ctx)
        assert push_contents(batched_ctx, claimed_a) == batched
        assert _stored_readings(batched_ctx) == before
        for context in (batched_ctx, per_chat_ctx):
            context.sessions.kw["bind"].dispose()


def test_rotation_histories_read_in_one_query_match_the_per_chat_history(
    ctx: ServiceContext,
) -> None:
    _seed_content_world(ctx)
    ids = [*range(1, 21), SUPERGROUP, 999]
    with ctx.transaction() as session:
        for kind in ("excerpt", "quotation"):
            many = readings.rotation_histories(session, ids, kind)
            for chat_id in ids:
                one = readings.rotation_history(session, chat_id, kind)
                assert [item for _, item in many.get(chat_id, [])] == one


def test_readings_created_in_bulk_keep_a_reading_stored_first(ctx: ServiceContext) -> None:
    """Two callers picking the same day's reading (a /today racing the push): the first
    insert wins and the bulk insert returns the reading that counts."""
    excerpts = sorted(ctx.corpus.excerpts)
    seed_chats(ctx, [chat_row(1), chat_row(2)])
    with ctx.transaction() as session:
        first = readings.create_daily_reading(
            session, chat_id=1, study_day=DAY, excerpt_id=excerpts[0], quotation_id=None, now=NOW
        )
    with ctx.transaction() as session:
        got = readings.create_daily_readings(
            session,
            [(1, DAY, excerpts[1], None), (2, DAY, excerpts[2], None)],
            NOW + timedelta(seconds=1),
        )
    assert got[(1, DAY)] == first
    assert (got[(2, DAY)].excerpt_id, got[(2, DAY)].created_at) == (
        excerpts[2],
        NOW + timedelta(seconds=1),
    )
    with ctx.transaction() as session:
        assert readings.get_daily_readings(session, [(1, DAY), (2, DAY)]) == got
