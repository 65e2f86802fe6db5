"""集中学习日 schedules and their runs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.db.errors import RecordNotFound
from bot.db.models import StudydayRun, StudydaySchedule
from bot.db.records import StudydayRunRecord, StudydayScheduleRecord
from bot.db.repositories._common import (
    affected,
    checked_changes,
    inserted,
    table_of,
    to_record,
    upsert_insert,
)

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
    statement = upsert_insert(session, StudydayRun).values(
        schedule_id=schedule_id,
        chat_id=chat_id,
        scheduled_for=scheduled_for,
        status="running",
        started_at=now,
    )
    statement = statement.on_conflict_do_nothing(index_elements=["schedule_id", "scheduled_for"])
    return inserted(session, statement, table_of(StudydayRun).c.id)


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
    changed = affected(
        session, update(StudydayRun).where(StudydayRun.id == run_id).values(**values)
    )
    return changed > 0


def running_runs(session: Session, chat_id: int | None = None) -> list[StudydayRunRecord]:
    statement = select(StudydayRun).where(StudydayRun.status == "running")
    if chat_id is not None:
        statement = statement.where(StudydayRun.chat_id == chat_id)
    runs = session.scalars(statement.order_by(StudydayRun.scheduled_for))
    return [to_record(StudydayRunRecord, run) for run in runs]


def count_runs(session: Session, chat_id: int) -> int:
    """How many study-day sessions a chat has had (any status), to rotate themes."""
    from sqlalchemy import func

    statement = select(func.count()).select_from(StudydayRun).where(StudydayRun.chat_id == chat_id)
    return int(session.execute(statement).scalar_one())


def attendance(session: Session, chat_id: int, since: datetime, until: datetime) -> dict[int, int]:
    """Per learner: the runs of the chat scheduled in [since, until) where they answered at
    least one poll. Learners with none are left out."""
    from sqlalchemy import func

    from bot.db.models import QuizAnswer, QuizPoll

    statement = (
        select(QuizAnswer.learner_id, func.count(func.distinct(StudydayRun.id)))
        .join(QuizPoll, QuizPoll.poll_id == QuizAnswer.poll_id)
        .join(StudydayRun, StudydayRun.quiz_session_id == QuizPoll.session_id)
        .where(
            StudydayRun.chat_id == chat_id,
            StudydayRun.scheduled_for >= since,
            StudydayRun.scheduled_for < until,
        )
        .group_by(QuizAnswer.learner_id)
    )
    return {int(learner): int(count) for learner, count in session.execute(statement)}


def report_groups(session: Session) -> list[Any]:
    """Group chats that may receive reports: not blocked, not migrated away."""
    from bot.db.models import Chat
    from bot.db.records import ChatRecord

    statement = (
        select(Chat)
        .where(
            Chat.type.in_(("group", "supergroup")),
            ~Chat.blocked,
            Chat.migrated_to_chat_id.is_(None),
        )
        .order_by(Chat.id)
    )
    return [to_record(ChatRecord, chat) for chat in session.scalars(statement)]


def hold_report(
    session: Session, chat_id: int, period_start: Any, kind: str, instance: str, now: datetime
) -> int | None:
    """Claim the one post of a periodic report (``deliveries`` row keyed by chat, period start
    and kind). The row is held as ``sending`` without a lease, so the push sender (which takes
    ``queued`` rows only) never sends it; None if the report was claimed before."""
    from bot.db.models import Delivery
    from bot.db.repositories import deliveries

    if not deliveries.enqueue(session, chat_id, period_start, kind, now):
        return None
    delivery_id = session.scalar(
        select(Delivery.id).where(
            Delivery.chat_id == chat_id,
            Delivery.study_day == period_start,
            Delivery.kind == kind,
        )
    )
    session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id)
        .values(status="sending", claimed_by=instance[:64], lease_until=None, attempts=1)
    )
    return int(delivery_id) if delivery_id is not None else None
