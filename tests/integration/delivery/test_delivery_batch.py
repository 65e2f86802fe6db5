"""The batched push pipeline gives what the per-chat code gave, on SQLite and PostgreSQL.

* planning: one bulk enqueue and one bulk ``next_push_at`` update per batch queue exactly the
  due chats once and move each chat's next push as ``push_day``/``advance_push`` say;
* content: ``push_contents`` of a claimed batch equals ``push_content`` (``reading_of_day``)
  delivery after delivery — rotation, stored readings, migrated groups, unsendable chats;
* outcomes: one executemany per status records each delivery's own outcome, and a batch
  whose content cannot be read goes back to the queue.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import OperationalError
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError

from bot.app import build_context, sync_content
from bot.core import timezones
from bot.core.pushplan import advance_push, push_day
from bot.db.models import Chat, DailyReading, Delivery
from bot.db.records import DeliveryRecord
from bot.db.repositories import chats, deliveries, readings
from bot.delivery import sender as sender_module
from bot.delivery.content import PushContent, push_content, push_contents
from bot.delivery.planner import BATCH, DAILY, plan_minute
from bot.delivery.sender import Outcome, Sender
from bot.sandbox.runtime import sandbox_settings
from bot.services.context import ServiceContext
from bot.services.readings import reading_of_day
from tests.support.databases import empty_database

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"
NOW = datetime(2026, 11, 24, 6, 30, tzinfo=UTC)
DAY = date(2026, 11, 24)
ZONES = (
    "Asia/Shanghai",
    "Europe/Berlin",
    "America/Los_Angeles",
    "Pacific/Kiritimati",  # UTC+14: already the 25th
    "Pacific/Pago_Pago",  # UTC-11: still the 23rd
    "Asia/Kolkata",  # +05:30
    "UTC",
)
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@dataclass
class FixedClock:
    at: datetime = NOW

    def now(self) -> datetime:
        return self.at


def _context(url: str) -> ServiceContext:
    settings = sandbox_settings("http://127.0.0.1:9/bot", url, studybot_content_dir=str(CORPUS))
    ctx = build_context(settings, clock=FixedClock())
    sync_content(ctx)
    return ctx


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def ctx(backend: str) -> Iterator[ServiceContext]:
    with empty_database(backend) as url:
        context = _context(url)
        yield context
        context.sessions.kw["bind"].dispose()


def _chat_row(chat_id: int, **values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": chat_id,
        "type": "private" if chat_id > 0 else "group",
        "title": None,
        "language": "zh",
        "timezone": "Asia/Shanghai",
        "push_minute": 480,
        "quiz_length": 3,
        "subscribed": True,
        "paused": False,
        "blocked": False,
        "next_push_at": None,
        "greeted": True,
        "created_at": NOW - timedelta(days=30),
    }
    row.update(values)
    return row


def _seed_chats(ctx: ServiceContext, rows: list[dict[str, Any]]) -> None:
    with ctx.transaction() as session:
        session.execute(insert(Chat.__table__), rows)


# --- planning -------------------------------------------------------------------------------


def test_planning_queues_each_due_chat_once_and_moves_its_next_push(ctx: ServiceContext) -> None:
    rng = random.Random(7)
    rows = []
    for chat_id in range(1, 2 * BATCH + 200):  # several batches
        rows.append(
            _chat_row(
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
    _seed_chats(ctx, rows)

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


# --- content --------------------------------------------------------------------------------

MIGRATED_GROUP, SUPERGROUP = -500, -100500


def _seed_content_world(ctx: ServiceContext) -> list[DeliveryRecord]:
    """Chats with histories, stored readings, a group that migrates after its push was
    claimed, unsendable chats; returns the claimed deliveries (claim order)."""
    excerpts, quotations = sorted(ctx.corpus.excerpts), sorted(ctx.corpus.quotations)
    rng = random.Random(11)
    rows = [_chat_row(chat_id, language=rng.choice(("zh", "en"))) for chat_id in range(1, 21)]
    rows[5]["paused"] = True  # chat 6
    rows[6]["blocked"] = True  # chat 7
    rows[7]["subscribed"] = False  # chat 8
    rows.append(_chat_row(MIGRATED_GROUP, title="学习群"))
    _seed_chats(ctx, rows)
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
        session.execute(insert(DailyReading.__table__), history)
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
        batched_ctx, per_chat_ctx = _context(url_a), _context(url_b)
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


# --- sending and outcomes -------------------------------------------------------------------


class FakeBot:
    """send_message as Telegram would answer it for a few kinds of chat."""

    def __init__(self, behaviour: dict[int, Exception]) -> None:
        self.behaviour = behaviour
        self.sent: list[tuple[int, str]] = []

    async def send_message(self, chat_id: int, text: str, **_: Any) -> SimpleNamespace:
        error = self.behaviour.get(chat_id)
        if error is not None:
            raise error
        self.sent.append((chat_id, text))
        return SimpleNamespace(message_id=1000 + len(self.sent))


OK_CHATS = (1, 2, 3)
BLOCKING, PAUSED, NOT_FOUND, FLAKY, GROUP, SUPER = 4, 5, 6, 7, -700, -100700


def _seed_sending_world(ctx: ServiceContext) -> None:
    rows = [_chat_row(chat_id) for chat_id in (*OK_CHATS, BLOCKING, NOT_FOUND, FLAKY)]
    rows.append(_chat_row(PAUSED, paused=True))
    rows.append(_chat_row(GROUP, title="群"))
    _seed_chats(ctx, rows)
    with ctx.transaction() as session:
        for row in rows:
            deliveries.enqueue(session, row["id"], DAY, DAILY, NOW)


def _by_chat(ctx: ServiceContext) -> dict[int, DeliveryRecord]:
    with ctx.transaction() as session:
        ids = session.scalars(select(Delivery.__table__.c.id)).all()
        records = [deliveries.get_delivery(session, i) for i in ids]
    return {r.chat_id: r for r in records if r is not None}


async def test_a_batch_of_mixed_outcomes_is_recorded_row_by_row(ctx: ServiceContext) -> None:
    _seed_sending_world(ctx)
    bot = FakeBot(
        {
            BLOCKING: Forbidden("Forbidden: bot was blocked by the user"),
            NOT_FOUND: BadRequest("Bad Request: chat not found"),
            FLAKY: NetworkError("connection reset"),
            GROUP: ChatMigrated(SUPER),
        }
    )
    sender = Sender(ctx, bot, "sender-a", concurrency=64)  # type: ignore[arg-type]

    assert await sender.drain_once() == 8

    rows = _by_chat(ctx)
    assert sorted(chat_id for chat_id, _ in bot.sent) == sorted((*OK_CHATS, SUPER))
    for chat_id in (*OK_CHATS, SUPER):
        row = rows[chat_id]
        assert (row.status, row.sent_at, row.attempts) == ("sent", NOW, 1)
        assert row.message_id is not None and row.message_id > 1000
    assert GROUP not in rows  # the group's delivery moved to the supergroup
    assert len({rows[c].message_id for c in (*OK_CHATS, SUPER)}) == 4
    assert (rows[BLOCKING].status, rows[BLOCKING].last_error) == (
        "skipped",
        "blocked: Forbidden: bot was blocked by the user",
    )
    assert rows[PAUSED].status == "skipped"
    assert rows[PAUSED].last_error == "chat gone, blocked or paused"
    assert (rows[NOT_FOUND].status, rows[NOT_FOUND].last_error) == (
        "failed",
        "Chat not found",  # python-telegram-bot strips "Bad Request: " and capitalises
    )
    flaky = rows[FLAKY]
    assert flaky.status == "queued" and flaky.last_error == "network: connection reset"
    assert flaky.next_attempt_at > NOW and flaky.sent_at is None
    assert all(r.claimed_by is None and r.lease_until is None for r in rows.values())
    with ctx.transaction() as session:
        blocked = {c: chats.get_chat(session, c) for c in (BLOCKING, NOT_FOUND, FLAKY, 1)}
    assert {c: r.blocked for c, r in blocked.items() if r} == {
        BLOCKING: True,
        NOT_FOUND: True,
        FLAKY: False,
        1: False,
    }


async def test_outcomes_only_change_rows_still_being_sent(ctx: ServiceContext) -> None:
    _seed_sending_world(ctx)
    with ctx.transaction() as session:
        claimed = deliveries.claim(session, "sender-a", NOW, limit=100, lease_seconds=30)
    by_chat = {d.chat_id: d for d in claimed}
    with ctx.transaction() as session:  # another instance already finished chat 3's row
        deliveries.mark_sent(session, by_chat[3].id, NOW, 77)
    later = NOW + timedelta(minutes=5)
    outcomes = [
        Outcome(by_chat[1].id, "sent", message_id=11),
        Outcome(by_chat[2].id, "sent", message_id=None),
        Outcome(by_chat[3].id, "failed", reason="too late"),
        Outcome(by_chat[BLOCKING].id, "skipped", reason="blocked"),
        Outcome(by_chat[NOT_FOUND].id, "failed", reason="x" * 5000),
        Outcome(by_chat[FLAKY].id, "retry", retry_at=later, reason="network"),
        Outcome(by_chat[PAUSED].id, "retry", retry_at=None, reason="no time"),  # → failed
    ]
    sender = Sender(ctx, None, "sender-a")  # type: ignore[arg-type]

    assert sender._record(outcomes) == len(outcomes)

    rows = _by_chat(ctx)
    assert (rows[1].status, rows[1].message_id, rows[1].sent_at) == ("sent", 11, NOW)
    assert (rows[2].status, rows[2].message_id) == ("sent", None)
    assert (rows[3].status, rows[3].message_id, rows[3].last_error) == ("sent", 77, None)
    assert (rows[BLOCKING].status, rows[BLOCKING].last_error) == ("skipped", "blocked")
    assert rows[NOT_FOUND].status == "failed"
    assert rows[NOT_FOUND].last_error == "x" * deliveries.ERROR_MAX_CHARS
    assert (rows[FLAKY].status, rows[FLAKY].next_attempt_at) == ("queued", later)
    assert (rows[PAUSED].status, rows[PAUSED].last_error) == ("failed", "no time")
    assert rows[GROUP].status == "sending"  # no outcome given: still held
    changed = [r for c, r in rows.items() if c != GROUP]
    assert all(r.claimed_by is None and r.lease_until is None for r in changed)


async def test_a_batch_whose_content_cannot_be_read_goes_back_to_the_queue(
    ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed_sending_world(ctx)

    def database_gone(*_: Any) -> Any:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(sender_module, "push_contents", database_gone)
    bot = FakeBot({})
    sender = Sender(ctx, bot, "sender-a")  # type: ignore[arg-type]

    assert await sender.drain_once() == 8

    assert bot.sent == []
    rows = _by_chat(ctx)
    assert {r.status for r in rows.values()} == {"queued"}
    assert {r.last_error for r in rows.values()} == {"error: RuntimeError"}
    assert all(r.attempts == 1 and r.next_attempt_at > NOW for r in rows.values())
    assert all(r.claimed_by is None and r.lease_until is None for r in rows.values())


async def test_a_transient_error_of_the_batch_content_is_retried(
    ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed_sending_world(ctx)
    calls = 0

    def locked_once(context: ServiceContext, batch: list[DeliveryRecord]) -> Any:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise OperationalError("BEGIN", {}, sqlite3.OperationalError("database is locked"))
        return push_contents(context, batch)

    monkeypatch.setattr(sender_module, "push_contents", locked_once)
    bot = FakeBot({})
    sender = Sender(ctx, bot, "sender-a")  # type: ignore[arg-type]

    assert await sender.drain_once() == 8

    assert calls == 2
    rows = _by_chat(ctx)
    assert rows[PAUSED].status == "skipped"
    assert {rows[c].status for c in rows if c != PAUSED} == {"sent"}
    assert len(bot.sent) == 7


def test_readings_created_in_bulk_keep_a_reading_stored_first(ctx: ServiceContext) -> None:
    """Two callers picking the same day's reading (a /today racing the push): the first
    insert wins and the bulk insert returns the reading that counts."""
    excerpts = sorted(ctx.corpus.excerpts)
    _seed_chats(ctx, [_chat_row(1), _chat_row(2)])
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
