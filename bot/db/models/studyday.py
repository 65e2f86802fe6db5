"""集中学习日: weekly schedules of a group and each run of one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    SmallInteger,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base, BigId, one_of
from bot.db.types import UTCDateTime

RUN_STATUSES = ("running", "finished", "missed")


class StudydaySchedule(Base):
    """A weekly study-day session of a group chat (weekday and minute in the chat's zone)."""

    __tablename__ = "studyday_schedules"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    chat_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("chats.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int] = mapped_column(SmallInteger)
    minute: Mapped[int] = mapped_column(SmallInteger)
    theme: Mapped[str | None] = mapped_column(String(64))
    question_count: Mapped[int] = mapped_column(SmallInteger, default=5)
    open_period: Mapped[int] = mapped_column(SmallInteger, default=60)
    created_by: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("learners.id", ondelete="SET NULL")
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint("minute BETWEEN 0 AND 1439", name="minute"),
        CheckConstraint("question_count BETWEEN 1 AND 50", name="question_count"),
        CheckConstraint("open_period BETWEEN 5 AND 600", name="open_period"),
    )


class StudydayRun(Base):
    """One occurrence of a schedule; the unique key lets exactly one instance start it."""

    __tablename__ = "studyday_runs"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    schedule_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("studyday_schedules.id", ondelete="CASCADE")
    )
    chat_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("chats.id", ondelete="CASCADE"), index=True
    )
    scheduled_for: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="running")
    quiz_session_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("quiz_sessions.id", ondelete="SET NULL")
    )
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        UniqueConstraint("schedule_id", "scheduled_for"),
        CheckConstraint(one_of("status", RUN_STATUSES), name="status"),
    )
