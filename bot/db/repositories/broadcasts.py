"""Administrator broadcasts (a cursor over the audience, claimed under a lease) and the counts
behind /stats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from bot.db.models import Broadcast, Chat, Delivery, Learner, QuizAnswer
from bot.db.repositories._common import affected, to_record


@dataclass(frozen=True, slots=True)
class BroadcastRecord:
    id: int
    text: str
    created_by: int | None
    status: str
    created_at: datetime
    confirmed_at: datetime | None
    finished_at: datetime | None
    cursor: int | None
    sent: int
    failed: int
    claimed_by: str | None
    lease_until: datetime | None


@dataclass(frozen=True, slots=True)
class BotCounts:
    learners: int
    groups: int
    private_chats: int
    subscribed_chats: int  # subscribed, not paused, not blocked
    blocked_chats: int
    pushes_today: dict[str, int]  # status → count, for the study day ``today``
    answers_today: int


def create(session: Session, text: str, created_by: int | None, now: datetime) -> BroadcastRecord:
    row = Broadcast(
        text=text, created_by=created_by, status="pending", created_at=now, sent=0, failed=0
    )
    session.add(row)
    session.flush()
    return to_record(BroadcastRecord, row)


def get(session: Session, broadcast_id: int) -> BroadcastRecord | None:
    row = session.get(Broadcast, broadcast_id, populate_existing=True)
    return to_record(BroadcastRecord, row) if row is not None else None


def confirm(session: Session, broadcast_id: int, now: datetime) -> bool:
    """pending → sending; False when it was confirmed or cancelled already (a replayed button)."""
    statement = (
        update(Broadcast)
        .where(Broadcast.id == broadcast_id, Broadcast.status == "pending")
        .values(status="sending", confirmed_at=now)
    )
    return affected(session, statement, synchronize_session=False) == 1


def cancel(session: Session, broadcast_id: int, now: datetime) -> bool:
    statement = (
        update(Broadcast)
        .where(Broadcast.id == broadcast_id, Broadcast.status == "pending")
        .values(status="cancelled", finished_at=now)
    )
    return affected(session, statement, synchronize_session=False) == 1


def claim(
    session: Session, instance: str, now: datetime, lease: timedelta
) -> BroadcastRecord | None:
    """The oldest broadcast being sent whose lease is free (or already ours), leased to us."""
    free = or_(
        Broadcast.lease_until.is_(None),
        Broadcast.lease_until < now,
        Broadcast.claimed_by == instance,
    )
    candidates = session.scalars(
        select(Broadcast.id).where(Broadcast.status == "sending", free).order_by(Broadcast.id)
    ).all()
    for broadcast_id in candidates:
        statement = (
            update(Broadcast)
            .where(Broadcast.id == broadcast_id, Broadcast.status == "sending", free)
            .values(claimed_by=instance, lease_until=now + lease)
        )
        if affected(session, statement, synchronize_session=False) == 1:
            return get(session, broadcast_id)
    return None


def next_audience(session: Session, broadcast: BroadcastRecord, limit: int) -> list[int]:
    """The next chat ids after the cursor: subscribed, unblocked, not migrated, and existing
    when the broadcast was confirmed (a chat created later is not part of it)."""
    conditions = [
        Chat.subscribed,
        ~Chat.blocked,
        Chat.migrated_to_chat_id.is_(None),
    ]
    if broadcast.confirmed_at is not None:
        conditions.append(Chat.created_at <= broadcast.confirmed_at)
    if broadcast.cursor is not None:
        conditions.append(Chat.id > broadcast.cursor)
    statement = select(Chat.id).where(and_(*conditions)).order_by(Chat.id).limit(limit)
    return list(session.scalars(statement))


def advance(session: Session, broadcast_id: int, instance: str, chat_id: int, ok: bool) -> bool:
    """Moves the cursor past ``chat_id``; False if the lease was lost or the chat done already."""
    statement = (
        update(Broadcast)
        .where(
            Broadcast.id == broadcast_id,
            Broadcast.status == "sending",
            Broadcast.claimed_by == instance,
            or_(Broadcast.cursor.is_(None), Broadcast.cursor < chat_id),
        )
        .values(
            cursor=chat_id,
            sent=Broadcast.sent + (1 if ok else 0),
            failed=Broadcast.failed + (0 if ok else 1),
        )
    )
    return affected(session, statement, synchronize_session=False) == 1


def finish(session: Session, broadcast_id: int, instance: str, now: datetime) -> bool:
    statement = (
        update(Broadcast)
        .where(
            Broadcast.id == broadcast_id,
            Broadcast.status == "sending",
            Broadcast.claimed_by == instance,
        )
        .values(status="done", finished_at=now, claimed_by=None, lease_until=None)
    )
    return affected(session, statement, synchronize_session=False) == 1


def release(session: Session, broadcast_id: int, instance: str) -> None:
    statement = (
        update(Broadcast)
        .where(Broadcast.id == broadcast_id, Broadcast.claimed_by == instance)
        .values(claimed_by=None, lease_until=None)
    )
    affected(session, statement, synchronize_session=False)


def counts(session: Session, today: date) -> BotCounts:
    def scalar(statement: object) -> int:
        return int(session.scalar(statement) or 0)  # type: ignore[call-overload]

    count = func.count()
    pushes = session.execute(
        select(Delivery.status, count).where(Delivery.study_day == today).group_by(Delivery.status)
    ).all()
    return BotCounts(
        learners=scalar(select(count).select_from(Learner)),
        groups=scalar(select(count).select_from(Chat).where(Chat.type != "private")),
        private_chats=scalar(select(count).select_from(Chat).where(Chat.type == "private")),
        subscribed_chats=scalar(
            select(count).select_from(Chat).where(Chat.subscribed, ~Chat.paused, ~Chat.blocked)
        ),
        blocked_chats=scalar(select(count).select_from(Chat).where(Chat.blocked)),
        pushes_today={str(status): int(n) for status, n in pushes},
        answers_today=scalar(
            select(count).select_from(QuizAnswer).where(QuizAnswer.study_day == today)
        ),
    )
