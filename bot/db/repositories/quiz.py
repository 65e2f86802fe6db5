"""Quiz sessions, their polls and the answers to them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.db.errors import InvalidRecord, RecordNotFound
from bot.db.models import QuizAnswer, QuizPoll, QuizSession
from bot.db.records import QuizAnswerRecord, QuizPollRecord, QuizSessionRecord
from bot.db.repositories._common import affected, inserted, table_of, to_record, upsert_insert


def create_session(
    session: Session,
    *,
    chat_id: int,
    learner_id: int | None,
    kind: str,
    item_ids: Sequence[str],
    study_day: date,
    now: datetime,
) -> QuizSessionRecord:
    if not item_ids:
        raise InvalidRecord("a quiz session needs at least one item")
    quiz = QuizSession(
        chat_id=chat_id,
        learner_id=learner_id,
        kind=kind,
        item_ids=list(item_ids),
        position=0,
        study_day=study_day,
        started_at=now,
    )
    session.add(quiz)
    session.flush()
    return _session_record(quiz)


def get_session(session: Session, session_id: int) -> QuizSessionRecord | None:
    quiz = session.get(QuizSession, session_id, populate_existing=True)
    return _session_record(quiz) if quiz is not None else None


def advance_session(session: Session, session_id: int, now: datetime) -> QuizSessionRecord:
    """Move to the next item; the session finishes after its last item."""
    quiz = session.get(QuizSession, session_id, populate_existing=True, with_for_update=True)
    if quiz is None:
        raise RecordNotFound(f"quiz session {session_id}")
    if quiz.finished_at is None:
        quiz.position += 1
        if quiz.position >= len(quiz.item_ids):
            quiz.finished_at = now
        session.flush()
    return _session_record(quiz)


def record_poll(
    session: Session,
    *,
    poll_id: str,
    chat_id: int,
    item_id: str,
    correct_option: int,
    option_count: int,
    opened_at: datetime,
    message_id: int | None = None,
    session_id: int | None = None,
    closes_at: datetime | None = None,
) -> QuizPollRecord:
    poll = QuizPoll(
        poll_id=poll_id,
        chat_id=chat_id,
        message_id=message_id,
        session_id=session_id,
        item_id=item_id,
        correct_option=correct_option,
        option_count=option_count,
        opened_at=opened_at,
        closes_at=closes_at,
        closed=False,
    )
    session.add(poll)
    session.flush()
    return to_record(QuizPollRecord, poll)


def get_poll(session: Session, poll_id: str) -> QuizPollRecord | None:
    poll = session.get(QuizPoll, poll_id, populate_existing=True)
    return to_record(QuizPollRecord, poll) if poll is not None else None


def close_poll(session: Session, poll_id: str) -> bool:
    """False if the poll is unknown or already closed."""
    changed = affected(
        session,
        update(QuizPoll).where(QuizPoll.poll_id == poll_id, ~QuizPoll.closed).values(closed=True),
    )
    return changed > 0


def record_answer(
    session: Session,
    *,
    learner_id: int,
    poll_id: str,
    chosen_option: int,
    answered_at: datetime,
    study_day: date,
) -> bool:
    """Store an answer (correctness from the poll); False, not an error, if already answered."""
    poll = get_poll(session, poll_id)
    if poll is None:
        raise RecordNotFound(f"poll {poll_id}")
    if not 0 <= chosen_option < poll.option_count:
        raise InvalidRecord(f"option {chosen_option} of a {poll.option_count}-option poll")
    statement = upsert_insert(session, QuizAnswer).values(
        learner_id=learner_id,
        poll_id=poll_id,
        item_id=poll.item_id,
        chat_id=poll.chat_id,
        chosen_option=chosen_option,
        correct=chosen_option == poll.correct_option,
        answered_at=answered_at,
        study_day=study_day,
    )
    statement = statement.on_conflict_do_nothing(index_elements=["learner_id", "poll_id"])
    return inserted(session, statement, table_of(QuizAnswer).c.id)


def answers_on(session: Session, learner_id: int, day: date) -> list[QuizAnswerRecord]:
    """The learner's answers of one study day, in the order given."""
    statement = (
        select(QuizAnswer)
        .where(QuizAnswer.learner_id == learner_id, QuizAnswer.study_day == day)
        .order_by(QuizAnswer.answered_at, QuizAnswer.id)
    )
    return [to_record(QuizAnswerRecord, answer) for answer in session.scalars(statement)]


def session_answers(session: Session, session_id: int) -> list[QuizAnswerRecord]:
    """Every answer to the polls of one quiz session (all learners), oldest first."""
    statement = (
        select(QuizAnswer)
        .join(QuizPoll, QuizPoll.poll_id == QuizAnswer.poll_id)
        .where(QuizPoll.session_id == session_id)
        .order_by(QuizAnswer.answered_at, QuizAnswer.id)
    )
    return [to_record(QuizAnswerRecord, answer) for answer in session.scalars(statement)]


def recent_item_ids(session: Session, chat_id: int, limit: int) -> list[str]:
    """The items most recently asked in a chat, newest first (to vary group quizzes)."""
    if limit <= 0:
        return []
    statement = (
        select(QuizPoll.item_id)
        .where(QuizPoll.chat_id == chat_id)
        .order_by(QuizPoll.opened_at.desc())
        .limit(limit)
    )
    return list(session.scalars(statement))


def _session_record(quiz: QuizSession) -> QuizSessionRecord:
    return QuizSessionRecord(
        id=quiz.id,
        chat_id=quiz.chat_id,
        learner_id=quiz.learner_id,
        kind=quiz.kind,
        item_ids=tuple(quiz.item_ids),
        position=quiz.position,
        study_day=quiz.study_day,
        started_at=quiz.started_at,
        finished_at=quiz.finished_at,
    )


def session_polls(session: Session, session_id: int) -> list[QuizPollRecord]:
    """The polls a quiz session has sent, oldest first."""
    statement = (
        select(QuizPoll)
        .where(QuizPoll.session_id == session_id)
        .order_by(QuizPoll.opened_at, QuizPoll.poll_id)
    )
    return [to_record(QuizPollRecord, poll) for poll in session.scalars(statement)]


def claim_position(
    session: Session, session_id: int, expected: int, now: datetime, *, finish: bool = False
) -> bool:
    """Move a session from ``expected`` to the next position (compare-and-set): only one
    instance wins the step; ``finish`` also marks the session finished."""
    values: dict[str, object] = {"position": expected + 1}
    if finish:
        values["finished_at"] = now
    result = session.execute(
        update(QuizSession)
        .where(QuizSession.id == session_id, QuizSession.position == expected)
        .values(**values)
    )
    return bool(getattr(result, "rowcount", 0))
