"""Push fan-out: 10,000 subscribers, 50 ms round trip, no flood limit (target ≥ 1,000/s).

    python bench/bot_fanout.py               # SQLite; the default concurrency (256), then 64
    python bench/bot_fanout.py --backend postgres
    python bench/bot_fanout.py --concurrency 64,128,512

The bot runs in this process as the sandbox runs it (`running_bot`, the Application long
polling the Bot API emulator over HTTP), built with Tuning(overall_rate=0: no limiter, since
the emulator enforces none here; sender_concurrency as given, 0 for the default, which with no
send limit is 256: `bot.delivery.sender.default_concurrency`). The emulator answers every
request after 50 ms (`BotApiEmulator(latency=0.05)`), in a child process (`--emulator
process`, the default: Telegram's work is not done on the bot's CPU) or in this event loop
(`--emulator inline`, as the e2e tests run it).

1. Naive baseline, same bot and HTTP client: `for chat in chats: await bot.send_message(...)`
   with the push's text, for 100 chats; the rate is extrapolated.
2. Fan-out: 10,000 subscribed private chats due a minute ago (bulk-inserted rows, as
   `chats.upsert_chat` + `update_chat(next_push_at=...)` leave them); the clock runs from
   `plan_now()` (the planner queues 10,000 deliveries) until the emulator has answered 10,000
   sendMessage calls sent by the background sender.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

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
from remote_emulator import InlineCounts, RemoteEmulator

from bot.app import Tuning
from bot.delivery.sender import default_concurrency
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.runtime import SANDBOX_TOKEN, RunningBot, running_bot, running_sandbox
from bot.services.readings import reading_of_day
from bot.views.reading import reading_keyboard, reading_text

TARGET_PER_S = 1000.0
LATENCY = 0.05
app = typer.Typer(add_completion=False)


async def naive_loop(sandbox: RunningBot, chat_ids: list[int]) -> float:
    """Messages per second of a plain sequential loop of send_message (the push's text)."""
    ctx = sandbox.ctx
    from bot.db.repositories import chats

    with ctx.transaction() as session:
        chat = chats.get_chat(session, chat_ids[0])
        assert chat is not None
        reading = reading_of_day(ctx, session, chat, datetime.now(UTC).date())
    text = reading_text(reading, "zh", footer=True)
    keyboard = reading_keyboard(reading, "zh")
    bot = sandbox.app.bot
    started = time.perf_counter()
    for chat_id in chat_ids:
        await bot.send_message(chat_id, text, parse_mode="HTML", reply_markup=keyboard)
    return len(chat_ids) / (time.perf_counter() - started)


async def plan_until_queued(sandbox: RunningBot) -> int:
    """plan_now(); if the background planner already claimed this minute, the next minute."""
    for _ in range(3):
        result = await sandbox.plan_now()
        if result.ran:
            return result.queued
        sandbox.clock.advance(timedelta(minutes=1))
    raise RuntimeError("the planner never ran")


async def wait_until(count: Callable[[], int], target: int, deadline: float) -> None:
    """Until ``count()`` (asked off the loop) reaches ``target``, or the deadline."""
    while await asyncio.to_thread(count) < target and time.perf_counter() < deadline:
        await asyncio.sleep(0.05)


async def measure(
    url: str, subscribers: int, naive: int, concurrency: int, where: str
) -> dict[str, Any]:
    ids = list(range(first_user_id(), first_user_id() + subscribers))
    naive_ids = list(range(first_user_id() - naive, first_user_id()))
    seed_due_chats(url, naive_ids, due_at=datetime.now(UTC) + timedelta(days=1))
    seed_due_chats(url, ids)
    tuning = Tuning(
        overall_rate=0, sender_concurrency=concurrency, planner_interval=3600.0, sender_idle=0.2
    )
    if where == "inline":
        emulator = BotApiEmulator(token=SANDBOX_TOKEN, latency=LATENCY)
        for uid in naive_ids + ids:
            emulator.add_user(uid, f"学员{uid % 100000}")
        async with running_sandbox(url, emulator=emulator, tuning=tuning) as sandbox:
            return await fan_out(sandbox, InlineCounts(emulator), naive_ids, subscribers)
    with RemoteEmulator(latency=LATENCY) as remote:
        remote.add_users(naive_ids + ids)
        async with running_bot(remote.base_url, url, tuning=tuning) as running:
            return await fan_out(running, remote, naive_ids, subscribers)


class Counts(Protocol):
    def mark(self) -> int: ...
    def answered(self, method: str, since: int) -> int: ...
    def summary(self, method: str, since: int) -> dict[str, Any]: ...


async def fan_out(
    running: RunningBot, emulator: Counts, naive_ids: list[int], subscribers: int
) -> dict[str, Any]:
    naive_rate = await naive_loop(running, naive_ids) if naive_ids else 0.0
    mark = await asyncio.to_thread(emulator.mark)
    started = time.perf_counter()
    queued = await plan_until_queued(running)
    planned = time.perf_counter() - started
    await wait_until(lambda: emulator.answered("sendMessage", mark), subscribers, started + 900)
    elapsed = time.perf_counter() - started
    summary = await asyncio.to_thread(emulator.summary, "sendMessage", mark)
    return {
        "naive": naive_rate,
        "queued": queued,
        "planned": planned,
        "elapsed": elapsed,
        "ok": summary["ok"],
        "errors": summary["errors"],
        "send_window": summary["last"] - summary["first"],
        "failures": summary["failures"],
    }


@app.command()
def main(
    backend: str = typer.Option("sqlite", help="sqlite or postgres"),
    subscribers: int = typer.Option(10_000),
    naive: int = typer.Option(100, help="messages of the naive loop"),
    concurrency: str = typer.Option(
        "0,64", help="Tuning.sender_concurrency values (0: the default for the rate, 256)"
    ),
    emulator: str = typer.Option(
        "process", help="process: the emulator in a child process; inline: in the bot's loop"
    ),
) -> None:
    print_machine()
    print(
        f"emulator latency {LATENCY * 1000:.0f} ms, no flood limit; Tuning(overall_rate=0, "
        f"sender_concurrency=…); {backend}; emulator {emulator}\n"
    )
    rows: list[Row] = []
    naive_rate = 0.0
    for i, value in enumerate(int(c) for c in concurrency.split(",")):
        value = value or default_concurrency(0)
        progress(f"sender_concurrency={value}: {subscribers:,} subscribers")
        with temp_database(backend) as url:
            naive_count = naive if i == 0 else 0
            result = asyncio.run(measure(url, subscribers, naive_count, value, emulator))
        naive_rate = naive_rate or result["naive"]
        rate = result["ok"] / result["elapsed"]
        send_rate = result["ok"] / result["send_window"] if result["send_window"] else 0.0
        progress(
            f"  queued {result['queued']:,.0f} in {result['planned']:.1f} s; "
            f"{result['ok']:,.0f} sent ({result['errors']:.0f} errors) "
            f"{result['elapsed']:.1f} s after plan_now(); sending alone {send_rate:,.0f}/s"
        )
        for failure, n in result["failures"]:
            progress(f"  {n} × {failure}")
        default = " (default)" if value == default_concurrency(0) else ""
        rows.append(
            Row(
                f"fan-out, sender_concurrency={value}{default}: plan + send",
                f"{rate:,.0f} msg/s ({result['ok']:,.0f} in {result['elapsed']:.1f} s)",
                f"≥ {TARGET_PER_S:,.0f}/s",
                rate >= TARGET_PER_S and result["ok"] == subscribers,
            )
        )
        rows.append(
            Row(
                f"  of which planning {result['queued']:,.0f} deliveries",
                f"{result['planned']:.1f} s",
            )
        )
        rows.append(Row("  sending alone (first → last sendMessage)", f"{send_rate:,.0f} msg/s"))
        rows.append(
            Row("  ratio to the naive loop", f"{rate / naive_rate:,.0f}×" if naive_rate else "-")
        )
    rows.insert(
        0,
        Row(f"naive loop of send_message ({naive} messages)", f"{naive_rate:,.1f} msg/s", "≈ 20/s"),
    )
    print()
    print_table(
        f"push fan-out to {subscribers:,} subscribers, {LATENCY * 1000:.0f} ms round trip", rows
    )


if __name__ == "__main__":
    app()
