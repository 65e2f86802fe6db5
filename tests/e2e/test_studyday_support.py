"""Helpers for the study-day and report end-to-end tests (no tests here).

Each test gets a fresh SQLite file, the small fixture corpus (exact figures) and the real bot
long polling the emulator. The repeating study-day job is removed: the tests move the clock
and run the job's body (`bot.delivery.sessions.tick`) themselves, so nothing races them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from bot.app import Tuning
from bot.delivery.sessions import TickResult, job_memory, tick
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.runtime import SANDBOX_TOKEN, running_sandbox
from bot.sandbox.scenario import Actor, choose

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
SHANGHAI = ZoneInfo("Asia/Shanghai")
WANG, LI, ALICE, BOB = 2001, 2002, 2003, 2004
NAMES = {WANG: "王芳", LI: "李明", ALICE: "Alice", BOB: "Bob"}


class StudyWorld:
    def __init__(self, actor: Actor) -> None:
        self.actor = actor
        self.sandbox = actor.sandbox
        self.emulator: BotApiEmulator = actor.emulator

    async def says(self, user: int, text: str, chat_id: int | None = None) -> None:
        await self.actor.says(user, text, chat_id=chat_id)

    async def tick(self) -> TickResult:
        app = self.sandbox.app
        result = await tick(self.sandbox.ctx, app.bot, "e2e-test", job_memory(app.bot_data))
        await self.actor.settle()
        return result

    async def jump(self, delta: timedelta) -> None:
        await self.actor.jump(delta)

    async def jump_to(self, local: datetime) -> None:
        """Moves both clocks to a local Shanghai time (forward only), plans and sends pushes."""
        target = local.replace(tzinfo=SHANGHAI)
        await self.actor.jump(target - self.sandbox.clock.now())

    def now_local(self) -> datetime:
        return self.sandbox.clock.now().astimezone(SHANGHAI)

    def texts(self, chat_id: int) -> list[str]:
        return [
            m.get("text") or m.get("caption") or "" for m in self.emulator.sent_messages(chat_id)
        ]

    def last_text(self, chat_id: int) -> str:
        return self.texts(chat_id)[-1]

    def polls(self, chat_id: int) -> list[Any]:
        return [p for p in self.emulator.polls.values() if p.chat_id == chat_id]

    async def answer(self, user: int, poll: Any, right: bool) -> None:
        self.emulator.user_answers_poll(user, poll.id, [choose(poll, right)])
        await self.actor.settle()

    def rows(self, sql: str, **params: Any) -> list[Any]:
        with self.sandbox.ctx.sessions() as session:
            return list(session.execute(sa.text(sql), params))

    async def group(self, title: str, admins: list[int], members: list[int]) -> int:
        """A group the bot is in, every user known to the bot as a member (they spoke)."""
        group = self.emulator.add_group(title, members, admin_ids=admins)
        self.emulator.add_bot_to_group(group, admins[0])
        await self.actor.settle()
        for user in admins + members:
            await self.says(user, "/studyday list", chat_id=group)
        return group


@pytest.fixture
async def sd(tmp_path: Path) -> AsyncIterator[StudyWorld]:
    emulator = BotApiEmulator(token=SANDBOX_TOKEN)
    for user, name in NAMES.items():
        emulator.add_user(user, name, language_code="en" if name == "Alice" else "zh-hans")
    tuning = Tuning(planner_interval=3600.0, sender_idle=0.2, overall_rate=0.0, instance="e2e")
    url = f"sqlite:///{tmp_path / 'studyday.sqlite3'}"
    async with running_sandbox(
        url, content_dir=CORPUS, tuning=tuning, emulator=emulator
    ) as sandbox:
        assert sandbox.app.job_queue is not None
        for job in sandbox.app.job_queue.get_jobs_by_name("studyday"):
            job.schedule_removal()
        world = StudyWorld(Actor(sandbox))
        await world.actor.settle()
        yield world
        await world.actor.settle()
    assert emulator.violations == [], emulator.violations
    leaks = [t for t in (world.texts(c) for c in (None,)) for t in t if "Traceback" in t]
    assert leaks == []
