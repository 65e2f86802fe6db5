"""The daily reading of a chat: the excerpt and quotation of one study day."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.errors import InvalidRecord
from bot.db.models import DailyReading
from bot.db.records import DailyReadingRecord
from bot.db.repositories._common import to_record, upsert_insert

ROTATION_COLUMNS = {"excerpt": DailyReading.excerpt_id, "quotation": DailyReading.quotation_id}


def get_daily_reading(session: Session, chat_id: int, study_day: date) -> DailyReadingRecord | None:
    statement = select(DailyReading).where(
        DailyReading.chat_id == chat_id, DailyReading.study_day == study_day
    )
    reading = session.scalars(statement, execution_options={"populate_existing": True}).first()
    return to_record(DailyReadingRecord, reading) if reading is not None else None


def create_daily_reading(
    session: Session,
    *,
    chat_id: int,
    study_day: date,
    excerpt_id: str | None,
    quotation_id: str | None,
    now: datetime,
) -> DailyReadingRecord:
    """Store the day's content unless the chat already has it; returns the row that counts.

    Idempotent and race-free: when two callers pick content for the same day, the first
    insert wins and both get the same reading.
    """
    statement = upsert_insert(session, DailyReading).values(
        chat_id=chat_id,
        study_day=study_day,
        excerpt_id=excerpt_id,
        quotation_id=quotation_id,
        created_at=now,
    )
    session.execute(statement.on_conflict_do_nothing(index_elements=["chat_id", "study_day"]))
    reading = get_daily_reading(session, chat_id, study_day)
    assert reading is not None
    return reading


def rotation_history(session: Session, chat_id: int, kind: str) -> list[str]:
    """Ids of the ``kind`` ('excerpt' or 'quotation') the chat got, oldest study day first."""
    if kind not in ROTATION_COLUMNS:
        raise InvalidRecord(f"no rotation for {kind!r}")
    column = ROTATION_COLUMNS[kind]
    statement = (
        select(column)
        .where(DailyReading.chat_id == chat_id, column.is_not(None))
        .order_by(DailyReading.study_day)
    )
    return [item_id for item_id in session.scalars(statement) if item_id is not None]
