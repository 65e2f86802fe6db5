"""The scheduler's per-minute claim: one instance runs each minute's planning."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from bot.db.models import SchedulerTick
from bot.db.repositories._common import affected, inserted, upsert_insert


def claim_tick(session: Session, minute: datetime, instance: str, now: datetime) -> bool:
    """True if this instance claimed ``minute`` (seconds dropped); False if another did."""
    statement = upsert_insert(session, SchedulerTick).values(
        minute=minute.replace(second=0, microsecond=0), instance=instance, ran_at=now
    )
    return inserted(session, statement.on_conflict_do_nothing(), SchedulerTick.minute)


def prune_ticks(session: Session, before: datetime) -> int:
    """Forget claims older than ``before``; returns how many."""
    changed = affected(session, delete(SchedulerTick).where(SchedulerTick.minute < before))
    return changed
