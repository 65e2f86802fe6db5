"""集中学习日: managing a group's weekly sessions and moving each run along, step by step.

A run's state lives in the database (``studyday_runs`` + its ``quiz_sessions`` row), so any
instance, or the same one after a restart, can carry it on. Each step is claimed with a
compare-and-set on the quiz session's position: nothing is posted twice.

Position of a session's quiz: 0 = nothing posted yet; k = the first k questions are claimed
(1 also covers the announcement and the reading); n + 1 = the summary is claimed (finished).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy.orm import Session

from bot.core import review, sessions, timezones
from bot.core.evaluation import SessionParticipant, SessionSummary, summarise_session
from bot.corpus.model import Excerpt, QuizItem, Quotation
from bot.db.records import (
    ChatRecord,
    QuizPollRecord,
    QuizSessionRecord,
    StudydayRunRecord,
    StudydayScheduleRecord,
)
from bot.db.repositories import chats, learners, members, quiz, studydays
from bot.services.context import ServiceContext

log = logging.getLogger(__name__)

DEFAULT_QUESTIONS = 5
DEFAULT_OPEN_PERIOD = 60
MAX_SCHEDULES = 10
ANSWER_GRACE = timedelta(seconds=5)  # the quiz service still takes answers this long after
STALE_STEP = timedelta(minutes=2)  # a claimed question never registered (crash): move on
READING_EXCERPTS = 3
READING_QUOTATIONS = 2


class ScheduleError(ValueError):
    """A refused schedule change; ``code`` names the message to show."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, slots=True)
class ScheduleView:
    id: int
    weekday: int
    minute: int
    question_count: int
    open_period: int
    next_at: datetime  # local time in the group's zone
    timezone: str


# ------------------------------------------------------------------ managing schedules


def add_schedule(
    ctx: ServiceContext, chat_id: int, weekday: int, minute: int, created_by: int | None
) -> ScheduleView:
    if not 0 <= weekday <= 6 or not 0 <= minute < 24 * 60:
        raise ScheduleError("bad_time")
    with ctx.transaction() as session:
        chat = _group(session, chat_id)
        existing = studydays.list_schedules(session, chat_id)
        if any(s.weekday == weekday and s.minute == minute for s in existing):
            raise ScheduleError("duplicate")
        if len(existing) >= MAX_SCHEDULES:
            raise ScheduleError("too_many")
        record = studydays.create_schedule(
            session,
            chat_id=chat_id,
            weekday=weekday,
            minute=minute,
            now=ctx.clock.now(),
            question_count=DEFAULT_QUESTIONS,
            open_period=DEFAULT_OPEN_PERIOD,
            created_by=created_by,
        )
        return _view(ctx, chat, record)


def list_schedules(ctx: ServiceContext, chat_id: int) -> list[ScheduleView]:
    with ctx.transaction() as session:
        chat = _group(session, chat_id)
        return [_view(ctx, chat, s) for s in studydays.list_schedules(session, chat_id)]


def cancel_schedule(ctx: ServiceContext, chat_id: int, schedule_id: int) -> ScheduleView:
    """Deactivates one of this group's schedules (a run in progress finishes normally)."""
    with ctx.transaction() as session:
        chat = _group(session, chat_id)
        record = studydays.get_schedule(session, schedule_id)
        if record is None or record.chat_id != chat_id or not record.active:
            raise ScheduleError("no_such")
        studydays.update_schedule(session, schedule_id, active=False)
        return _view(ctx, chat, record)


def _group(session: Session, chat_id: int) -> ChatRecord:
    chat = chats.get_chat(session, chat_id)
    if chat is None or chat.type == "private":
        raise ScheduleError("group_only")
    return chat


def _view(ctx: ServiceContext, chat: ChatRecord, s: StudydayScheduleRecord) -> ScheduleView:
    tz = timezones.parse_timezone(chat.timezone)
    at = sessions.next_occurrence(s.weekday, s.minute, tz, ctx.clock.now())
    return ScheduleView(
        s.id, s.weekday, s.minute, s.question_count, s.open_period, at.astimezone(tz), tz.key
    )


# ------------------------------------------------------------------ opening due sessions


@dataclass(frozen=True, slots=True)
class Opened:
    started: tuple[int, ...] = ()  # run ids opened now
    missed: tuple[int, ...] = ()  # run ids recorded missed (too late, or nothing to ask)


def open_due_sessions(ctx: ServiceContext, grace: timedelta = sessions.DEFAULT_GRACE) -> Opened:
    """Claims every schedule occurrence that has come: a run to start, or a missed one."""
    now = ctx.clock.now()
    started: list[int] = []
    missed: list[int] = []
    with ctx.transaction() as session:
        schedules = studydays.list_schedules(session)
    for schedule in schedules:
        with ctx.transaction() as session:
            outcome = _open_one(ctx, session, schedule, now, grace)
        if outcome is not None:
            (started if outcome[1] == "start" else missed).append(outcome[0])
    return Opened(tuple(started), tuple(missed))


def _open_one(
    ctx: ServiceContext,
    session: Session,
    schedule: StudydayScheduleRecord,
    now: datetime,
    grace: timedelta,
) -> tuple[int, str] | None:
    chat = chats.get_chat(session, schedule.chat_id)
    if chat is None or chat.blocked or chat.migrated_to_chat_id is not None:
        return None
    tz = timezones.parse_timezone(chat.timezone)
    occurrence = sessions.latest_occurrence(schedule.weekday, schedule.minute, tz, now)
    decision = sessions.decide(occurrence, schedule.created_at, now, grace)
    if decision == "not_due" or studydays.get_run(session, schedule.id, occurrence) is not None:
        return None
    if not studydays.claim_run(session, schedule.id, chat.id, occurrence, now):
        return None
    run = studydays.get_run(session, schedule.id, occurrence)
    assert run is not None
    if decision == "missed":
        studydays.update_run(session, run.id, status="missed", finished_at=now)
        log.info("study-day session %s of chat %s missed (due %s)", run.id, chat.id, occurrence)
        return run.id, "missed"
    theme, ids = _pick_questions(ctx, session, chat, schedule, now)
    if not ids:
        studydays.update_run(session, run.id, status="missed", finished_at=now)
        log.warning("study-day session %s of chat %s: no quiz items", run.id, chat.id)
        return run.id, "missed"
    day = timezones.local_date(now, tz)
    record = quiz.create_session(
        session,
        chat_id=chat.id,
        learner_id=None,
        kind="studyday",
        item_ids=ids,
        study_day=day,
        now=now,
    )
    studydays.update_run(session, run.id, quiz_session_id=record.id)
    log.info("study-day session %s of chat %s opened on %r", run.id, chat.id, theme)
    return run.id, "start"


def _pick_questions(
    ctx: ServiceContext,
    session: Session,
    chat: ChatRecord,
    schedule: StudydayScheduleRecord,
    now: datetime,
) -> tuple[str, list[str]]:
    """A theme (the schedule's, else rotating over the best-stocked ones) and its questions."""
    corpus = ctx.corpus
    want = schedule.question_count
    if schedule.theme and schedule.theme in corpus.themes:
        candidates = [schedule.theme]
    else:
        ranked = corpus.richest_themes(1)
        candidates = corpus.richest_themes(want) or ranked[:1]
    if not candidates:
        return "", []
    runs = studydays.count_runs(session, chat.id)
    theme = candidates[(runs - 1) % len(candidates)]
    pool = list(corpus.themes[theme])
    asked = set(quiz.recent_item_ids(session, chat.id, limit=len(pool) // 2))
    fresh = [i for i in pool if i not in asked]
    if len(fresh) < min(want, len(pool)):
        fresh = pool
    seed = abs(chat.id) * 1_000_003 + runs
    return theme, review.select_quiz_items([], fresh, min(want, len(fresh)), now, seed)


# ------------------------------------------------------------------ moving runs along


@dataclass(frozen=True, slots=True)
class SessionReading:
    theme: str
    excerpts: tuple[tuple[Excerpt, str], ...]  # (excerpt, article title)
    quotations: tuple[Quotation, ...]


@dataclass(frozen=True, slots=True)
class Step:
    """One thing to post for a run: the opening (+ first question), a question, the summary."""

    kind: Literal["open", "question", "summary"]
    run_id: int
    chat_id: int
    session_id: int
    lang: str
    open_period: int = DEFAULT_OPEN_PERIOD
    number: int = 0  # 1-based question number
    total: int = 0
    item: QuizItem | None = None
    reading: SessionReading | None = None
    summary: SessionSummary | None = None


def next_steps(ctx: ServiceContext) -> list[Step]:
    """Claims the next step of every running session whose time has come."""
    now = ctx.clock.now()
    with ctx.transaction() as session:
        runs = studydays.running_runs(session)
    steps: list[Step] = []
    for run in runs:
        with ctx.transaction() as session:
            step = _step(ctx, session, run, now)
        if step is not None:
            steps.append(step)
    return steps


def _step(
    ctx: ServiceContext, session: Session, run: StudydayRunRecord, now: datetime
) -> Step | None:
    if run.quiz_session_id is None:
        return None
    record = quiz.get_session(session, run.quiz_session_id)
    chat = chats.get_chat(session, run.chat_id)
    if record is None or chat is None:
        studydays.update_run(session, run.id, status="finished", finished_at=now)
        return None
    schedule = studydays.get_schedule(session, run.schedule_id)
    open_period = schedule.open_period if schedule else DEFAULT_OPEN_PERIOD
    base = Step(
        "open", run.id, chat.id, record.id, chat.language, open_period, total=len(record.item_ids)
    )
    position, total = record.position, len(record.item_ids)
    if position == 0:
        if not quiz.claim_position(session, record.id, 0, now):
            return None
        return _question(ctx, base, record, 0, kind="open", reading=_reading(ctx, record))
    polls = quiz.session_polls(session, record.id)
    last_at = polls[-1].closes_at if polls and polls[-1].closes_at else run.started_at
    if len(polls) < position and now - last_at < STALE_STEP:
        return None  # the claimed question is being posted right now
    if polls and not _question_over(session, chat.id, polls[-1], now):
        return None
    if position < total:
        if not quiz.claim_position(session, record.id, position, now):
            return None
        return _question(ctx, base, record, position, kind="question")
    if not quiz.claim_position(session, record.id, position, now, finish=True):
        return None
    studydays.update_run(session, run.id, status="finished", finished_at=now)
    summary = _summary(session, chat.id, record)
    return Step(
        "summary",
        run.id,
        chat.id,
        record.id,
        chat.language,
        open_period,
        total=total,
        summary=summary,
    )


def _question_over(session: Session, chat_id: int, poll: QuizPollRecord, now: datetime) -> bool:
    """Its time (and the answer grace) is up, or every known member has answered it."""
    if poll.closes_at is None or now > poll.closes_at + ANSWER_GRACE:
        return True
    answers = quiz.session_answers(session, poll.session_id or 0)
    answered = {a.learner_id for a in answers if a.poll_id == poll.poll_id}
    known = set(members.member_ids(session, chat_id))
    return bool(known) and known <= answered


def _question(
    ctx: ServiceContext,
    base: Step,
    record: QuizSessionRecord,
    index: int,
    *,
    kind: Literal["open", "question"],
    reading: SessionReading | None = None,
) -> Step | None:
    item = ctx.corpus.quiz_items.get(record.item_ids[index])
    if item is None:  # retired from the corpus since the session opened
        log.warning("study-day session %s: quiz item %s is gone", record.id, record.item_ids[index])
    return Step(
        kind,
        base.run_id,
        base.chat_id,
        base.session_id,
        base.lang,
        base.open_period,
        number=index + 1,
        total=len(record.item_ids),
        item=item,
        reading=reading,
    )


def _reading(ctx: ServiceContext, record: QuizSessionRecord) -> SessionReading:
    corpus = ctx.corpus
    items = [corpus.quiz_items[i] for i in record.item_ids if i in corpus.quiz_items]
    tags = items[0].tags if items else ()
    shared = [tag for tag in tags if all(tag in item.tags for item in items)]
    theme = (shared or list(tags) or [""])[0]
    excerpts = corpus.excerpts_on(theme) if theme else []
    quotations = corpus.quotations_on(theme) if theme else []
    offset = record.id % len(excerpts) if excerpts else 0
    chosen = (excerpts[offset:] + excerpts[:offset])[:READING_EXCERPTS]
    return SessionReading(
        theme=theme,
        excerpts=tuple((e, corpus.article_title(e.article_id)) for e in chosen),
        quotations=tuple(quotations[:READING_QUOTATIONS]),
    )


def _summary(session: Session, chat_id: int, record: QuizSessionRecord) -> SessionSummary:
    answered: dict[int, int] = defaultdict(int)
    correct: dict[int, int] = defaultdict(int)
    for a in quiz.session_answers(session, record.id):
        answered[a.learner_id] += 1
        correct[a.learner_id] += int(a.correct)
    participants = []
    for learner_id in sorted(answered):
        learner = learners.get_learner(session, learner_id)
        name = learner.display_name if learner else str(learner_id)
        participants.append(
            SessionParticipant(
                learner_id,
                name,
                min(answered[learner_id], len(record.item_ids)),
                correct[learner_id],
            )
        )
    return summarise_session(
        members.member_ids(session, chat_id), participants, len(record.item_ids)
    )
