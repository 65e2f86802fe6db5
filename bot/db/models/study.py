"""Per-learner study state: study days, streaks, excused days, review cards, reflections."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base, BigId
from bot.db.types import UTCDateTime

REFLECTION_MAX_CHARS = 4000


def _learner_fk() -> ForeignKey:
    return ForeignKey("learners.id", ondelete="CASCADE")


class StudyDay(Base):
    """A learner's activity on one local study day; leaderboards read these, not the answers."""

    __tablename__ = "study_days"

    learner_id: Mapped[int] = mapped_column(BigId, _learner_fk(), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    read: Mapped[bool] = mapped_column(Boolean, default=False)
    answers: Mapped[int] = mapped_column(Integer, default=0)
    correct: Mapped[int] = mapped_column(Integer, default=0)
    reflection_chars: Mapped[int] = mapped_column(Integer, default=0)
    counted: Mapped[bool] = mapped_column(Boolean, default=False)
    counted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        # Window queries over all learners (the global boards) read only this index.
        Index(
            "ix_study_days_window",
            "day",
            "learner_id",
            "counted",
            "answers",
            "correct",
            "reflection_chars",
        ),
        CheckConstraint("correct >= 0 AND correct <= answers", name="correct"),
    )


class Streak(Base):
    """A learner's streak state as computed by the rules (one row per learner)."""

    __tablename__ = "streaks"

    learner_id: Mapped[int] = mapped_column(BigId, _learner_fk(), primary_key=True)
    current: Mapped[int] = mapped_column(Integer, default=0)
    longest: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    freezes: Mapped[int] = mapped_column(Integer, default=0)
    last_study_day: Mapped[date | None] = mapped_column(Date)
    alive_through: Mapped[date | None] = mapped_column(Date)
    answers_total: Mapped[int] = mapped_column(Integer, default=0)
    correct_total: Mapped[int] = mapped_column(Integer, default=0)
    reached_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (Index(None, "alive_through", "current", "total"),)


class ExcusedDay(Base):
    """A day that does not break a streak (cut short by a time-zone change)."""

    __tablename__ = "excused_days"

    learner_id: Mapped[int] = mapped_column(BigId, _learner_fk(), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)


class ReviewCard(Base):
    """Spaced-review state of one quiz item for one learner (the fsrs card as JSON text)."""

    __tablename__ = "review_cards"

    learner_id: Mapped[int] = mapped_column(BigId, _learner_fk(), primary_key=True)
    item_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("content_items.id"), primary_key=True
    )
    due: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(Text)
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (Index(None, "learner_id", "due"),)


class Reflection(Base):
    """A 读书心得: at most 4000 characters, enforced by the database as well."""

    __tablename__ = "reflections"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    learner_id: Mapped[int] = mapped_column(BigId, _learner_fk())
    chat_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("chats.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(String(REFLECTION_MAX_CHARS))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    study_day: Mapped[date] = mapped_column(Date)
    shared: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        Index(None, "learner_id", "created_at"),
        CheckConstraint(f"length(text) BETWEEN 1 AND {REFLECTION_MAX_CHARS}", name="text_length"),
    )
