"""Memory of the bot with 100,000 subscribers, idle and during their push (target < 150 MB RSS).

    python bench/bot_memory.py                        # SQLite, 100,000 subscribers
    python bench/bot_memory.py --backend postgres
    python bench/bot_memory.py --max-push-seconds 900 # let the whole push finish

The bot is a separate process started the way `studybot run` starts it (same settings from the
environment, same build_context / build_application / run_polling), long polling the Bot API
emulator that runs in this process. One variant, so that the push finishes in minutes rather
than the ~56 minutes 100,000 messages take at Telegram's 30/s: the child is built with
Tuning(overall_rate=0, planner_interval=10) — no rate limiter, planner every 10 s — and the
emulator answers at once with no flood limit.

1. 100,000 subscribed private chats are bulk-inserted with their next push tomorrow.
2. Idle: the bot starts; RSS (psutil, resident set size of the bot's process) is sampled every
   0.2 s for `--idle-seconds` after its first getUpdates.
3. Push: every chat is made due a minute ago (one UPDATE from this process); the planner picks
   them up at its next tick and the sender pushes; RSS is sampled until every push is answered
   or `--max-push-seconds` pass. The peak is reported.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psutil
import typer

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    Row,
    first_user_id,
    print_machine,
    print_table,
    progress,
    seed_due_chats,
    temp_database,
)

from bot.sandbox.emulator import BotApiEmulator

TOKEN = "424242:bench-token"
TARGET_MB = 150.0
MB = 2**20
app = typer.Typer(add_completion=False)


@app.command("child", hidden=True)
def child() -> None:
    """The bot as `studybot run` runs it, with the variant Tuning (see the module docstring)."""
    from telegram import Update

    from bot.app import Tuning, build_application, build_context
    from bot.logs import configure_logging
    from bot.settings import load_settings

    settings = load_settings()
    configure_logging(settings.token)
    ctx = build_context(settings)
    tuning = Tuning(overall_rate=0, planner_interval=10.0)
    app_ = build_application(settings, ctx, tuning)
    app_.run_polling(allowed_updates=Update.ALL_TYPES)


def make_all_due(url: str) -> None:
    from sqlalchemy import update

    from bot.db.models import Chat
    from bot.db.session import make_engine

    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(
                update(Chat).values(next_push_at=datetime.now(UTC) - timedelta(minutes=1))
            )
    finally:
        engine.dispose()


class Sampler:
    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.samples: list[tuple[float, float]] = []

    def sample(self) -> float:
        rss = self.process.memory_info().rss / MB
        self.samples.append((time.perf_counter(), rss))
        return rss

    def peak(self, since: float = 0.0) -> float:
        return max((rss for t, rss in self.samples if t >= since), default=0.0)


async def measure(
    url: str, subscribers: int, idle_seconds: float, max_push_seconds: float
) -> dict[str, float]:
    ids = list(range(first_user_id(), first_user_id() + subscribers))
    seeded = seed_due_chats(url, ids, due_at=datetime.now(UTC) + timedelta(days=1))
    progress(f"{subscribers:,} chats inserted in {seeded:.1f} s")
    async with BotApiEmulator(token=TOKEN) as emulator:
        for uid in ids:
            emulator.add_user(uid, f"学员{uid % 100000}")
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": emulator.base_url,
            "DATABASE_URL": url,
        }
        process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "child"],
            env=env,
            cwd=tempfile.gettempdir(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        sampler = Sampler(process.pid)
        try:
            while not emulator.requests_for("getUpdates"):
                if process.poll() is not None:
                    raise SystemExit("the bot exited before polling")
                sampler.sample()
                await asyncio.sleep(0.05)
            started_rss = sampler.sample()
            idle_from = time.perf_counter()
            while time.perf_counter() - idle_from < idle_seconds:
                sampler.sample()
                await asyncio.sleep(0.2)
            idle_peak, idle_end = sampler.peak(idle_from), sampler.sample()
            progress(
                f"idle: {idle_end:.1f} MB after {idle_seconds:.0f} s (peak {idle_peak:.1f} MB)"
            )
            await asyncio.to_thread(make_all_due, url)
            push_from = time.perf_counter()
            sent = first_at = 0.0
            last_report = push_from
            while time.perf_counter() - push_from < max_push_seconds:
                sampler.sample()
                sent = emulator.counters.per_method["sendMessage"]
                if sent and not first_at:
                    first_at = time.perf_counter()
                if sent >= subscribers:
                    break
                if time.perf_counter() - last_report > 30:
                    last_report = time.perf_counter()
                    rss, peak = sampler.samples[-1][1], sampler.peak(push_from)
                    progress(f"  pushed {sent:,.0f}; RSS {rss:.1f} MB, peak {peak:.1f} MB")
                await asyncio.sleep(0.2)
            push_seconds = time.perf_counter() - push_from
            push_peak = sampler.peak(push_from)
        finally:
            process.send_signal(signal.SIGINT)
            try:
                await asyncio.to_thread(process.wait, 30)
            except subprocess.TimeoutExpired:
                process.kill()
    return {
        "started": started_rss,
        "idle_peak": idle_peak,
        "idle_end": idle_end,
        "push_peak": push_peak,
        "sent": sent,
        "push_seconds": push_seconds,
        "send_seconds": time.perf_counter() - first_at if first_at else 0.0,
    }


@app.command("run")
def main(
    backend: str = typer.Option("sqlite", help="sqlite or postgres"),
    subscribers: int = typer.Option(100_000),
    idle_seconds: float = typer.Option(20.0),
    max_push_seconds: float = typer.Option(300.0, help="stop sampling the push after this long"),
) -> None:
    print_machine()
    print(
        "bot: separate process, `studybot run` start-up with "
        "Tuning(overall_rate=0, planner_interval=10); "
        f"emulator: latency 0, no flood limit; {backend}\n"
    )
    with temp_database(backend) as url:
        r = asyncio.run(measure(url, subscribers, idle_seconds, max_push_seconds))
    finished = r["sent"] >= subscribers
    progress(
        f"push: {r['sent']:,.0f} of {subscribers:,} sent in {r['push_seconds']:.0f} s"
        + ("" if finished else " (stopped sampling: --max-push-seconds)")
    )
    rows = [
        Row("RSS at the first getUpdates", f"{r['started']:.1f} MB"),
        Row(
            f"idle, {subscribers:,} subscribers: peak RSS",
            f"{r['idle_peak']:.1f} MB",
            f"< {TARGET_MB:.0f} MB",
            r["idle_peak"] < TARGET_MB,
        ),
        Row(
            f"during the push ({r['sent']:,.0f} of {subscribers:,} sent): peak RSS",
            f"{r['push_peak']:.1f} MB",
            f"< {TARGET_MB:.0f} MB",
            r["push_peak"] < TARGET_MB,
        ),
        Row("push rate in that run", f"{r['sent'] / r['push_seconds']:,.0f} msg/s"),
    ]
    print()
    print_table("memory of the bot process (resident set size)", rows)


if __name__ == "__main__":
    # `python bench/bot_memory.py [options]` runs the benchmark; `... child` is the bot process.
    if len(sys.argv) < 2 or sys.argv[1] != "child":
        sys.argv.insert(1, "run")
    app()
