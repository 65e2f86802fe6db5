"""Batched outcomes: one executemany per status records each delivery's own outcome, and a
batch whose content cannot be read goes back to the queue.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from batch_world import DAY, NOW, chat_row, seed_chats
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError

from bot.db.models import Delivery
from bot.db.records import DeliveryRecord
from bot.db.repositories import chats, deliveries
from bot.delivery import sender as sender_module
from bot.delivery.content import push_contents
from bot.delivery.planner import DAILY
from bot.delivery.sender import Outcome, Sender
from bot.services.context import ServiceContext


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
    rows = [chat_row(chat_id) for chat_id in (*OK_CHATS, BLOCKING, NOT_FOUND, FLAKY)]
    rows.append(chat_row(PAUSED, paused=True))
    rows.append(chat_row(GROUP, title="群"))
    seed_chats(ctx, rows)
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
