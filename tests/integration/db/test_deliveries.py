"""The push queue and the per-minute tick claim, including concurrent claimers."""

from __future__ import annotations

import threading
from datetime import date, timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.db.repositories import deliveries, ticks
from bot.db.session import make_session_factory, transaction
from tests.integration.db.helpers import NOW, private_chat

DAY = date(2026, 11, 24)


def test_enqueue_is_idempotent(session: Session) -> None:
    private_chat(session, 1)
    assert deliveries.enqueue(session, 1, DAY, "daily", NOW)
    assert not deliveries.enqueue(session, 1, DAY, "daily", NOW + timedelta(minutes=1))
    assert deliveries.enqueue(session, 1, DAY, "report", NOW)
    assert deliveries.count_by_status(session) == {"queued": 2}


def test_claim_lease_and_outcomes(session: Session) -> None:
    for chat_id in (1, 2, 3, 4):
        private_chat(session, chat_id)
        deliveries.enqueue(session, chat_id, DAY, "daily", NOW + timedelta(seconds=chat_id))
    assert deliveries.claim(session, "a", NOW, limit=10) == []  # none due yet
    later = NOW + timedelta(seconds=10)
    claimed = deliveries.claim(session, "a", later, limit=2, lease_seconds=30)
    assert [d.chat_id for d in claimed] == [1, 2]
    assert all(d.status == "sending" and d.attempts == 1 and d.claimed_by == "a" for d in claimed)
    assert claimed[0].lease_until == later + timedelta(seconds=30)
    assert deliveries.mark_sent(session, claimed[0].id, later, message_id=42)
    assert not deliveries.mark_sent(session, claimed[0].id, later, message_id=43)
    retry_at = later + timedelta(minutes=5)
    assert deliveries.mark_retry(session, claimed[1].id, retry_at, "Timed out" * 500)
    retried = deliveries.get_delivery(session, claimed[1].id)
    assert retried is not None and retried.status == "queued" and retried.claimed_by is None
    assert retried.last_error is not None and len(retried.last_error) == 1000
    rest = deliveries.claim(session, "b", later, limit=10)
    assert [d.chat_id for d in rest] == [3, 4]
    assert deliveries.mark_failed(session, rest[0].id, "Forbidden: bot was blocked")
    assert deliveries.mark_skipped(session, rest[1].id, "chat paused")
    again = deliveries.claim(session, "b", retry_at, limit=10)
    assert [(d.chat_id, d.attempts) for d in again] == [(2, 2)]
    sent = deliveries.get_delivery(session, claimed[0].id)
    assert sent is not None and (sent.status, sent.message_id, sent.sent_at) == ("sent", 42, later)
    assert deliveries.count_by_status(session) == {
        "sent": 1,
        "sending": 1,
        "failed": 1,
        "skipped": 1,
    }


def test_release_expired_leases(session: Session) -> None:
    private_chat(session, 1)
    deliveries.enqueue(session, 1, DAY, "daily", NOW)
    (claimed,) = deliveries.claim(session, "gone", NOW, limit=1, lease_seconds=60)
    assert deliveries.release_expired_leases(session, NOW + timedelta(seconds=59)) == 0
    assert deliveries.release_expired_leases(session, NOW + timedelta(seconds=61)) == 1
    (again,) = deliveries.claim(session, "b", NOW + timedelta(seconds=61), limit=1)
    assert again.id == claimed.id and again.attempts == 2 and again.claimed_by == "b"


def test_concurrent_claims_never_share_a_row(
    engine: Engine, factory: sessionmaker[Session]
) -> None:
    with transaction(factory) as session:
        for chat_id in range(1, 201):
            private_chat(session, chat_id)
            deliveries.enqueue(session, chat_id, DAY, "daily", NOW)
    results: dict[str, list[int]] = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def worker(name: str) -> None:
        own_factory = make_session_factory(engine)  # separate connections from the pool
        got: list[int] = []
        try:
            barrier.wait()
            while True:
                with transaction(own_factory) as session:
                    batch = deliveries.claim(session, name, NOW, limit=7)
                if not batch:
                    break
                got.extend(d.id for d in batch)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        results[name] = got

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    claimed = [delivery_id for got in results.values() for delivery_id in got]
    assert len(claimed) == 200
    assert len(set(claimed)) == 200


def test_claim_tick_once_per_minute(session: Session) -> None:
    minute = NOW.replace(second=0)
    assert ticks.claim_tick(session, minute, "a", NOW)
    assert not ticks.claim_tick(session, minute + timedelta(seconds=30), "b", NOW)
    assert ticks.claim_tick(session, minute + timedelta(minutes=1), "b", NOW)
    assert ticks.prune_ticks(session, minute + timedelta(minutes=1)) == 1


def test_concurrent_tick_claims_have_one_winner(
    engine: Engine, factory: sessionmaker[Session]
) -> None:
    winners: list[str] = []
    barrier = threading.Barrier(4)

    def worker(name: str) -> None:
        barrier.wait()
        with transaction(make_session_factory(engine)) as session:
            if ticks.claim_tick(session, NOW, name, NOW):
                winners.append(name)

    threads = [threading.Thread(target=worker, args=(f"i{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(winners) == 1
