"""The one place that wires settings, database, corpus, handlers and jobs into an Application."""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from telegram import BotCommand, BotCommandScopeAllGroupChats, BotCommandScopeDefault
from telegram.ext import Application, ContextTypes, SimpleUpdateProcessor
from telegram.ext import Defaults as PTBDefaults

from bot.clock import Clock, SystemClock
from bot.core import timezones
from bot.corpus.index import CorpusIndex
from bot.corpus.loader import default_content_dir, load_corpus
from bot.db.migrate import ensure_schema
from bot.db.records import ContentRow
from bot.db.repositories import content as content_repo
from bot.db.session import make_engine, make_session_factory
from bot.delivery.planner import plan_minute
from bot.delivery.ratelimit import PausingRateLimiter
from bot.delivery.sender import Sender, default_concurrency
from bot.delivery.sessions import studyday_job
from bot.handlers import (
    account,
    errors,
    fallback,
    group,
    notes,
    quiz,
    rank,
    reading,
    settings,
    start,
    streak,
)
from bot.handlers import admin as admin_handlers
from bot.handlers import report as report_handlers
from bot.handlers import studyday as studyday_handlers
from bot.handlers.common import SERVICES_KEY
from bot.i18n import t
from bot.services.context import Defaults, ServiceContext
from bot.settings import Settings
from bot.telegram_http import AiohttpRequest

log = logging.getLogger(__name__)

MENU = ("today", "quiz", "streak", "rank", "quote", "note", "notes", "settings", "help")
GROUP_MENU = ("quiz", "rank", "today", "settings", "studyday", "report", "help")


class CountingUpdateProcessor(SimpleUpdateProcessor):
    """Processes updates concurrently and knows how many are in flight (the sandbox waits on it)."""

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self.in_flight = 0

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        self.in_flight += 1
        try:
            await coroutine
        finally:
            self.in_flight -= 1


DEFAULT_REQUEST_TIMEOUT = 5.0  # python-telegram-bot's own default for a Bot API call


@dataclass
class Tuning:
    """Knobs the sandbox, the tests and the benchmarks turn; the defaults suit production."""

    overall_rate: float = 30.0  # messages a second across all chats (0: no limit)
    sender_concurrency: int = 0  # sends in flight (0: as the rate needs, default_concurrency)
    concurrent_updates: int = 256
    planner_interval: float = 60.0
    sender_idle: float = 1.0
    instance: str = field(default_factory=lambda: default_instance())
    lease_seconds: float = 30.0  # a sender's hold on a row, renewed while it is being sent
    request_timeout: float | None = None  # Bot API read/write timeout (None: PTB's 5 s)

    def __post_init__(self) -> None:
        if self.sender_concurrency <= 0:
            self.sender_concurrency = default_concurrency(self.overall_rate)

    @classmethod
    def from_settings(cls, settings: Settings) -> Tuning:
        """What `studybot run` uses: the STUDYBOT_* delivery settings (docs/guarantees.md)."""
        return cls(
            overall_rate=settings.studybot_send_rate,
            sender_concurrency=settings.studybot_sender_concurrency or 0,
            planner_interval=settings.studybot_planner_interval,
            instance=settings.studybot_instance or default_instance(),
            lease_seconds=settings.studybot_delivery_lease_seconds,
            request_timeout=settings.studybot_request_timeout,
        )


def default_instance() -> str:
    """Unique among running processes: host, pid and a random suffix (max 64 characters)."""
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{secrets.token_hex(3)}"


def seconds_until_next_minute(now: datetime) -> float:
    return (now.replace(second=0, microsecond=0) + timedelta(minutes=1) - now).total_seconds()


def build_context(settings: Settings, clock: Clock | None = None) -> ServiceContext:
    """Database (migrated to head), corpus and defaults: what the services need."""
    url = settings.database_url
    ensure_schema(url)
    engine = make_engine(url)
    content_dir = (
        Path(settings.studybot_content_dir)
        if settings.studybot_content_dir
        else default_content_dir()
    )
    corpus = CorpusIndex(load_corpus(content_dir))
    defaults = Defaults(
        timezone=timezones.parse_timezone(settings.studybot_default_tz).key,
        push_time=timezones.parse_push_time(settings.studybot_default_push_time),
        quiz_length=settings.studybot_quiz_length,
        group_open_period=settings.studybot_group_open_period,
    )
    return ServiceContext(
        sessions=make_session_factory(engine),
        corpus=corpus,
        clock=clock or SystemClock(),
        defaults=defaults,
        admins=frozenset(settings.studybot_admins),
    )


def build_application(
    settings: Settings, ctx: ServiceContext, tuning: Tuning | None = None
) -> Application:
    tuning = tuning or Tuning.from_settings(settings)
    base_url = settings.telegram_api_base_url.rstrip("/")
    timeout = tuning.request_timeout or DEFAULT_REQUEST_TIMEOUT  # shorter than a hung request
    app = (
        Application.builder()
        .request(AiohttpRequest(tuning.sender_concurrency + 32, timeout, timeout))
        .get_updates_request(AiohttpRequest(2, timeout, timeout))
        .token(settings.token)
        .base_url(base_url)
        .base_file_url(_file_url(base_url))
        .rate_limiter(PausingRateLimiter(overall_max_rate=tuning.overall_rate, max_retries=3))
        .concurrent_updates(CountingUpdateProcessor(tuning.concurrent_updates))
        .defaults(PTBDefaults(tzinfo=UTC))
        .post_init(_on_start)
        .post_stop(_on_stop)
        .build()
    )
    app.bot_data[SERVICES_KEY] = ctx
    app.bot_data["tuning"] = tuning
    _add_handlers(app)
    app.add_error_handler(errors.on_error)
    return app


def _add_handlers(app: Application) -> None:
    for handler in fallback.early_handlers():
        app.add_handler(handler, group=-1)
    for module in (start, reading, quiz, streak, rank, settings, notes, account, group):
        app.add_handlers(module.handlers())
    for module in (studyday_handlers, report_handlers):  # 集中学习日 and 学习效果评比
        app.add_handlers(module.handlers())
    admin_handlers.install(app)  # bot administrators: /stats /broadcast /reload /import
    app.add_handlers(fallback.late_handlers())


def _file_url(base_url: str) -> str:
    """Telegram serves files under /file/bot<token>; a self-hosted server does the same."""
    return (
        base_url[: -len("/bot")] + "/file/bot" if base_url.endswith("/bot") else base_url + "/file"
    )


async def _on_start(app: Application) -> None:
    ctx: ServiceContext = app.bot_data[SERVICES_KEY]
    tuning: Tuning = app.bot_data["tuning"]
    report = await asyncio.to_thread(sync_content, ctx)
    log.info("corpus in the database: %s", report)
    await _register_commands(app)
    sender = Sender(ctx, app.bot, tuning.instance, tuning.sender_concurrency, tuning.lease_seconds)
    stop = asyncio.Event()
    app.bot_data["sender_stop"] = stop
    app.bot_data["sender"] = sender
    app.bot_data["sender_task"] = asyncio.create_task(sender.run(stop, tuning.sender_idle))
    if app.job_queue is not None:
        first = (
            seconds_until_next_minute(datetime.now(UTC)) if tuning.planner_interval >= 60 else 0.1
        )
        app.job_queue.run_repeating(
            _planner_job, interval=tuning.planner_interval, first=first, name="planner"
        )
        sessions_every = min(tuning.planner_interval, 30.0)  # study-day sessions and reports
        app.job_queue.run_repeating(
            studyday_job, interval=sessions_every, first=sessions_every, name="studyday"
        )


async def _on_stop(app: Application) -> None:
    stop: asyncio.Event | None = app.bot_data.get("sender_stop")
    task: asyncio.Task[None] | None = app.bot_data.get("sender_task")
    if stop is not None and task is not None:
        stop.set()
        await asyncio.wait([task], timeout=10)


async def _planner_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    ctx: ServiceContext = context.bot_data[SERVICES_KEY]
    tuning: Tuning = context.bot_data["tuning"]
    result = await asyncio.to_thread(plan_minute, ctx, tuning.instance)
    if result.queued:
        log.info("queued %d pushes", result.queued)
        sender: Sender | None = context.bot_data.get("sender")
        if sender is not None:
            sender.wake()


def sync_content(ctx: ServiceContext) -> object:
    """Loads the curated corpus into the database under its stable ids (history is kept)."""
    corpus = ctx.corpus.corpus
    rows = [
        ContentRow(e.id, "excerpt", e.article_id, {"text": e.text}, e.tags) for e in corpus.excerpts
    ]
    rows += [
        ContentRow(
            q.id, "quotation", q.article_id, {"text": q.text, "attribution": q.attribution}, q.tags
        )
        for q in corpus.quotations
    ]
    rows += [
        ContentRow(
            q.id,
            "quiz",
            q.article_id,
            {
                "kind": str(q.kind),
                "question": q.question,
                "options": list(q.options),
                "correct": q.correct_index,
            },
            q.tags,
        )
        for q in corpus.quiz_items
    ]
    with ctx.transaction() as session:
        return content_repo.sync_content(session, rows, ctx.clock.now())


async def _register_commands(app: Application) -> None:
    """The command menu, in Chinese by default and in English for English-language users."""
    for scope, names in (
        (BotCommandScopeDefault(), MENU),
        (BotCommandScopeAllGroupChats(), GROUP_MENU),
    ):
        for lang, code in (("zh", None), ("en", "en")):
            commands = [BotCommand(name, t(lang, f"cmd.{name}")) for name in names]
            await app.bot.set_my_commands(commands, scope=scope, language_code=code)
