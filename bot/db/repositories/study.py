"""Study days (per-day aggregates), streak state and excused days."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import case, select, update
from sqlalchemy.orm import Session

from bot.db.errors import InvalidRecord
from bot.db.models import ExcusedDay, Streak, StudyDay
from bot.db.records import StreakRecord, StudyDayRecord
from bot.db.repositories._common import affected, inserted, table_of, to_record, upsert_insert


def add_activity(
    session: Session,
    learner_id: int,
    day: date,
    *,
    read: bool = False,
    answers: int = 0,
    correct: int = 0,
    reflection_chars: int = 0,
) -> StudyDayRecord:
    """Add to the day's counters (read is sticky, reflection_chars keeps the longest)."""
    if min(answers, correct, reflection_chars) < 0 or correct > answers:
        raise InvalidRecord("activity counts must be non-negative with correct <= answers")
    table = table_of(StudyDay)
    insert = upsert_insert(session, StudyDay).values(
        learner_id=learner_id,
        day=day,
        read=read,
        answers=answers,
        correct=correct,
        reflection_chars=reflection_chars,
        counted=False,
    )
    new = insert.excluded
    statement = insert.on_conflict_do_update(
        index_elements=["learner_id", "day"],
        set_={
            "read": table.c.read | new.read,
            "answers": table.c.answers + new.answers,
            "correct": table.c.correct + new.correct,
            "reflection_chars": case(
                (new.reflection_chars > table.c.reflection_chars, new.reflection_chars),
                else_=table.c.reflection_chars,
            ),
        },
    ).returning(*table.c)
    return to_record(StudyDayRecord, session.execute(statement).one())


def study_days(
    session: Session, learner_id: int, since: date | None = None
) -> list[StudyDayRecord]:
    """The learner's study days (from ``since`` on), oldest first."""
    statement = select(table_of(StudyDay)).where(StudyDay.learner_id == learner_id)
    if since is not None:
        statement = statement.where(StudyDay.day >= since)
    rows = session.execute(statement.order_by(StudyDay.day))
    return [to_record(StudyDayRecord, row) for row in rows]


def set_counted(session: Session, learner_id: int, day: date, counted: bool, now: datetime) -> bool:
    """Mark whether the day met the requirement; False if the day has no activity row."""
    changed = affected(
        session,
        update(StudyDay)
        .where(StudyDay.learner_id == learner_id, StudyDay.day == day)
        .values(counted=counted, counted_at=now if counted else None),
    )
    return changed > 0


def save_streak(session: Session, streak: StreakRecord) -> None:
    """Insert or replace the learner's streak state."""
    values = dataclasses.asdict(streak)
    statement = upsert_insert(session, Streak).values(**values)
    changes = {k: v for k, v in values.items() if k != "learner_id"}
    session.execute(statement.on_conflict_do_update(index_elements=["learner_id"], set_=changes))


def get_streak(session: Session, learner_id: int) -> StreakRecord | None:
    row = session.execute(select(table_of(Streak)).where(Streak.learner_id == learner_id)).first()
    return to_record(StreakRecord, row) if row is not None else None


def add_excused_days(session: Session, learner_id: int, days: Iterable[date]) -> int:
    """Excuse days (a time-zone change cut them short); returns how many were new."""
    added = 0
    for day in sorted(set(days)):
        statement = upsert_insert(session, ExcusedDay).values(learner_id=learner_id, day=day)
        added += inserted(session, statement.on_conflict_do_nothing(), ExcusedDay.day)
    return added


def excused_days(session: Session, learner_id: int, since: date | None = None) -> list[date]:
    statement = select(ExcusedDay.day).where(ExcusedDay.learner_id == learner_id)
    if since is not None:
        statement = statement.where(ExcusedDay.day >= since)
    return list(session.scalars(statement.order_by(ExcusedDay.day)))
