"""End-to-end helpers: the real Application, long polling the Bot API emulator over HTTP.

Every test gets a fresh SQLite file, the small fixture corpus (exact assertions) and a sandbox
bot. After each test the emulator must have seen no request that breaks the Bot API spec, and
no text the bot sent may leak a traceback.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bot.app import Tuning
from bot.core import timezones
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.runtime import SandboxBot
from bot.sandbox.scenario import Actor

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
WANG, LI, ALICE, BOB = 1001, 1002, 1003, 1004  # zh, zh, en, zh (Bob never in the group)


def tuning() -> Tuning:
    # The background planner ticks rarely: tests move the clock and plan by hand.
    return Tuning(planner_interval=3600.0, sender_idle=0.2, overall_rate=0.0, instance="e2e")


def all_texts(emulator: BotApiEmulator) -> list[str]:
    """Every text the bot produced: messages, captions, polls, explanations, popups."""
    texts: list[str] = []
    for request in emulator.requests:
        for key in ("text", "caption", "question", "explanation"):
            value = request.params.get(key)
            if isinstance(value, str):
                texts.append(value)
    return texts


def assert_clean(emulator: BotApiEmulator) -> None:
    assert emulator.violations == [], emulator.violations
    leaks = [t for t in all_texts(emulator) if "Traceback" in t or "Error:" in t]
    assert leaks == [], leaks


class World:
    """A running bot plus the helpers the tests share."""

    def __init__(self, sandbox: SandboxBot, url: str) -> None:
        self.sandbox = sandbox
        self.actor = Actor(sandbox)
        self.emulator = sandbox.emulator
        self.url = url

    # -- acting ------------------------------------------------------------------------------
    async def says(self, user: int, text: str, chat_id: int | None = None, **kw: Any) -> int:
        return await self.actor.says(user, text, chat_id=chat_id, **kw)

    async def settle(self) -> None:
        await self.actor.settle()

    async def press(
        self, user: int, chat_id: int, message: dict[str, Any], data: str, *, forge: bool = False
    ) -> str:
        query_id = self.emulator.user_presses(
            user, message["message_id"], data, chat_id=chat_id, forge=forge
        )
        await self.settle()
        return query_id

    def popup(self, query_id: str) -> str:
        answer = self.emulator.callback_answer(query_id)
        assert answer is not None, "the bot did not answer the callback query"
        return answer.get("text") or ""

    # -- observing ---------------------------------------------------------------------------
    def messages(self, chat_id: int) -> list[dict[str, Any]]:
        return self.emulator.sent_messages(chat_id)

    def texts(self, chat_id: int) -> list[str]:
        return [m.get("text") or m.get("caption") or "" for m in self.messages(chat_id)]

    def last(self, chat_id: int) -> dict[str, Any]:
        return self.actor.last_message(chat_id)

    def last_text(self, chat_id: int) -> str:
        message = self.last(chat_id)
        return message.get("text") or message.get("caption") or ""

    def count(self, chat_id: int) -> int:
        return len(self.messages(chat_id))

    def new_since(self, chat_id: int, before: int) -> list[dict[str, Any]]:
        return self.messages(chat_id)[before:]

    def buttons(self, message: dict[str, Any]) -> list[tuple[str, str]]:
        rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
        return [(b["text"], b.get("callback_data", "")) for row in rows for b in row]

    def open_polls(self, chat_id: int, user: int) -> list[Any]:
        return self.actor.open_polls(chat_id, user)

    # -- the database ------------------------------------------------------------------------
    def rows(self, sql: str, **params: Any) -> list[Any]:
        with self.sandbox.ctx.sessions() as session:
            return list(session.execute(sa.text(sql), params))

    def one(self, sql: str, **params: Any) -> Any:
        rows = self.rows(sql, **params)
        assert len(rows) == 1, rows
        return rows[0]

    def snapshot(self) -> dict[str, list[Any]]:
        """Every row of every table (to prove that something changed nothing)."""
        engine = self.sandbox.ctx.sessions.kw["bind"]
        meta = sa.MetaData()
        meta.reflect(engine)
        with engine.connect() as connection:
            return {
                name: sorted(map(tuple, connection.execute(sa.select(table))), key=repr)
                for name, table in meta.tables.items()
                if name not in ("alembic_version", "scheduler_ticks")
            }

    # -- time --------------------------------------------------------------------------------
    async def jump(self, delta: timedelta) -> int:
        """Moves the clock, plans and sends; waits until no due push is queued or in flight.

        `Actor.jump` alone can return while the background sender is still sending a push it
        claimed first (its drain then finds nothing and the bot looks quiet for a moment)."""
        sent = await self.actor.jump(delta)
        await self.pushes_done()
        return sent

    async def pushes_done(self, timeout: float = 10.0) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        now = (
            self.sandbox.clock.now().astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        )  # as SQLite stores it
        while self.rows(
            "select id from deliveries where status = 'sending'"
            " or (status = 'queued' and next_attempt_at <= :now)",
            now=now,
        ):
            if loop.time() > deadline:
                raise TimeoutError("pushes still queued or in flight")
            await self.sandbox.drain_pushes()
            await asyncio.sleep(0.05)
        await self.settle()

    async def jump_to_push(self, tz_name: str = "Asia/Shanghai", hhmm: str = "08:00") -> int:
        """Moves the clock just past the next push instant of that zone and time; sends."""
        clock = self.sandbox.clock
        now = clock.now()
        at = timezones.next_push_at(
            timezones.parse_push_time(hhmm), timezones.parse_timezone(tz_name), now
        )
        return await self.jump(at - now + timedelta(seconds=1))
