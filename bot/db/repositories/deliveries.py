"""The push queue: idempotent enqueue, leased claims, and the outcome of each attempt.

A claim selects the oldest due rows and marks them in the same transaction. On PostgreSQL the
SELECT takes row locks with ``FOR UPDATE SKIP LOCKED``, so concurrent senders take different
rows. (Not ``UPDATE … WHERE id IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)``: PostgreSQL may
rescan that subquery per row and then skips the rows the statement itself just updated,
claiming more than ``n``.) SQLite transactions start with ``BEGIN IMMEDIATE``, so writers run
one at a time and the two statements are atomic there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from bot.db.models import Delivery
from bot.db.records import DeliveryRecord
from bot.db.repositories._common import affected, inserted, table_of, to_record, upsert_insert

ERROR_MAX_CHARS = 1000


def enqueue(session: Session, chat_id: int, study_day: date, kind: str, now: datetime) -> bool:
    """Queue one delivery; False (and nothing changes) if it was queued before."""
    statement = upsert_insert(session, Delivery).values(
        chat_id=chat_id,
        study_day=study_day,
        kind=kind,
        status="queued",
        attempts=0,
        next_attempt_at=now,
    )
    statement = statement.on_conflict_do_nothing(index_elements=["chat_id", "study_day", "kind"])
    return inserted(session, statement, table_of(Delivery).c.id)


def enqueue_many(
    session: Session, items: Sequence[tuple[int, date]], kind: str, now: datetime
) -> int:
    """Queue one delivery per (chat id, study day) in one statement (an executemany INSERT …
    ON CONFLICT DO NOTHING, batched into multi-row VALUES); returns how many were new.

    Counted by RETURNING: rows that were queued before return nothing.
    """
    if not items:
        return 0
    table = table_of(Delivery)
    statement = upsert_insert(session, Delivery).values(
        chat_id=bindparam("chat_id"),
        study_day=bindparam("study_day"),
        kind=kind,
        status="queued",
        attempts=0,
        next_attempt_at=now,
    )
    statement = statement.on_conflict_do_nothing(
        index_elements=["chat_id", "study_day", "kind"]
    ).returning(table.c.id)
    rows = [{"chat_id": chat_id, "study_day": day} for chat_id, day in items]
    return len(session.execute(statement, rows).all())


def claim(
    session: Session, instance: str, now: datetime, limit: int = 30, lease_seconds: int = 60
) -> list[DeliveryRecord]:
    """Take up to ``limit`` due queued rows for ``instance`` until the lease runs out."""
    table = table_of(Delivery)
    due = (
        select(table.c.id)
        .where(table.c.status == "queued", table.c.next_attempt_at <= now)
        .order_by(table.c.next_attempt_at, table.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    ids = list(session.scalars(due))
    if not ids:
        return []
    statement = (
        update(table)
        .where(table.c.id.in_(ids), table.c.status == "queued")
        .values(
            status="sending",
            claimed_by=instance,
            lease_until=now + timedelta(seconds=lease_seconds),
            attempts=table.c.attempts + 1,
        )
        .returning(*table.c)
    )
    rows = session.execute(statement).all()
    return sorted((to_record(DeliveryRecord, row) for row in rows), key=_claim_order)


def get_delivery(session: Session, delivery_id: int) -> DeliveryRecord | None:
    row = session.execute(select(table_of(Delivery)).where(Delivery.id == delivery_id)).first()
    return to_record(DeliveryRecord, row) if row is not None else None


def mark_sent(session: Session, delivery_id: int, now: datetime, message_id: int | None) -> bool:
    return _finish(session, delivery_id, status="sent", sent_at=now, message_id=message_id)


def mark_retry(session: Session, delivery_id: int, next_attempt_at: datetime, error: str) -> bool:
    """Back to the queue, to be tried again at ``next_attempt_at``."""
    return _finish(
        session,
        delivery_id,
        status="queued",
        next_attempt_at=next_attempt_at,
        last_error=error[:ERROR_MAX_CHARS],
    )


def mark_failed(session: Session, delivery_id: int, error: str) -> bool:
    return _finish(session, delivery_id, status="failed", last_error=error[:ERROR_MAX_CHARS])


def mark_skipped(session: Session, delivery_id: int, reason: str) -> bool:
    return _finish(session, delivery_id, status="skipped", last_error=reason[:ERROR_MAX_CHARS])


def mark_sent_many(session: Session, sent: Sequence[tuple[int, int | None]], now: datetime) -> None:
    """``mark_sent`` for each (delivery id, message id), in one executemany UPDATE."""
    rows = [{"b_id": delivery_id, "b_message_id": message_id} for delivery_id, message_id in sent]
    _finish_many(session, rows, status="sent", sent_at=now, message_id=bindparam("b_message_id"))


def mark_retry_many(session: Session, retries: Sequence[tuple[int, datetime, str]]) -> None:
    """``mark_retry`` for each (delivery id, next attempt at, error), in one UPDATE."""
    rows = [
        {"b_id": delivery_id, "b_at": at, "b_error": error[:ERROR_MAX_CHARS]}
        for delivery_id, at, error in retries
    ]
    _finish_many(
        session,
        rows,
        status="queued",
        next_attempt_at=bindparam("b_at"),
        last_error=bindparam("b_error"),
    )


def mark_failed_many(session: Session, failures: Sequence[tuple[int, str]]) -> None:
    """``mark_failed`` for each (delivery id, error), in one executemany UPDATE."""
    _finish_many(session, _with_error(failures), status="failed", last_error=bindparam("b_error"))


def mark_skipped_many(session: Session, skips: Sequence[tuple[int, str]]) -> None:
    """``mark_skipped`` for each (delivery id, reason), in one executemany UPDATE."""
    _finish_many(session, _with_error(skips), status="skipped", last_error=bindparam("b_error"))


def release_expired_leases(session: Session, now: datetime) -> int:
    """Rows whose sender vanished mid-send go back to the queue; returns how many."""
    table = table_of(Delivery)
    changed = affected(
        session,
        update(table)
        .where(table.c.status == "sending", table.c.lease_until < now)
        .values(status="queued", claimed_by=None, lease_until=None, next_attempt_at=now),
    )
    return changed


def pending_count(session: Session, now: datetime) -> int:
    """Deliveries being sent, or queued and due: what a drained queue has none of."""
    table = Delivery.__table__
    statement = select(func.count()).where(
        (table.c.status == "sending")
        | ((table.c.status == "queued") & (table.c.next_attempt_at <= now))
    )
    return int(session.execute(statement).scalar_one())


def count_by_status(session: Session) -> dict[str, int]:
    table = table_of(Delivery)
    statement = select(table.c.status, func.count()).group_by(table.c.status)
    return {status: int(count) for status, count in session.execute(statement)}


def _finish(session: Session, delivery_id: int, **values: object) -> bool:
    """Record an attempt's outcome; only a row being sent can change (False otherwise)."""
    table = table_of(Delivery)
    changed = affected(
        session,
        update(table)
        .where(table.c.id == delivery_id, table.c.status == "sending")
        .values(claimed_by=None, lease_until=None, **values),
    )
    return changed > 0


def _finish_many(session: Session, rows: Sequence[Mapping[str, object]], **values: object) -> None:
    """``_finish`` for many rows at once: ``rows`` give ``b_id`` and the bound ``values``."""
    if not rows:
        return
    table = table_of(Delivery)
    statement = (
        update(table)
        .where(table.c.id == bindparam("b_id"), table.c.status == "sending")
        .values(claimed_by=None, lease_until=None, **values)
    )
    session.execute(statement, rows)


def _with_error(items: Sequence[tuple[int, str]]) -> list[dict[str, object]]:
    return [
        {"b_id": delivery_id, "b_error": error[:ERROR_MAX_CHARS]} for delivery_id, error in items
    ]


def _claim_order(record: DeliveryRecord) -> tuple[datetime, int]:
    return (record.next_attempt_at, record.id)
