"""Quiz sessions, the Telegram polls they sent and every answer."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base, BigId, one_of
from bot.db.types import UTCDateTime

SESSION_KINDS = ("private", "group", "studyday")


class QuizSession(Base):
    """A run of quiz items in a chat (a group quiz has no learner)."""

    __tablename__ = "quiz_sessions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    chat_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("chats.id", ondelete="CASCADE"), index=True
    )
    learner_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("learners.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    item_ids: Mapped[list[str]] = mapped_column(JSON)
    position: Mapped[int] = mapped_column(SmallInteger, default=0)
    study_day: Mapped[date] = mapped_column(Date)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (CheckConstraint(one_of("kind", SESSION_KINDS), name="kind"),)


class QuizPoll(Base):
    """A quiz poll as sent to Telegram, under Telegram's poll id."""

    __tablename__ = "quiz_polls"

    poll_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    chat_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("chats.id", ondelete="CASCADE"), index=True
    )
    message_id: Mapped[int | None] = mapped_column(BigId)
    session_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("quiz_sessions.id", ondelete="SET NULL"), index=True
    )
    item_id: Mapped[str] = mapped_column(String(64), ForeignKey("content_items.id"))
    correct_option: Mapped[int] = mapped_column(SmallInteger)
    option_count: Mapped[int] = mapped_column(SmallInteger)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        CheckConstraint("option_count BETWEEN 2 AND 12", name="option_count"),
        CheckConstraint("correct_option >= 0 AND correct_option < option_count", name="correct"),
    )


class QuizAnswer(Base):
    """One learner's answer to one poll; the unique key means nobody scores twice."""

    __tablename__ = "quiz_answers"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    learner_id: Mapped[int] = mapped_column(BigId, ForeignKey("learners.id", ondelete="CASCADE"))
    poll_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("quiz_polls.poll_id", ondelete="CASCADE")
    )
    item_id: Mapped[str] = mapped_column(String(64), ForeignKey("content_items.id"))
    chat_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("chats.id", ondelete="SET NULL"))
    chosen_option: Mapped[int] = mapped_column(SmallInteger)
    correct: Mapped[bool] = mapped_column(Boolean)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    study_day: Mapped[date] = mapped_column(Date)

    __table_args__ = (
        UniqueConstraint("learner_id", "poll_id"),
        Index(None, "learner_id", "study_day"),
        Index(None, "learner_id", "answered_at"),
        CheckConstraint("chosen_option >= 0", name="chosen_option"),
    )
