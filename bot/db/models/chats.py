"""Chats (push targets), learners and group membership."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    and_,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from bot.db.models.base import LANGUAGES, Base, BigId, one_of
from bot.db.types import UTCDateTime

CHAT_TYPES = ("private", "group", "supergroup")
DEFAULT_PUSH_MINUTE = 480  # 08:00 local time


class Chat(Base):
    """Every conversation and push target; a private chat's id equals the user's id."""

    __tablename__ = "chats"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    type: Mapped[str] = mapped_column(String(16))
    title: Mapped[str | None] = mapped_column(String(256))
    language: Mapped[str] = mapped_column(String(8), default="zh")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    push_minute: Mapped[int] = mapped_column(SmallInteger, default=DEFAULT_PUSH_MINUTE)
    quiz_length: Mapped[int] = mapped_column(SmallInteger, default=3)
    subscribed: Mapped[bool] = mapped_column(Boolean, default=True)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    next_push_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    migrated_to_chat_id: Mapped[int | None] = mapped_column(BigId)
    greeted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        CheckConstraint(one_of("type", CHAT_TYPES), name="type"),
        CheckConstraint(one_of("language", LANGUAGES), name="language"),
        CheckConstraint("push_minute BETWEEN 0 AND 1439", name="push_minute"),
        CheckConstraint("quiz_length BETWEEN 1 AND 50", name="quiz_length"),
    )


def chat_is_active() -> ColumnElement[bool]:
    """Subscribed, not paused, not blocked: the filter of the due query and of its index."""
    return and_(Chat.subscribed, ~Chat.paused, ~Chat.blocked)


# The due query: active chats by their next push instant (a partial index on both engines).
Index(
    "ix_chats_due",
    Chat.next_push_at,
    sqlite_where=chat_is_active(),
    postgresql_where=chat_is_active(),
)


class Learner(Base):
    """A Telegram user who studies; deleting the row erases everything they own (cascade)."""

    __tablename__ = "learners"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    display_name: Mapped[str] = mapped_column(String(256))
    username: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8), default="zh")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    leaderboard_opt_in: Mapped[bool] = mapped_column(Boolean, default=False)
    leaderboard_name: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (CheckConstraint(one_of("language", LANGUAGES), name="language"),)


# The global boards start from the opted-in learners (a tenth or so of everyone).
Index(
    "ix_learners_opt_in",
    Learner.id,
    sqlite_where=Learner.leaderboard_opt_in,
    postgresql_where=Learner.leaderboard_opt_in,
)


class GroupMember(Base):
    """Who belongs to which group chat."""

    __tablename__ = "group_members"

    chat_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("chats.id", ondelete="CASCADE"), primary_key=True
    )
    learner_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
