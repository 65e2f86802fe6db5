"""Update throughput: 10,000 learners send /start at once (target ≥ 500 updates/s end to end).

    python bench/bot_updates.py                       # SQLite (temp file)
    python bench/bot_updates.py --backend postgres    # a new database on 127.0.0.1:5432
    python bench/bot_updates.py --backend both

The bot runs in this process as `studybot sandbox` runs it (`running_bot`: the Application
long polling the Bot API emulator over HTTP on 127.0.0.1, default Tuning except the sandbox's
planner interval). The emulator runs in a child process (`--emulator process`, the default:
Telegram's work is not done on the bot's CPU) or in this process and event loop
(`--emulator inline`, as the e2e tests run it). 10,000 users are added to the emulator, then
each sends /start; the clock runs from the injection until the emulator has answered 10,000
sendMessage calls (each one: update received, learner and chat stored, welcome sent). The rate
is updates / elapsed.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable
from pathlib import Path

import typer

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Row, first_user_id, print_machine, print_table, progress, temp_database
from remote_emulator import RemoteEmulator

from bot.app import Tuning
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.runtime import SANDBOX_TOKEN, running_bot, running_sandbox

TARGET_PER_S = 500.0
app = typer.Typer(add_completion=False)


async def measure_inline(url: str, learners: int, tuning: Tuning) -> dict[str, float]:
    """The emulator in this event loop: it and the bot share one CPU."""
    emulator = BotApiEmulator(token=SANDBOX_TOKEN)
    async with running_sandbox(url, emulator=emulator, tuning=tuning):
        ids = list(range(first_user_id(), first_user_id() + learners))
        for uid in ids:
            emulator.add_user(uid, f"学员{uid % 100000}", language_code="zh-hans")
        mark = len(emulator.requests)
        started = time.perf_counter()
        for uid in ids:
            emulator.user_sends(uid, "/start")
        injected = time.perf_counter() - started
        half_at = await wait_until(
            lambda: sum(1 for r in emulator.requests[mark:] if r.method == "sendMessage"),
            learners,
            started,
        )
        elapsed = time.perf_counter() - started
        requests = emulator.requests[mark:]
        return {
            "elapsed": elapsed,
            "injected": injected,
            "half": half_at,
            "answered": sum(1 for r in requests if r.method == "sendMessage" and r.status == 200),
            "errors": sum(1 for r in requests if r.status not in (0, 200)),
            "polls": sum(1 for r in requests if r.method == "getUpdates"),
            "violations": len(emulator.violations),
        }


async def measure_in_process(url: str, learners: int, tuning: Tuning) -> dict[str, float]:
    """The emulator in a child process, as Telegram is on other machines."""
    with RemoteEmulator() as emulator:
        ids = list(range(first_user_id(), first_user_id() + learners))
        emulator.add_users(ids)
        async with running_bot(emulator.base_url, url, tuning=tuning):
            mark = await asyncio.to_thread(emulator.mark)
            started = time.perf_counter()
            await asyncio.to_thread(emulator.users_send, ids, "/start")
            injected = time.perf_counter() - started
            half_at = await wait_until(
                lambda: emulator.answered("sendMessage", mark), learners, started
            )
            elapsed = time.perf_counter() - started
            summary = await asyncio.to_thread(emulator.summary, "sendMessage", mark)
    return {
        "elapsed": elapsed,
        "injected": injected,
        "half": half_at,
        "answered": summary["ok"],
        "errors": summary["errors"],
        "polls": summary["polls"],
        "violations": summary["violations"],
    }


async def wait_until(count: Callable[[], int], target: int, started: float) -> float:
    """Polls ``count()`` (off the loop) until it reaches ``target``; returns when half was done."""
    half_at = None
    deadline = started + 600
    while True:
        await asyncio.sleep(0.05)
        done = await asyncio.to_thread(count)
        if half_at is None and done >= target // 2:
            half_at = time.perf_counter() - started
        if done >= target or time.perf_counter() > deadline:
            return half_at or time.perf_counter() - started


@app.command()
def main(
    backend: str = typer.Option("sqlite", help="sqlite, postgres or both"),
    learners: int = typer.Option(10_000),
    concurrent_updates: int = typer.Option(256, help="Tuning.concurrent_updates (default 256)"),
    overall_rate: str = typer.Option(
        "0,30", help="Tuning.overall_rate values to run, comma-separated (30: default, 0: no limit)"
    ),
    capped_learners: int = typer.Option(
        1500, help="learners for a rate-limited run (30/s caps it: 10,000 would take 5.5 min)"
    ),
    emulator: str = typer.Option(
        "process", help="process: the emulator in a child process; inline: in the bot's loop"
    ),
) -> None:
    print_machine()
    rates = [float(r) for r in overall_rate.split(",")]
    print(
        f"Tuning: concurrent_updates={concurrent_updates}, overall_rate {rates}; "
        f"emulator latency 0, emulator {emulator}"
    )
    print(
        "(overall_rate=30, the default, throttles every message with a chat_id, replies included)\n"
    )
    rows: list[Row] = []
    names = ("sqlite", "postgres") if backend == "both" else (backend,)
    for name, rate_limit in ((n, r) for r in rates for n in names):
        tuning = Tuning(
            overall_rate=rate_limit,
            planner_interval=3600.0,
            sender_idle=1.0,
            concurrent_updates=concurrent_updates,
        )
        label = f"{name}, overall_rate={rate_limit:g}" + (" (default)" if rate_limit == 30 else "")
        count = min(learners, capped_learners) if rate_limit else learners
        progress(f"{label}: {count:,} × /start")
        with temp_database(name) as url:
            measure = measure_in_process if emulator == "process" else measure_inline
            result = asyncio.run(measure(url, count, tuning))
        rate = result["answered"] / result["elapsed"]
        progress(
            f"{label}: {result['answered']:,} answered in {result['elapsed']:.1f} s "
            f"(injection took {result['injected']:.2f} s, half done at {result['half']:.1f} s, "
            f"{result['polls']:.0f} getUpdates, {result['errors']:.0f} error answers, "
            f"{result['violations']:.0f} API violations)"
        )
        rows.append(
            Row(
                f"{label}: /start ×{count:,}",
                f"{rate:,.0f} updates/s ({result['answered']:,.0f} in {result['elapsed']:.1f} s)",
                f"≥ {TARGET_PER_S:,.0f}/s",
                rate >= TARGET_PER_S and result["answered"] == count,
            )
        )
    print()
    print_table("update throughput (received → stored → answered)", rows)


if __name__ == "__main__":
    app()
