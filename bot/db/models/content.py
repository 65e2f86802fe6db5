"""The curated corpus as stored, and which content each chat got on which study day."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base, BigId, one_of
from bot.db.types import UTCDateTime

CONTENT_KINDS = ("excerpt", "quotation", "quiz")


class ContentItem(Base):
    """An excerpt, quotation or quiz item under its stable corpus id; retired, never deleted."""

    __tablename__ = "content_items"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    article_id: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (CheckConstraint(one_of("kind", CONTENT_KINDS), name="kind"),)


class ContentTag(Base):
    """Theme tags of a content item (a side table so that theme queries can use an index)."""

    __tablename__ = "content_tags"

    item_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("content_items.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)


class DailyReading(Base):
    """The excerpt and quotation of a chat's study day; push and /today show the same."""

    __tablename__ = "daily_readings"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigId, ForeignKey("chats.id", ondelete="CASCADE"))
    study_day: Mapped[date] = mapped_column(Date)
    excerpt_id: Mapped[str | None] = mapped_column(String(64), ForeignKey("content_items.id"))
    quotation_id: Mapped[str | None] = mapped_column(String(64), ForeignKey("content_items.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (UniqueConstraint("chat_id", "study_day"),)
