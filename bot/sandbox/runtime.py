"""The real bot, in this process, against the local Bot API emulator.

The same code path as `studybot run`: python-telegram-bot's Application with its HTTP client,
long polling the emulator on 127.0.0.1. Used by `studybot sandbox`, the demo and the e2e tests.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.app import Tuning, build_application, build_context
from bot.clock import ShiftedClock
from bot.delivery.planner import PlanResult, plan_minute
from bot.delivery.sender import Sender
from bot.sandbox.emulator import BotApiEmulator
from bot.services.context import ServiceContext
from bot.settings import Settings, load_settings

SANDBOX_TOKEN = "424242:sandbox-token"


@dataclass
class RunningBot:
    """The Application and its services, running against some Bot API server."""

    app: Application
    ctx: ServiceContext
    clock: ShiftedClock
    tuning: Tuning

    async def plan_now(self) -> PlanResult:
        result = await asyncio.to_thread(
            plan_minute, self.ctx, f"{self.tuning.instance}-{self.clock.now():%H%M%S%f}"
        )
        sender: Sender | None = self.app.bot_data.get("sender")
        if sender is not None:
            sender.wake()
        return result

    async def drain_pushes(self) -> int:
        """Sends everything queued now (instead of waiting for the background sender)."""
        sender: Sender = self.app.bot_data["sender"]
        total = 0
        while sent := await sender.drain_once():
            total += sent
        return total


@dataclass
class SandboxBot(RunningBot):
    emulator: BotApiEmulator

    async def advance(self, delta: timedelta) -> PlanResult:
        """Jumps the bot's and Telegram's clocks forward, then runs the push planner at once."""
        self.clock.advance(delta)
        self.emulator.advance_time(delta.total_seconds())
        return await self.plan_now()


def sandbox_settings(base_url: str, database_url: str, **overrides: Any) -> Settings:
    return load_settings(
        _env_file=None,
        telegram_bot_token=SANDBOX_TOKEN,
        telegram_api_base_url=base_url,
        database_url=database_url,
        **overrides,
    )


@asynccontextmanager
async def running_bot(
    base_url: str,
    database_url: str,
    *,
    content_dir: Path | None = None,
    tuning: Tuning | None = None,
    **settings_overrides: Any,
) -> AsyncIterator[RunningBot]:
    """The real bot long polling the Bot API at ``base_url`` (the emulator, here or in another
    process), with its services, until the block ends."""
    clock = ShiftedClock()
    overrides = dict(settings_overrides)
    if content_dir is not None:
        overrides["studybot_content_dir"] = str(content_dir)
    settings = sandbox_settings(base_url, database_url, **overrides)
    tuning = tuning or Tuning(planner_interval=5.0, sender_idle=0.2)
    ctx = await asyncio.to_thread(build_context, settings, clock)
    app = build_application(settings, ctx, tuning)
    await app.initialize()
    if app.post_init is not None:  # run_polling would call it; we start by hand
        await app.post_init(app)
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0.0, timeout=1, allowed_updates=Update.ALL_TYPES)
    try:
        yield RunningBot(app=app, ctx=ctx, clock=clock, tuning=tuning)
    finally:
        await app.updater.stop()
        await app.stop()
        if app.post_stop is not None:
            await app.post_stop(app)
        await app.shutdown()


@asynccontextmanager
async def running_sandbox(
    database_url: str,
    *,
    content_dir: Path | None = None,
    tuning: Tuning | None = None,
    emulator: BotApiEmulator | None = None,
    **settings_overrides: Any,
) -> AsyncIterator[SandboxBot]:
    """The real bot against an emulator in this process (started here, stopped after)."""
    emulator = emulator or BotApiEmulator(token=SANDBOX_TOKEN)
    await emulator.start()
    try:
        async with running_bot(
            emulator.base_url,
            database_url,
            content_dir=content_dir,
            tuning=tuning,
            **settings_overrides,
        ) as running:
            yield SandboxBot(
                app=running.app,
                ctx=running.ctx,
                clock=running.clock,
                tuning=running.tuning,
                emulator=emulator,
            )
    finally:
        await emulator.stop()
