"""集中学习日 schedules and their runs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.db.errors import RecordNotFound
from bot.db.models import StudydayRun, StudydaySchedule
from bot.db.records import StudydayRunRecord, StudydayScheduleRecord
from bot.db.repositories._common import checked_changes, inserted, to_record, upsert_insert

UPDATABLE = ("weekday", "minute", "theme", "question_count", "open_period", "active")


def create_schedule(
    session: Session,
    *,
    chat_id: int,
    weekday: int,
    minute: int,
    now: datetime,
    theme: str | None = None,
    question_count: int = 5,
    open_period: int = 60,
    created_by: int | None = None,
) -> StudydayScheduleRecord:
    schedule = StudydaySchedule(
        chat_id=chat_id,
        weekday=weekday,
        minute=minute,
        theme=theme,
        question_count=question_count,
        open_period=open_period,
        created_by=created_by,
        active=True,
        created_at=now,
    )
    session.add(schedule)
    session.flush()
    return to_record(StudydayScheduleRecord, schedule)


def get_schedule(session: Session, schedule_id: int) -> StudydayScheduleRecord | None:
    schedule = session.get(StudydaySchedule, schedule_id, populate_existing=True)
    return to_record(StudydayScheduleRecord, schedule) if schedule is not None else None


def list_schedules(
    session: Session, chat_id: int | None = None, active_only: bool = True
) -> list[StudydayScheduleRecord]:
    """Schedules of one chat (or of all chats), by id."""
    statement = select(StudydaySchedule).order_by(StudydaySchedule.id)
    if chat_id is not None:
        statement = statement.where(StudydaySchedule.chat_id == chat_id)
    if active_only:
        statement = statement.where(StudydaySchedule.active)
    return [to_record(StudydayScheduleRecord, s) for s in session.scalars(statement)]


def update_schedule(session: Session, schedule_id: int, **changes: Any) -> StudydayScheduleRecord:
    values = checked_changes(changes, UPDATABLE)
    if values:
        session.execute(
            update(StudydaySchedule).where(StudydaySchedule.id == schedule_id).values(**values)
        )
    record = get_schedule(session, schedule_id)
    if record is None:
        raise RecordNotFound(f"study-day schedule {schedule_id}")
    return record


def claim_run(
    session: Session, schedule_id: int, chat_id: int, scheduled_for: datetime, now: datetime
) -> bool:
    """Start the occurrence ``scheduled_for`` of a schedule; False if someone already did."""
    statement = upsert_insert(session, StudydayRun.__table__).values(
        schedule_id=schedule_id,
        chat_id=chat_id,
        scheduled_for=scheduled_for,
        status="running",
        started_at=now,
    )
    statement = statement.on_conflict_do_nothing(index_elements=["schedule_id", "scheduled_for"])
    return inserted(session, statement, StudydayRun.__table__.c.id)


def get_run(
    session: Session, schedule_id: int, scheduled_for: datetime
) -> StudydayRunRecord | None:
    statement = select(StudydayRun).where(
        StudydayRun.schedule_id == schedule_id, StudydayRun.scheduled_for == scheduled_for
    )
    run = session.scalars(statement, execution_options={"populate_existing": True}).first()
    return to_record(StudydayRunRecord, run) if run is not None else None


def update_run(
    session: Session,
    run_id: int,
    *,
    status: str | None = None,
    quiz_session_id: int | None = None,
    finished_at: datetime | None = None,
) -> bool:
    """Attach the quiz session and/or record how the run ended."""
    values: dict[str, Any] = {}
    if status is not None:
        values["status"] = status
    if quiz_session_id is not None:
        values["quiz_session_id"] = quiz_session_id
    if finished_at is not None:
        values["finished_at"] = finished_at
    if not values:
        return False
    result = session.execute(update(StudydayRun).where(StudydayRun.id == run_id).values(**values))
    return result.rowcount > 0


def running_runs(session: Session, chat_id: int | None = None) -> list[StudydayRunRecord]:
    statement = select(StudydayRun).where(StudydayRun.status == "running")
    if chat_id is not None:
        statement = statement.where(StudydayRun.chat_id == chat_id)
    runs = session.scalars(statement.order_by(StudydayRun.scheduled_for))
    return [to_record(StudydayRunRecord, run) for run in runs]
