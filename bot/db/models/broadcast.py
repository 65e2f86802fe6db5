"""Administrator broadcasts: the text, who asked, and how far the sending has got.

The audience is every chat that is subscribed, not blocked and not migrated and that existed
when the broadcast was confirmed, walked in chat-id order. ``cursor`` is the last chat id
handled, committed right after each send, so a restarted bot resumes after it: no chat is
written to twice and none is skipped (at most the one chat whose send was in flight when the
process died can be lost or repeated, and the lease makes sure only one instance sends).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base, BigId, one_of
from bot.db.types import UTCDateTime

BROADCAST_STATUSES = ("pending", "sending", "done", "cancelled")
BROADCAST_MAX_CHARS = 4000


class Broadcast(Base):
    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    text: Mapped[str] = mapped_column(String(BROADCAST_MAX_CHARS))
    created_by: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("learners.id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cursor: Mapped[int | None] = mapped_column(BigId)  # the last chat id handled
    sent: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        CheckConstraint(one_of("status", BROADCAST_STATUSES), name="status"),
        Index(None, "status"),
    )
