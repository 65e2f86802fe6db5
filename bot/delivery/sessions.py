"""The scheduler side of the study-day system, one repeating job:

1. open the 集中学习日 sessions whose time has come (or record them missed),
2. move every running session on: announcement + reading + first poll, next poll, summary,
3. post the weekly and monthly 学习效果评比 reports that are due.

Everything is claimed in the database first (runs, the session's position, the report's
``deliveries`` row), so several instances or a restart never post anything twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape
from typing import Any

from telegram import Bot
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.core.evaluation import Lang
from bot.db.session import retry_transient
from bot.handlers.common import SERVICES_KEY
from bot.i18n import t
from bot.polls import PendingPolls, pending_polls_of
from bot.services import evaluation, quiz, studyday
from bot.services.context import ServiceContext
from bot.services.studyday import SessionReading, Step
from bot.views.quiz import send_quiz_poll
from bot.views.reading import quotation_text

log = logging.getLogger(__name__)
JOB_NAME = "studyday"
SEEN_REPORTS_LIMIT = 100_000


@dataclass
class JobMemory:
    """What the study-day job keeps between ticks, in the application's ``bot_data``."""

    pending_polls: PendingPolls
    # reports this process saw claimed (by itself or another instance): not tried again
    seen_reports: set[tuple[int, str, date]] = field(default_factory=set)


def job_memory(bot_data: MutableMapping[str, Any]) -> JobMemory:
    memory: JobMemory = bot_data.setdefault(
        "studyday_memory", JobMemory(pending_polls=pending_polls_of(bot_data))
    )
    return memory


@dataclass(frozen=True, slots=True)
class TickResult:
    started: int = 0
    missed: int = 0
    steps: int = 0
    reports: int = 0


async def tick(ctx: ServiceContext, bot: Bot, instance: str, memory: JobMemory) -> TickResult:
    """One pass: open due sessions, post their next steps, post due reports."""
    opened = await asyncio.to_thread(studyday.open_due_sessions, ctx)
    steps = await asyncio.to_thread(studyday.next_steps, ctx)
    for step in steps:
        await _post_step(ctx, bot, step, memory.pending_polls)
    if len(memory.seen_reports) > SEEN_REPORTS_LIMIT:
        memory.seen_reports.clear()
    posts = await asyncio.to_thread(
        evaluation.claim_due_reports, ctx, instance, memory.seen_reports
    )
    for post in posts:
        await _post_report(ctx, bot, post)
    return TickResult(len(opened.started), len(opened.missed), len(steps), len(posts))


async def studyday_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    ctx: ServiceContext = context.bot_data[SERVICES_KEY]
    tuning = context.bot_data.get("tuning")
    instance = getattr(tuning, "instance", "bot")
    result = await tick(ctx, context.bot, instance, job_memory(context.bot_data))
    if result.started or result.missed or result.reports:
        log.info("study days: %s", result)


# ------------------------------------------------------------------ sessions


async def _post_step(ctx: ServiceContext, bot: Bot, step: Step, pending: PendingPolls) -> None:
    try:
        if step.kind == "open":
            await _post_opening(bot, step)
        if step.kind in ("open", "question"):
            await _post_question(ctx, bot, step, pending)
        elif step.kind == "summary" and step.summary is not None:
            from bot.reports.text import render_session_summary

            text = render_session_summary(step.summary, _lang(step.lang))
            await bot.send_message(step.chat_id, text, parse_mode="HTML")
    except TelegramError as error:  # the group may have removed the bot: the run carries on
        log.warning("study-day session %s in chat %s: %s", step.run_id, step.chat_id, error)


async def _post_opening(bot: Bot, step: Step) -> None:
    """The announcement and the session's reading, in one message (groups allow 20 a minute)."""
    lang = step.lang
    text = t(lang, "sd.session.open", count=step.total, seconds=step.open_period)
    if step.reading is not None and (step.reading.excerpts or step.reading.quotations):
        text += "\n\n" + reading_text(step.reading, lang)
    await bot.send_message(step.chat_id, text[:4000], parse_mode="HTML")


def reading_text(reading: SessionReading, lang: str) -> str:
    parts = [t(lang, "sd.reading.title", theme=escape(reading.theme))]
    for excerpt, title in reading.excerpts:
        text = escape(excerpt.text, quote=False)
        if title:
            text += "\n" + t(lang, "reading.source", article=escape(title))
        parts.append(text)
    if reading.quotations:
        quotes = "\n".join(quotation_text(q, lang) for q in reading.quotations)
        parts.append(t(lang, "reading.quote_title") + "\n" + quotes)
    return "\n\n".join(parts)[:4000]


async def _post_question(ctx: ServiceContext, bot: Bot, step: Step, pending: PendingPolls) -> None:
    if step.item is None:
        return
    message = await send_quiz_poll(
        bot,
        step.chat_id,
        step.item,
        number=step.number,
        total=step.total,
        lang=step.lang,
        open_period=step.open_period,
    )
    if message.poll is None:
        return
    closes_at = ctx.clock.now() + timedelta(seconds=step.open_period)
    poll = quiz.OpenedPoll(
        message.poll.id, step.chat_id, message.message_id, step.session_id, step.item, closes_at
    )
    async with pending.recording(poll.poll_id):  # an answer may arrive before it is recorded
        await retry_transient(quiz.register_poll, ctx, poll, what="study-day poll")


# ------------------------------------------------------------------ reports


async def _post_report(ctx: ServiceContext, bot: Bot, post: evaluation.ReportPost) -> None:
    try:
        message_id = await send_report(ctx, bot, post.chat_id, post.chat_id, post.period)
    except Exception as error:  # recorded on the delivery row; never retried (at most once)
        log.warning("report %s for chat %s failed: %s", post.period.code(), post.chat_id, error)
        await asyncio.to_thread(
            evaluation.report_posted, ctx, post.delivery_id, None, str(error) or "error"
        )
        return
    await asyncio.to_thread(evaluation.report_posted, ctx, post.delivery_id, message_id)


async def send_report(
    ctx: ServiceContext, bot: Bot, group_id: int, to_chat: int, period: evaluation.Period
) -> int:
    """The report text, and for a month the participation chart; returns the text's id."""
    from bot.reports.text import render_report_text

    result = await asyncio.to_thread(evaluation.report, ctx, group_id, period)
    lang = _lang(result.lang)
    text = render_report_text(result.evaluation, lang)
    message = await bot.send_message(to_chat, text, parse_mode="HTML")
    if period.kind == "month":
        png = await asyncio.to_thread(_chart, result.evaluation, lang)
        await bot.send_photo(
            to_chat, png, caption=t(lang, "report.chart_caption", period=period.label(lang))
        )
    return message.message_id


def _chart(ev: evaluation.GroupEvaluation, lang: Lang) -> bytes:
    from bot.reports.chart import render_participation_chart

    title = f"{ev.chat_title} · {ev.period.label(lang)}"
    return render_participation_chart(ev.weekly, title, lang)


def _lang(lang: str) -> Lang:
    return "en" if lang == "en" else "zh"
