"""/quiz in private chats and groups, and every poll answer."""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from telegram import Message, Update
from telegram.error import BadRequest
from telegram.ext import (
    BaseHandler,
    CallbackContext,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    PollAnswerHandler,
)

from bot.corpus.model import QuizItem
from bot.handlers.common import call, person_of, reply, services
from bot.handlers.context import Here, chat_and_caller
from bot.i18n import t
from bot.polls import PendingPolls, pending_polls_of
from bot.services import people, quiz
from bot.services.people import Person
from bot.services.quiz import QuizStart
from bot.views import callbacks
from bot.views.quiz import percent, result_text, send_quiz_poll

RUNNING_GROUP_QUIZ = "running_group_quiz"
MEMBER_COUNT = "member_count"
MEMBER_COUNT_TTL = 300.0


async def quiz_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    here = await chat_and_caller(update, context)
    if here is not None:
        await _start(update, context, here)


async def quiz_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    here = await chat_and_caller(update, context)
    if query is None or here is None:
        return
    await query.answer()
    await _start(update, context, here)


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE, here: Here) -> None:
    if here.in_group:
        await _start_group_quiz(update, context, here)
        return
    start = await call(context, quiz.start_private_quiz, here.caller.learner.id, here.chat_id)
    if start is None:
        await context.bot.send_message(here.chat_id, t(here.lang, "quiz.none"))
        return
    await context.bot.send_message(here.chat_id, t(here.lang, "quiz.intro", count=len(start.items)))
    await _send(
        context, here.chat_id, start.session_id, start.first, 1, len(start.items), here.lang
    )


async def _start_group_quiz(update: Update, context: ContextTypes.DEFAULT_TYPE, here: Here) -> None:
    chat_data = context.chat_data if context.chat_data is not None else {}
    if chat_data.get(RUNNING_GROUP_QUIZ):
        await reply(update, t(here.lang, "quiz.in_progress"))
        return
    start = await call(context, quiz.start_group_quiz, here.chat_id, None)
    if start is None:
        await reply(update, t(here.lang, "quiz.none"))
        return
    seconds = services(context).defaults.group_open_period
    chat_data[RUNNING_GROUP_QUIZ] = start.session_id
    await context.bot.send_message(
        here.chat_id, t("zh", "quiz.intro.group", count=len(start.items), seconds=seconds)
    )
    await post_group_question(context, here.chat_id, start, 0, seconds, "zh")


async def post_group_question(
    context: ContextTypes.DEFAULT_TYPE,
    chat_id: int,
    start: QuizStart,
    index: int,
    seconds: int,
    lang: str,
) -> None:
    """Posts question `index` with a time limit; a job posts the next when it closes."""
    item = start.items[index]
    message = await _send(
        context, chat_id, start.session_id, item, index + 1, len(start.items), lang, seconds
    )
    if context.job_queue is None or message.poll is None:
        return
    context.job_queue.run_once(
        _group_question_closed,
        when=timedelta(seconds=seconds + 1),
        data=GroupQuestion(start, index, seconds, lang, message.poll.id),
        chat_id=chat_id,
        name=_job_name(start.session_id, message.poll.id),
    )


@dataclass(frozen=True, slots=True)
class GroupQuestion:
    """What the job that closes a group question needs to know."""

    start: QuizStart
    index: int
    seconds: int
    lang: str
    poll_id: str


def astuple_shallow(q: GroupQuestion) -> tuple[QuizStart, int, int, str, str]:
    return q.start, q.index, q.seconds, q.lang, q.poll_id


async def _group_question_closed(context: ContextTypes.DEFAULT_TYPE) -> None:
    job = context.job
    if job is None or job.chat_id is None:
        return
    if not isinstance(job.data, GroupQuestion):
        return
    start, index, seconds, lang, poll_id = astuple_shallow(job.data)
    await call(context, quiz.close_poll, poll_id)  # no answer counts once the question is over
    if index + 1 < len(start.items):
        await post_group_question(context, job.chat_id, start, index + 1, seconds, lang)
        return
    participants, answers, correct = await call(context, quiz.group_quiz_summary, start.session_id)
    if (
        context.application.chat_data.get(job.chat_id, {}).get(RUNNING_GROUP_QUIZ)
        == start.session_id
    ):
        context.application.chat_data[job.chat_id].pop(RUNNING_GROUP_QUIZ, None)
    await context.bot.send_message(
        job.chat_id,
        t(lang, "quiz.group_result", participants=participants, accuracy=percent(correct, answers)),
    )


async def _close_group_question_early(
    context: ContextTypes.DEFAULT_TYPE, session_id: int, poll_id: str
) -> None:
    """Every member of the group has answered: no need to wait for the time limit."""
    if context.job_queue is None:
        return
    for job in context.job_queue.get_jobs_by_name(_job_name(session_id, poll_id)):
        if not job.removed:
            job.schedule_removal()
            await _stop_poll(context, poll_id)
            await _group_question_closed(
                CallbackContext.from_job(cast(Any, job), cast(Any, context.application))
            )


async def _stop_poll(context: ContextTypes.DEFAULT_TYPE, poll_id: str) -> None:
    """Closes the poll in Telegram too, so nobody keeps answering a question that is over."""
    where = await call(context, quiz.poll_message, poll_id)
    if where is None:
        return
    with contextlib.suppress(BadRequest):  # already closed by its open_period: nothing to do
        await context.bot.stop_poll(*where)


async def _group_size(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> int:
    """Members other than the bot, asked of Telegram at most every few minutes: each request
    to a group counts against Telegram's 20-a-minute limit for that group."""
    cached = context.application.chat_data[chat_id].get(MEMBER_COUNT)
    now = time.monotonic()
    if cached is None or now - cached[1] > MEMBER_COUNT_TTL:
        cached = (await context.bot.get_chat_member_count(chat_id) - 1, now)
        context.application.chat_data[chat_id][MEMBER_COUNT] = cached
    return int(cached[0])


def _job_name(session_id: int, poll_id: str) -> str:
    return f"group-quiz-{session_id}-{poll_id}"


async def _send(
    context: ContextTypes.DEFAULT_TYPE,
    chat_id: int,
    session_id: int,
    item: QuizItem,
    number: int,
    total: int,
    lang: str,
    open_period: int | None = None,
) -> Message:
    message = await send_quiz_poll(
        context.bot, chat_id, item, number=number, total=total, lang=lang, open_period=open_period
    )
    if message.poll is None:
        return message
    closes_at = (
        services(context).clock.now() + timedelta(seconds=open_period) if open_period else None
    )
    poll = quiz.OpenedPoll(
        message.poll.id, chat_id, message.message_id, session_id, item, closes_at
    )
    async with pending_polls(context).recording(poll.poll_id):
        await call(context, quiz.register_poll, poll)
    return message


async def _answer(
    context: ContextTypes.DEFAULT_TYPE,
    poll_id: str,
    user_id: int,
    options: tuple[int, ...],
    person: Person,
) -> quiz.AnswerOutcome:
    """Records the answer; one racing the recording of its poll waits for it (bot.polls)."""
    outcome = await call(context, quiz.answer, poll_id, user_id, options, person)
    if outcome.unknown_poll and await pending_polls(context).wait_recorded(poll_id):
        outcome = await call(context, quiz.answer, poll_id, user_id, options, person)
    return outcome


def pending_polls(context: ContextTypes.DEFAULT_TYPE) -> PendingPolls:
    return pending_polls_of(context.bot_data)


async def poll_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    answer = update.poll_answer
    if answer is None or answer.user is None or answer.user.is_bot:
        return
    person = person_of(answer.user)
    outcome = await _answer(
        context, answer.poll_id, answer.user.id, tuple(answer.option_ids), person
    )
    if not outcome.recorded:
        return
    caller = await call(context, people.ensure_learner_if_known, answer.user.id)
    lang = caller.lang if caller is not None else person.language
    if outcome.group_answers:
        if outcome.group_answers >= await _group_size(context, outcome.chat_id):
            await _close_group_question_early(context, outcome.session_id, outcome.poll_id)
        return
    if outcome.next_item is not None:
        await _send(
            context,
            outcome.chat_id,
            outcome.session_id,
            outcome.next_item,
            outcome.next_number,
            outcome.total,
            lang,
        )
    elif outcome.result is not None:
        await context.bot.send_message(
            outcome.chat_id, result_text(outcome.result, lang), parse_mode="HTML"
        )


def handlers() -> list[BaseHandler]:
    return [
        CommandHandler("quiz", quiz_command),
        CallbackQueryHandler(quiz_button, pattern=rf"^{callbacks.QUIZ}$"),
        PollAnswerHandler(poll_answer),
    ]
