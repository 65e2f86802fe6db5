"""Learners, and erasing everything a learner left behind."""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, delete, select, update
from sqlalchemy.orm import Session

from bot.db.errors import RecordNotFound
from bot.db.models import (
    Chat,
    DailyReading,
    Delivery,
    ExcusedDay,
    GroupMember,
    Learner,
    QuizAnswer,
    QuizPoll,
    QuizSession,
    Reflection,
    ReviewCard,
    Streak,
    StudyDay,
    StudydaySchedule,
)
from bot.db.records import ChatRecord, LearnerRecord
from bot.db.repositories._common import (
    affected,
    checked_changes,
    record_of,
    row_by_id,
    table_of,
    to_record,
    upsert_returning,
)

UPDATABLE = (
    "display_name",
    "username",
    "language",
    "timezone",
    "leaderboard_opt_in",
    "leaderboard_name",
)

# Every table with rows owned by a learner, children first.
LEARNER_TABLES: tuple[Any, ...] = (
    QuizAnswer,
    QuizSession,
    StudyDay,
    Streak,
    ExcusedDay,
    ReviewCard,
    Reflection,
    GroupMember,
)
# Rows of the learner's private chat (its id is the learner's id).
PRIVATE_CHAT_TABLES: tuple[Any, ...] = (QuizPoll, Delivery, DailyReading)


def upsert_learner(
    session: Session,
    *,
    learner_id: int,
    display_name: str,
    now: datetime,
    username: str | None = None,
    language: str = "zh",
    timezone: str = "Asia/Shanghai",
) -> LearnerRecord:
    """Create the learner, or refresh the name and username Telegram reports; settings stay."""
    values = {
        "id": learner_id,
        "display_name": display_name,
        "username": username,
        "language": language,
        "timezone": timezone,
        "leaderboard_opt_in": False,
        "leaderboard_name": None,
        "created_at": now,
    }
    row = upsert_returning(session, Learner, values, refreshed=("display_name", "username"))
    return to_record(LearnerRecord, row)


def get_learner(session: Session, learner_id: int) -> LearnerRecord | None:
    row = row_by_id(session, Learner, learner_id)
    return to_record(LearnerRecord, row) if row is not None else None


def get_learner_with_chat(
    session: Session, learner_id: int
) -> tuple[LearnerRecord | None, ChatRecord | None]:
    """The learner and their private chat in one statement (every update asks for both).

    (None, None) for an unknown learner, whether or not a chat with that id exists."""
    row = session.execute(_learner_with_chat(), {"id": learner_id}).first()
    if row is None:
        return None, None
    split = len(table_of(Learner).c)
    learner = record_of(LearnerRecord, table_of(Learner), row[:split])
    if row[split] is None:  # the chat's id: no private chat
        return learner, None
    return learner, record_of(ChatRecord, table_of(Chat), row[split:])


@functools.cache
def _learner_with_chat() -> Select[Any]:
    learner, chat = table_of(Learner), table_of(Chat)
    return (
        select(learner, chat)
        .select_from(learner.outerjoin(chat, chat.c.id == learner.c.id))
        .where(learner.c.id == bindparam("id"))
    )


def update_learner(session: Session, learner_id: int, **changes: Any) -> LearnerRecord:
    """Change settings (any of ``UPDATABLE``); raises RecordNotFound for an unknown learner."""
    values = checked_changes(changes, UPDATABLE)
    if values:
        changed = affected(
            session, update(Learner).where(Learner.id == learner_id).values(**values)
        )
        if changed == 0:
            raise RecordNotFound(f"learner {learner_id}")
    return _require(session, learner_id)


def erase_learner(session: Session, learner_id: int) -> dict[str, int]:
    """Delete every record of the learner in every table, and their private chat.

    Explicit deletes (not only ON DELETE CASCADE) so that the count per table is exact and the
    erasure does not depend on SQLite's foreign-key pragma. Returns rows deleted per table.
    """
    deleted: dict[str, int] = {}
    for model in LEARNER_TABLES:
        deleted[model.__tablename__] = _delete(session, model, model.learner_id == learner_id)
    affected(
        session,
        update(StudydaySchedule)
        .where(StudydaySchedule.created_by == learner_id)
        .values(created_by=None),
        synchronize_session=False,
    )
    private = select(Chat.id).where(Chat.id == learner_id, Chat.type == "private")
    for model in PRIVATE_CHAT_TABLES:
        condition = model.chat_id.in_(private.scalar_subquery())
        deleted[model.__tablename__] = _delete(session, model, condition)
    deleted["chats"] = _delete(session, Chat, Chat.id.in_(private.scalar_subquery()))
    deleted["learners"] = _delete(session, Learner, Learner.id == learner_id)
    return deleted


def _delete(session: Session, model: Any, condition: Any) -> int:
    return affected(session, delete(model).where(condition), synchronize_session=False)


def _require(session: Session, learner_id: int) -> LearnerRecord:
    record = get_learner(session, learner_id)
    if record is None:
        raise RecordNotFound(f"learner {learner_id}")
    return record
