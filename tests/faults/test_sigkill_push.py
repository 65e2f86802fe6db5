"""Issue 6: the day's push to 5,000 subscribers while the bot process is SIGKILLed at random
moments and restarted. Every subscriber gets the push; nobody gets it twice except where a
request was cut off after Telegram accepted it, at most kills x sender concurrency."""

from __future__ import annotations

import asyncio
import random
import signal
import time
from pathlib import Path

import pytest

from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.runtime import SANDBOX_TOKEN
from tests.faults.support import (
    accepted_pushes,
    add_users,
    bot_env,
    delivery_statuses,
    seed_due_subscribers,
    start_bot,
    stop_bot,
    wait_until,
)
from tests.support.postgres import require_postgres, temporary_postgres_database

SUBSCRIBERS = 5_000
KILLS = 5
CONCURRENCY = 32
SEED = 6


async def push_through_kills(url: str, tmp_path: Path) -> None:
    ids = await asyncio.to_thread(seed_due_subscribers, url, SUBSCRIBERS)
    emulator = BotApiEmulator(token=SANDBOX_TOKEN, strict=True)
    add_users(emulator, ids)
    await emulator.start()
    rng = random.Random(SEED)
    log = tmp_path / "bot.log"
    env = bot_env(emulator.base_url, url, concurrency=CONCURRENCY)
    kills: list[str] = []
    started = time.monotonic()
    try:
        while len(kills) < KILLS:
            before = sum(accepted_pushes(emulator).values())
            bot = start_bot(env, log)
            if rng.random() < 0.4:  # a moment in time: start-up, planning or sending
                delay = rng.uniform(1.0, 5.0)
                await asyncio.sleep(delay)
                moment = f"{delay:.2f}s after start"
            else:  # a moment in the push: after a random number of further pushes
                more = rng.randint(50, 600)
                target = before + more
                await wait_until(lambda t=target: sum(accepted_pushes(emulator).values()) >= t, 30)
                moment = f"after {more} more pushes"
            bot.send_signal(signal.SIGKILL)
            bot.wait(10)
            now_sent = sum(accepted_pushes(emulator).values())
            kills.append(f"{moment} (pushes so far {now_sent})")
        bot = start_bot(env, log)
        try:
            drained = await wait_until(
                lambda: len(accepted_pushes(emulator)) >= SUBSCRIBERS, 120, step=0.2
            )
            await asyncio.sleep(1.5)  # let the last outcomes be recorded
        finally:
            stop_bot(bot)
        elapsed = time.monotonic() - started
        pushes = accepted_pushes(emulator)
        got = {chat for chat in ids if pushes[chat] >= 1}
        twice = {chat: n for chat, n in pushes.items() if n > 1}
        extra = sum(n - 1 for n in twice.values())
        statuses = delivery_statuses(url)
        print(f"\nkills: {len(kills)}")
        for k in kills:
            print(f"  killed {k}")
        print(f"subscribers {SUBSCRIBERS}, got the push {len(got)}, drained={drained}")
        print(f"chats with more than one push {len(twice)}, extra pushes {extra}")
        print(f"allowed: kills x concurrency = {KILLS} x {CONCURRENCY} = {KILLS * CONCURRENCY}")
        print(f"deliveries by status {dict(statuses)}; took {elapsed:.1f}s")
        counters = emulator.counters
        print(f"emulator: violations {len(emulator.violations)}, statuses {dict(counters.status)}")
        if len(got) < SUBSCRIBERS or statuses.get("sent") != SUBSCRIBERS:
            print(log.read_text(errors="replace")[-4000:])
        assert len(got) == SUBSCRIBERS, f"{SUBSCRIBERS - len(got)} subscribers never got the push"
        assert set(pushes) <= set(ids)
        assert extra <= KILLS * CONCURRENCY, twice
        assert statuses == {"sent": SUBSCRIBERS}, statuses
        assert emulator.violations == []
    finally:
        await emulator.stop()


@pytest.mark.slow
async def test_push_to_5000_survives_sigkills_sqlite(tmp_path: Path) -> None:
    await push_through_kills(f"sqlite:///{tmp_path / 'bot.sqlite3'}", tmp_path)


@pytest.mark.slow
@pytest.mark.postgres
async def test_push_to_5000_survives_sigkills_postgres(tmp_path: Path) -> None:
    require_postgres()
    with temporary_postgres_database("studybot_faults") as url:
        await push_through_kills(url, tmp_path)
