"""Quizzes in chat: choosing questions from the review schedule, recording answers once."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from bot.core import review, timezones
from bot.core.review import ReviewCard
from bot.corpus.model import QuizItem
from bot.db.records import QuizPollRecord, QuizSessionRecord, ReviewCardRecord
from bot.db.repositories import chats, members, quiz
from bot.db.repositories import review as reviews
from bot.services import people
from bot.services.context import ServiceContext
from bot.services.people import Person
from bot.services.progress import DayStatus, learner_today, record_activity

TELEGRAM_QUESTION_LIMIT = 300
REVIEW_HORIZON = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class QuizStart:
    session_id: int
    items: tuple[QuizItem, ...]

    @property
    def first(self) -> QuizItem:
        return self.items[0]


@dataclass(frozen=True, slots=True)
class QuizResult:
    answered: int
    correct: int
    total: int
    due_for_review: int
    status: DayStatus


@dataclass(frozen=True, slots=True)
class AnswerOutcome:
    """What an answer led to: nothing (not ours, late, twice), the next question, or the end."""

    recorded: bool
    chat_id: int = 0
    next_item: QuizItem | None = None
    next_number: int = 0
    total: int = 0
    session_id: int = 0
    result: QuizResult | None = None
    status: DayStatus | None = None
    poll_id: str = ""
    unknown_poll: bool = False  # not (yet) one of ours
    group_answers: int = 0  # a group poll: how many members have answered it so far


def poll_question(item: QuizItem, number: int, total: int, prefix: str) -> str:
    """The poll's question with a "Q1/3" prefix when it still fits Telegram's limit."""
    text = prefix.format(n=number, total=total) + item.question
    return text if len(text) <= TELEGRAM_QUESTION_LIMIT else item.question


def start_private_quiz(ctx: ServiceContext, learner_id: int, chat_id: int) -> QuizStart | None:
    now = ctx.clock.now()
    with ctx.transaction() as session:
        chat = chats.get_chat(session, chat_id)
        length = chat.quiz_length if chat else ctx.defaults.quiz_length
        day = learner_today(session, learner_id, now, ctx.defaults.timezone)
        cards = [_card(r) for r in reviews.cards_for(session, learner_id)]
        seed = learner_id * 1_000_003 + day.toordinal()
        ids = review.select_quiz_items(cards, list(ctx.corpus.quiz_items), length, now, seed)
        return _create(ctx, session, chat_id, learner_id, ids, day, "private")


def start_group_quiz(
    ctx: ServiceContext, chat_id: int, theme: str | None = None
) -> QuizStart | None:
    now = ctx.clock.now()
    with ctx.transaction() as session:
        chat = chats.get_chat(session, chat_id)
        if chat is None:
            raise LookupError(f"unknown chat {chat_id}")
        day = timezones.local_date(now, timezones.parse_timezone(chat.timezone))
        pool = list(ctx.corpus.themes.get(theme, ())) if theme else list(ctx.corpus.quiz_items)
        asked = set(quiz.recent_item_ids(session, chat_id, limit=len(pool) // 2))
        fresh = [i for i in pool if i not in asked] or pool
        seed = abs(chat_id) * 1_000_003 + day.toordinal()
        ids = review.select_quiz_items([], fresh, chat.quiz_length, now, seed)
        return _create(ctx, session, chat_id, None, ids, day, "group")


@dataclass(frozen=True, slots=True)
class OpenedPoll:
    poll_id: str
    chat_id: int
    message_id: int
    session_id: int
    item: QuizItem
    closes_at: datetime | None


def register_poll(ctx: ServiceContext, poll: OpenedPoll) -> None:
    with ctx.transaction() as session:
        quiz.record_poll(
            session,
            poll_id=poll.poll_id,
            chat_id=poll.chat_id,
            message_id=poll.message_id,
            session_id=poll.session_id,
            item_id=poll.item.id,
            correct_option=poll.item.correct_index,
            option_count=len(poll.item.options),
            opened_at=ctx.clock.now(),
            closes_at=poll.closes_at,
        )


def answer(
    ctx: ServiceContext,
    poll_id: str,
    learner_id: int,
    option_ids: tuple[int, ...],
    person: Person | None = None,
) -> AnswerOutcome:
    """Records a poll answer once; advances the learner's private quiz to its next question.

    `person` (who answered, as Telegram describes them) is registered as a learner only when
    the answer counts: a stray or late answer leaves no trace."""
    now = ctx.clock.now()
    with ctx.transaction() as session:
        poll = quiz.get_poll(session, poll_id)
        if poll is None:
            return AnswerOutcome(recorded=False, unknown_poll=True)
        if len(option_ids) != 1 or not 0 <= option_ids[0] < poll.option_count:
            return AnswerOutcome(recorded=False)
        if poll.closed or (
            poll.closes_at is not None and now > poll.closes_at + timedelta(seconds=5)
        ):
            return AnswerOutcome(recorded=False)
        chat = chats.get_chat(session, poll.chat_id)
        if chat is None or (chat.type == "private" and poll.chat_id != learner_id):
            return AnswerOutcome(
                recorded=False
            )  # nobody answers a poll in someone else's private chat
        if person is not None:
            people.ensure_participant_in(ctx, session, person)
        item = ctx.corpus.quiz_items.get(poll.item_id)
        correct = option_ids[0] == poll.correct_option
        day = learner_today(session, learner_id, now, ctx.defaults.timezone)
        if not quiz.record_answer(
            session,
            learner_id=learner_id,
            poll_id=poll_id,
            chosen_option=option_ids[0],
            answered_at=now,
            study_day=day,
        ):
            return AnswerOutcome(recorded=False)
        if item is not None:
            _review(session, learner_id, item.id, correct, now)
        if poll.chat_id != learner_id:  # answering in a group makes one a member of it
            members.add_member(session, poll.chat_id, learner_id, now)
        status = record_activity(ctx, session, learner_id, answers=1, correct=int(correct))
        return _advance(ctx, session, poll, learner_id, status)


def group_quiz_summary(ctx: ServiceContext, session_id: int) -> tuple[int, int, int]:
    """(participants, answers, correct) of a group quiz."""
    with ctx.transaction() as session:
        answers = quiz.session_answers(session, session_id)
        participants = len({a.learner_id for a in answers})
        return participants, len(answers), sum(1 for a in answers if a.correct)


def poll_message(ctx: ServiceContext, poll_id: str) -> tuple[int, int] | None:
    """(chat id, message id) of one of our polls."""
    with ctx.transaction() as session:
        poll = quiz.get_poll(session, poll_id)
    if poll is None or poll.message_id is None:
        return None
    return poll.chat_id, poll.message_id


def close_poll(ctx: ServiceContext, poll_id: str) -> None:
    with ctx.transaction() as session:
        quiz.close_poll(session, poll_id)


def get_session(ctx: ServiceContext, session_id: int) -> QuizSessionRecord | None:
    with ctx.transaction() as session:
        return quiz.get_session(session, session_id)


def item(ctx: ServiceContext, item_id: str) -> QuizItem | None:
    return ctx.corpus.quiz_items.get(item_id)


def _create(
    ctx: ServiceContext,
    session: Session,
    chat_id: int,
    learner_id: int | None,
    ids: list[str],
    day: date,
    kind: str,
) -> QuizStart | None:
    if not ids:
        return None
    record = quiz.create_session(
        session,
        chat_id=chat_id,
        learner_id=learner_id,
        kind=kind,
        item_ids=ids,
        study_day=day,
        now=ctx.clock.now(),
    )
    return QuizStart(record.id, tuple(ctx.corpus.quiz_items[i] for i in ids))


def _advance(
    ctx: ServiceContext, session: Session, poll: QuizPollRecord, learner_id: int, status: DayStatus
) -> AnswerOutcome:
    """Moves the learner's own private quiz on, if this poll was its current question."""
    record = quiz.get_session(session, poll.session_id) if poll.session_id else None
    base = AnswerOutcome(recorded=True, chat_id=poll.chat_id, status=status)
    if record is not None and record.kind != "private":
        answered = {
            a.learner_id
            for a in quiz.session_answers(session, record.id)
            if a.poll_id == poll.poll_id
        }
        return replace(
            base, session_id=record.id, poll_id=poll.poll_id, group_answers=len(answered)
        )
    if record is None or record.learner_id != learner_id:
        return base
    if record.finished_at is not None or record.item_ids[record.position] != poll.item_id:
        return base
    advanced = quiz.advance_session(session, record.id, ctx.clock.now())
    total = len(record.item_ids)
    next_item = (
        ctx.corpus.quiz_items.get(record.item_ids[advanced.position])
        if advanced.finished_at is None
        else None
    )
    if next_item is not None:
        return AnswerOutcome(
            recorded=True,
            chat_id=poll.chat_id,
            next_item=next_item,
            next_number=advanced.position + 1,
            total=total,
            session_id=record.id,
            status=status,
        )
    return AnswerOutcome(
        recorded=True,
        chat_id=poll.chat_id,
        session_id=record.id,
        total=total,
        result=_result(ctx, session, record.id, learner_id, total, status),
        status=status,
    )


def _result(
    ctx: ServiceContext,
    session: Session,
    session_id: int,
    learner_id: int,
    total: int,
    status: DayStatus,
) -> QuizResult:
    mine = [a for a in quiz.session_answers(session, session_id) if a.learner_id == learner_id]
    horizon = ctx.clock.now() + REVIEW_HORIZON
    due = sum(1 for c in reviews.cards_for(session, learner_id) if c.due <= horizon and c.lapses)
    return QuizResult(
        answered=len(mine),
        correct=sum(1 for a in mine if a.correct),
        total=total,
        due_for_review=due,
        status=status,
    )


def _review(session: Session, learner_id: int, item_id: str, correct: bool, now: datetime) -> None:
    existing = reviews.cards_for(session, learner_id, [item_id])
    card = _card(existing[0]) if existing else review.new_card(item_id, now)
    updated = review.review(card, correct, now)
    reviews.upsert_card(
        session,
        ReviewCardRecord(
            learner_id=learner_id,
            item_id=item_id,
            due=updated.due,
            state=updated.state,
            reps=updated.reps,
            lapses=updated.lapses,
            last_review=updated.last_review,
        ),
    )


def _card(record: ReviewCardRecord) -> ReviewCard:
    return ReviewCard(
        item_id=record.item_id,
        due=record.due,
        state=record.state,
        reps=record.reps,
        lapses=record.lapses,
        last_review=record.last_review,
    )
