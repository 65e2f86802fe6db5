"""The daily reading of a chat: the excerpt and quotation of one study day."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from bot.db.errors import InvalidRecord
from bot.db.models import DailyReading
from bot.db.records import DailyReadingRecord
from bot.db.repositories._common import table_of, to_record, upsert_insert

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


def get_daily_readings(
    session: Session, keys: Iterable[tuple[int, date]]
) -> dict[tuple[int, date], DailyReadingRecord]:
    """The stored readings among the (chat id, study day) ``keys``, in one query."""
    wanted = set(keys)
    if not wanted:
        return {}
    table = table_of(DailyReading)
    statement = select(table).where(
        table.c.chat_id.in_(sorted({chat_id for chat_id, _ in wanted})),
        table.c.study_day.in_(sorted({day for _, day in wanted})),
    )
    found = (to_record(DailyReadingRecord, row) for row in session.execute(statement))
    return {(r.chat_id, r.study_day): r for r in found if (r.chat_id, r.study_day) in wanted}


def create_daily_readings(
    session: Session, choices: Sequence[tuple[int, date, str | None, str | None]], now: datetime
) -> dict[tuple[int, date], DailyReadingRecord]:
    """``create_daily_reading`` for each (chat id, study day, excerpt id, quotation id), by
    (chat id, study day): one executemany insert that keeps rows stored before (the first
    insert wins) and returns the rows it added; the few it did not add are read."""
    if not choices:
        return {}
    table = table_of(DailyReading)
    statement = (
        upsert_insert(session, DailyReading)
        .values(
            chat_id=bindparam("chat_id"),
            study_day=bindparam("study_day"),
            excerpt_id=bindparam("excerpt_id"),
            quotation_id=bindparam("quotation_id"),
            created_at=now,
        )
        .on_conflict_do_nothing(index_elements=["chat_id", "study_day"])
        .returning(*(table.c[f.name] for f in dataclasses.fields(DailyReadingRecord)))
    )
    rows = [
        {"chat_id": c, "study_day": d, "excerpt_id": e, "quotation_id": q} for c, d, e, q in choices
    ]
    added = (to_record(DailyReadingRecord, row) for row in session.execute(statement, rows))
    stored = {(r.chat_id, r.study_day): r for r in added}
    lost = [(c, d) for c, d, _, _ in choices if (c, d) not in stored]
    if lost:  # another transaction stored these first: theirs count
        stored.update(get_daily_readings(session, lost))
    return stored


def rotation_histories(
    session: Session, chat_ids: Iterable[int], kind: str
) -> dict[int, list[tuple[date, str]]]:
    """``rotation_history`` of many chats in one query: per chat, (study day, id) of the
    ``kind`` it got, oldest study day first; chats with none are left out."""
    if kind not in ROTATION_COLUMNS:
        raise InvalidRecord(f"no rotation for {kind!r}")
    ids = sorted(set(chat_ids))
    if not ids:
        return {}
    table = table_of(DailyReading)
    column = table.c[ROTATION_COLUMNS[kind].key]
    statement = (
        select(table.c.chat_id, table.c.study_day, column)
        .where(table.c.chat_id.in_(ids), column.is_not(None))
        .order_by(table.c.chat_id, table.c.study_day)
    )
    histories: dict[int, list[tuple[date, str]]] = {}
    for chat_id, day, item_id in session.execute(statement):
        histories.setdefault(chat_id, []).append((day, item_id))
    return histories
