"""Flood-limited push: the emulator enforces 30 messages/s (target ≥ 29/s sustained, zero 429).

    python bench/bot_flood.py                     # 1,500 subscribers, SQLite, default Tuning
    python bench/bot_flood.py --latency 0.05      # with a 50 ms round trip as well

The bot runs in this process as the sandbox runs it (`running_sandbox`), with the production
default Tuning (overall_rate=30, sender_concurrency=64; only the planner interval is moved out
of the way). The emulator enforces Telegram's limits as sliding windows
(`FloodLimits(global_per_second=30, per_chat_per_second=1, per_group_per_minute=20)`) and
answers 429 with retry_after beyond them. Subscribers are due a minute ago; the clock runs
from `plan_now()` until every push is answered.

Reported: the sustained rate over the middle 80 % of the sends (the first and last 10 % are
the ramp), the overall rate, the most messages the emulator counted in any 1-second window,
and its 429 counter (the target is 0).
"""

from __future__ import annotations

import asyncio
import bisect
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import typer

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bot_fanout import plan_until_queued
from common import (
    Row,
    first_user_id,
    print_machine,
    print_table,
    progress,
    seed_due_chats,
    temp_database,
)

from bot.app import Tuning
from bot.sandbox.emulator import BotApiEmulator, FloodLimits
from bot.sandbox.runtime import SANDBOX_TOKEN, running_sandbox

TARGET_PER_S = 29.0
app = typer.Typer(add_completion=False)


def max_in_window(stamps: list[float], seconds: float = 1.0) -> int:
    """Most stamps in any half-open window (t - seconds, t], as the emulator counts them."""
    best = 0
    for i, t in enumerate(stamps):
        first = bisect.bisect_right(stamps, t - seconds)
        best = max(best, i - first + 1)
    return best


async def measure(url: str, subscribers: int, latency: float, tuning: Tuning) -> dict[str, Any]:
    emulator = BotApiEmulator(
        token=SANDBOX_TOKEN,
        latency=latency,
        limits=FloodLimits(global_per_second=30, per_chat_per_second=1, per_group_per_minute=20),
    )
    ids = list(range(first_user_id(), first_user_id() + subscribers))
    for uid in ids:
        emulator.add_user(uid, f"学员{uid % 100000}")
    seed_due_chats(url, ids, due_at=datetime.now(UTC) - timedelta(minutes=1))
    async with running_sandbox(url, emulator=emulator, tuning=tuning) as sandbox:
        mark = len(emulator.requests)
        started = time.perf_counter()
        queued = await plan_until_queued(sandbox)
        deadline = started + 60 + subscribers / 10
        while time.perf_counter() < deadline:
            sends = [r for r in emulator.requests[mark:] if r.method == "sendMessage"]
            if sum(1 for r in sends if r.status == 200) >= subscribers:
                break
            await asyncio.sleep(0.1)
        while (
            time.perf_counter() < deadline
            and any(  # the last sends still on the wire
                r.status == 0 for r in emulator.requests[mark:] if r.method == "sendMessage"
            )
        ):
            await asyncio.sleep(0.02)
        elapsed = time.perf_counter() - started
        sends = [r for r in emulator.requests[mark:] if r.method == "sendMessage"]
    ok = sorted(r.received_at for r in sends if r.status == 200)
    counted = sorted(r.received_at for r in sends if r.status in (200, 429))
    lo, hi = ok[len(ok) // 10], ok[len(ok) * 9 // 10]
    middle = sum(1 for t in ok if lo <= t <= hi) - 1
    first_429 = (
        next((r.received_at - ok[0] for r in sends if r.status == 429), None) if ok else None
    )
    return {
        "queued": queued,
        "ok": len(ok),
        "elapsed": elapsed,
        "sustained": middle / (hi - lo) if hi > lo else 0.0,
        "overall": len(ok) / (ok[-1] - ok[0]) if len(ok) > 1 else 0.0,
        "max_window": max_in_window(ok),
        "max_window_attempts": max_in_window(counted),
        "sent_429": emulator.counters.sent_429,
        "during_retry": emulator.counters.requests_during_retry_after,
        "first_429": first_429,
        "first_second": sum(1 for t in ok if t < ok[0] + 1.0) if ok else 0,
    }


@app.command()
def main(
    backend: str = typer.Option("sqlite", help="sqlite or postgres"),
    subscribers: int = typer.Option(1500),
    latency: float = typer.Option(0.0, help="emulator round trip in seconds"),
    overall_rate: float = typer.Option(30.0, help="Tuning.overall_rate (30 is the default)"),
) -> None:
    print_machine()
    tuning = Tuning(overall_rate=overall_rate, planner_interval=3600.0, sender_idle=0.2)
    print(
        "emulator: 30 msg/s global, 1/s per chat, 20/min per group; "
        f"latency {latency * 1000:.0f} ms; Tuning(overall_rate={overall_rate:g}, "
        f"sender_concurrency={tuning.sender_concurrency}); {backend}\n"
    )
    progress(f"{subscribers:,} subscribers due")
    with temp_database(backend) as url:
        r = asyncio.run(measure(url, subscribers, latency, tuning))
    progress(
        f"queued {r['queued']:,}, {r['ok']:,} sent in {r['elapsed']:.1f} s; "
        f"{r['first_second']} accepted in the first second; first 429 at "
        + (f"{r['first_429']:.2f} s" if r["first_429"] is not None else "never")
    )
    rows = [
        Row(
            "sustained rate (middle 80 % of the sends)",
            f"{r['sustained']:.2f} msg/s",
            f"≥ {TARGET_PER_S:.0f}/s",
            r["sustained"] >= TARGET_PER_S,
        ),
        Row("overall rate (first → last accepted send)", f"{r['overall']:.2f} msg/s"),
        Row("429 answers from the emulator", f"{r['sent_429']}", "0", r["sent_429"] == 0),
        Row(
            "requests sent inside a retry_after window",
            f"{r['during_retry']}",
            "0",
            r["during_retry"] == 0,
        ),
        Row(
            "most accepted messages in any 1 s window",
            f"{r['max_window']}",
            "≤ 30",
            r["max_window"] <= 30,
        ),
        Row("most send attempts in any 1 s window", f"{r['max_window_attempts']}"),
        Row(
            "pushes delivered",
            f"{r['ok']:,} of {subscribers:,}",
            f"{subscribers:,}",
            r["ok"] == subscribers,
        ),
    ]
    print()
    print_table("flood-limited push (emulator enforces 30 msg/s)", rows)


if __name__ == "__main__":
    app()
