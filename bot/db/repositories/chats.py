"""Chats: the push targets and their settings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, delete, exists, select, update
from sqlalchemy.orm import Session, aliased

from bot.db.errors import RecordNotFound
from bot.db.models import (
    Chat,
    DailyReading,
    Delivery,
    GroupMember,
    QuizAnswer,
    QuizPoll,
    QuizSession,
    Reflection,
    StudydayRun,
    StudydaySchedule,
    chat_is_active,
)
from bot.db.models.chats import DEFAULT_PUSH_MINUTE
from bot.db.records import ChatRecord
from bot.db.repositories._common import (
    affected,
    checked_changes,
    insert_if_absent,
    row_by_id,
    table_of,
    to_record,
)

SETTINGS = (
    "title",
    "language",
    "timezone",
    "push_minute",
    "quiz_length",
    "subscribed",
    "paused",
    "blocked",
    "next_push_at",
    "greeted",
)
UPDATABLE = (*SETTINGS, "type", "migrated_to_chat_id")

# Tables holding a chat id, with the columns that are unique together with it.
CHAT_REFERENCES: tuple[tuple[Any, tuple[str, ...] | None], ...] = (
    (GroupMember, ("learner_id",)),
    (DailyReading, ("study_day",)),
    (Delivery, ("study_day", "kind")),
    (QuizSession, None),
    (QuizPoll, None),
    (QuizAnswer, None),
    (Reflection, None),
    (StudydaySchedule, None),
    (StudydayRun, None),
)


def upsert_chat(
    session: Session,
    *,
    chat_id: int,
    type: str,
    title: str | None,
    now: datetime,
    language: str = "zh",
    timezone: str = "Asia/Shanghai",
    push_minute: int = DEFAULT_PUSH_MINUTE,
    quiz_length: int = 3,
    next_push_at: datetime | None = None,
) -> ChatRecord:
    """Create the chat with these settings, or refresh its type and title; settings are kept."""
    created = create_chat_if_absent(
        session,
        chat_id=chat_id,
        type=type,
        title=title,
        now=now,
        language=language,
        timezone=timezone,
        push_minute=push_minute,
        quiz_length=quiz_length,
        next_push_at=next_push_at,
    )
    return created or update_chat(session, chat_id, type=type, title=title)


def create_chat_if_absent(
    session: Session,
    *,
    chat_id: int,
    type: str,
    title: str | None,
    now: datetime,
    language: str,
    timezone: str,
    push_minute: int,
    quiz_length: int,
    next_push_at: datetime | None,
) -> ChatRecord | None:
    """Create the chat with these settings; None (and nothing changes) if it exists.

    One statement: creating a learner's chat is on the hot path of every first /start."""
    values = {
        "id": chat_id,
        "type": type,
        "title": title,
        "language": language,
        "timezone": timezone,
        "push_minute": push_minute,
        "quiz_length": quiz_length,
        "subscribed": True,
        "paused": False,
        "blocked": False,
        "next_push_at": next_push_at,
        "migrated_to_chat_id": None,
        "greeted": False,
        "created_at": now,
    }
    row = insert_if_absent(session, Chat, values)
    return to_record(ChatRecord, row) if row is not None else None


def get_chat(session: Session, chat_id: int) -> ChatRecord | None:
    row = row_by_id(session, Chat, chat_id)
    return to_record(ChatRecord, row) if row is not None else None


def get_chats(session: Session, chat_ids: Iterable[int]) -> dict[int, ChatRecord]:
    """The known chats among ``chat_ids`` (one query), by id; unknown ids are left out."""
    ids = sorted(set(chat_ids))
    if not ids:
        return {}
    table = table_of(Chat)  # plain rows, as in due_chats
    statement = select(table).where(table.c.id.in_(ids))
    return {row.id: to_record(ChatRecord, row) for row in session.execute(statement)}


def update_chat(session: Session, chat_id: int, **changes: Any) -> ChatRecord:
    """Change settings (any of ``UPDATABLE``); raises RecordNotFound for an unknown chat."""
    values = checked_changes(changes, UPDATABLE)
    if values:
        changed = affected(session, update(Chat).where(Chat.id == chat_id).values(**values))
        if changed == 0:
            raise RecordNotFound(f"chat {chat_id}")
    return _require(session, chat_id)


def mark_chat_blocked(session: Session, chat_id: int, blocked: bool = True) -> bool:
    """The bot was blocked or removed (or unblocked); False if the chat is unknown."""
    changed = affected(session, update(Chat).where(Chat.id == chat_id).values(blocked=blocked))
    return changed > 0


def set_next_push_at(session: Session, chat_id: int, at: datetime | None) -> None:
    session.execute(update(Chat).where(Chat.id == chat_id).values(next_push_at=at))


def set_next_push_at_many(session: Session, moves: Sequence[tuple[int, datetime | None]]) -> None:
    """``set_next_push_at`` for each (chat id, instant), in one executemany UPDATE."""
    if not moves:
        return
    table = table_of(Chat)
    statement = (
        update(table).where(table.c.id == bindparam("b_id")).values(next_push_at=bindparam("b_at"))
    )
    session.execute(statement, [{"b_id": chat_id, "b_at": at} for chat_id, at in moves])


def due_chats(session: Session, now: datetime, limit: int = 500) -> list[ChatRecord]:
    """Active chats whose next push instant has come, earliest first."""
    statement = (
        select(table_of(Chat))  # plain rows: a batch of ORM objects would cost more than the query
        .where(chat_is_active(), Chat.next_push_at <= now)
        .order_by(Chat.next_push_at, Chat.id)
        .limit(limit)
    )
    return [to_record(ChatRecord, row) for row in session.execute(statement)]


def migrate_chat(session: Session, old_id: int, new_id: int, now: datetime) -> dict[str, int]:
    """A group became a supergroup: move every row of ``old_id`` to ``new_id``.

    The new chat takes the old one's settings; where the new chat already has a row with the
    same unique key (it was seen first), the new chat's row wins. The old chat stays, marked
    ``migrated_to_chat_id`` and unsubscribed. Returns rows moved per table.
    """
    old = _require(session, old_id)
    _adopt_settings(session, old, new_id, now)
    moved = {
        model.__tablename__: _move_rows(session, model, unique, old_id, new_id)
        for model, unique in CHAT_REFERENCES
    }
    session.execute(
        update(Chat)
        .where(Chat.id == old_id)
        .values(migrated_to_chat_id=new_id, subscribed=False, next_push_at=None)
    )
    return moved


def _adopt_settings(session: Session, old: ChatRecord, new_id: int, now: datetime) -> None:
    upsert_chat(session, chat_id=new_id, type="supergroup", title=old.title, now=now)
    settings = {name: getattr(old, name) for name in SETTINGS}
    settings["blocked"] = False
    session.execute(update(Chat).where(Chat.id == new_id).values(**settings))


def _move_rows(
    session: Session, model: Any, unique: tuple[str, ...] | None, old_id: int, new_id: int
) -> int:
    if unique:
        taken = aliased(model)
        clash = exists().where(
            taken.chat_id == new_id,
            and_(*(getattr(taken, c) == getattr(model, c) for c in unique)),
        )
        affected(
            session,
            delete(model).where(model.chat_id == old_id, clash),
            synchronize_session=False,
        )
    return affected(
        session,
        update(model).where(model.chat_id == old_id).values(chat_id=new_id),
        synchronize_session=False,
    )


def _require(session: Session, chat_id: int) -> ChatRecord:
    record = get_chat(session, chat_id)
    if record is None:
        raise RecordNotFound(f"chat {chat_id}")
    return record
