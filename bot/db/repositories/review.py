"""Spaced-review cards, one per learner and quiz item."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import ReviewCard
from bot.db.records import ReviewCardRecord
from bot.db.repositories._common import table_of, to_record, upsert_insert


def cards_for(
    session: Session, learner_id: int, item_ids: Iterable[str] | None = None
) -> list[ReviewCardRecord]:
    """The learner's cards (optionally only for ``item_ids``), soonest due first."""
    statement = select(table_of(ReviewCard)).where(ReviewCard.learner_id == learner_id)
    if item_ids is not None:
        statement = statement.where(ReviewCard.item_id.in_(list(item_ids)))
    rows = session.execute(statement.order_by(ReviewCard.due, ReviewCard.item_id))
    return [to_record(ReviewCardRecord, row) for row in rows]


def due_cards(session: Session, learner_id: int, now: datetime) -> list[ReviewCardRecord]:
    """Cards due at ``now``, soonest first."""
    statement = (
        select(table_of(ReviewCard))
        .where(ReviewCard.learner_id == learner_id, ReviewCard.due <= now)
        .order_by(ReviewCard.due, ReviewCard.item_id)
    )
    return [to_record(ReviewCardRecord, row) for row in session.execute(statement)]


def upsert_card(session: Session, card: ReviewCardRecord) -> None:
    """Insert or replace the card of (learner, item)."""
    values = dataclasses.asdict(card)
    statement = upsert_insert(session, ReviewCard).values(**values)
    changes = {k: v for k, v in values.items() if k not in ("learner_id", "item_id")}
    session.execute(
        statement.on_conflict_do_update(index_elements=["learner_id", "item_id"], set_=changes)
    )
