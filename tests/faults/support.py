"""Shared by the fault tests: seeding due subscribers in bulk, counting pushes the emulator
accepted, reading the delivery table."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bot.db.migrate import upgrade_to_head
from bot.db.models import Chat, Learner
from bot.db.repositories._common import table_of
from bot.db.session import make_engine
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.runtime import SANDBOX_TOKEN

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
FIRST_USER = 100_000


def seed_due_subscribers(
    url: str,
    count: int,
    *,
    first: int = FIRST_USER,
    groups: dict[int, str] | None = None,
    due_in: float = -30.0,
) -> list[int]:
    """``count`` private chats (and their learners), subscribed, in UTC, whose push was due
    half a minute ago, and the ``groups`` (id → title) likewise. Returns the private ids.
    The database is migrated first."""
    upgrade_to_head(url)
    now = datetime.now(UTC)
    due = now + timedelta(seconds=due_in)  # push time: that minute; the push: at `due`
    minute = due.hour * 60 + due.minute
    ids = list(range(first, first + count))
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(
                sa.insert(table_of(Learner)),
                [
                    {
                        "id": i,
                        "display_name": f"learner {i}",
                        "language": "zh",
                        "timezone": "UTC",
                        "leaderboard_opt_in": False,
                        "created_at": now,
                    }
                    for i in ids
                ],
            )
            connection.execute(
                sa.insert(table_of(Chat)),
                [_chat_row(i, "private", None, minute, due, now) for i in ids]
                + [
                    _chat_row(g, "group", title, minute, due, now)
                    for g, title in (groups or {}).items()
                ],
            )
    finally:
        engine.dispose()
    return ids


def add_users(emulator: BotApiEmulator, ids: list[int]) -> None:
    for i in ids:
        emulator.add_user(i, f"learner {i}")


def accepted_pushes(emulator: BotApiEmulator) -> Counter[int]:
    """Per chat, how many messages the emulator (Telegram) holds from the bot: what the
    learner saw, whether or not the answer reached the bot before a kill or a timeout."""
    return Counter(int(m["chat"]["id"]) for m in emulator.sent_messages())


def delivery_statuses(url: str, kind: str = "daily") -> Counter[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("select status, count(*) from deliveries where kind = :k group by status"),
                {"k": kind},
            )
            return Counter({status: int(n) for status, n in rows})
    finally:
        engine.dispose()


def scalar(url: str, sql: str, **params: object) -> object:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text(sql), params).scalar()
    finally:
        engine.dispose()


async def wait_until(predicate: Callable[[], bool], timeout: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(step)
    return predicate()


def bot_env(
    base_url: str, database_url: str, *, concurrency: int = 32, **extra: str
) -> dict[str, str]:
    """The environment of a `studybot run` process for the fault tests."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STUDYBOT_", "TELEGRAM_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=SANDBOX_TOKEN,
        TELEGRAM_API_BASE_URL=base_url,
        DATABASE_URL=database_url,
        STUDYBOT_CONTENT_DIR=str(CORPUS),
        STUDYBOT_INSTANCE="faults-bot-1",  # stable: a restart takes its unfinished rows back
        STUDYBOT_DELIVERY_LEASE_SECONDS="5",
        STUDYBOT_SEND_RATE="0",  # the emulator has no flood limits here; speed is the point
        STUDYBOT_SENDER_CONCURRENCY=str(concurrency),
        STUDYBOT_PLANNER_INTERVAL="1",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def start_bot(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """`studybot run` as a separate process (its output appended to ``log``)."""
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-c", "from bot.cli import main; main()", "run"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=Path(__file__).resolve().parents[2],
        )


def stop_bot(bot: subprocess.Popen[bytes]) -> None:
    if bot.poll() is not None:
        return
    bot.send_signal(signal.SIGTERM)
    try:
        bot.wait(15)
    except subprocess.TimeoutExpired:
        bot.kill()
        bot.wait(5)


async def bot_polling(emulator: BotApiEmulator, timeout: float = 30.0) -> bool:
    """True once the bot has started (post_init done) and long-polls for updates."""
    seen = len(emulator.requests_for("getUpdates"))
    return await wait_until(lambda: len(emulator.requests_for("getUpdates")) > seen, timeout)


def _chat_row(
    chat_id: int, kind: str, title: str | None, minute: int, due: datetime, now: datetime
) -> dict[str, Any]:
    """A subscribed chat in UTC whose push is due, as the bulk insert wants it."""
    return {
        "id": chat_id,
        "type": kind,
        "title": title,
        "language": "zh",
        "timezone": "UTC",
        "push_minute": minute,
        "quiz_length": 3,
        "subscribed": True,
        "paused": False,
        "blocked": False,
        "next_push_at": due,
        "greeted": True,
        "created_at": now,
    }
