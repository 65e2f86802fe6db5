"""Start-up benchmark: from spawning `studybot run` to its first getUpdates (target < 1 s).

    python bench/bot_startup.py            # 5 runs of each case, SQLite

The bot is the real command (`studybot run`, a separate process, long polling) against the
Bot API emulator running in this process; TELEGRAM_API_BASE_URL points it there. The clock
starts just before the process is spawned and stops at the emulator's timestamp of the first
getUpdates it receives. Cases:

  cold       empty database file: migrations run, then the corpus is loaded into the database
  migrated   database already at head, corpus not yet loaded (a first start after
             `studybot db upgrade`)
  restart    database already used by the bot (the everyday restart)
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import typer

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Row, print_machine, print_table, progress

from bot.db.migrate import upgrade_to_head
from bot.sandbox.emulator import BotApiEmulator

TOKEN = "424242:bench-token"
TARGET_S = 1.0
app = typer.Typer(add_completion=False)


def studybot_command() -> list[str]:
    exe = shutil.which("studybot") or str(Path(sys.executable).with_name("studybot"))
    return [exe, "run"]


async def one_start(database_url: str) -> dict[str, float]:
    """Spawns the bot, waits for its first getUpdates, stops it; returns the milestones (s)."""
    async with BotApiEmulator(token=TOKEN) as emulator:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": emulator.base_url,
            "DATABASE_URL": database_url,
        }
        spawned = time.time()
        process = subprocess.Popen(
            studybot_command(),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            cwd=tempfile.gettempdir(),  # no .env file from the repository
        )
        try:
            await emulator.wait_for(lambda: bool(emulator.requests_for("getUpdates")), timeout=60)
        except TimeoutError as timeout:
            process.kill()
            _, err = process.communicate()
            raise SystemExit(
                f"the bot never polled:\n{err.decode(errors='replace')[-3000:]}"
            ) from timeout
        first = {}
        for record in emulator.requests:
            first.setdefault(record.method, record.received_at - spawned)
        process.send_signal(signal.SIGINT)
        try:
            await asyncio.to_thread(process.wait, 20)
        except subprocess.TimeoutExpired:
            process.kill()
        return first


def run_case(case: str, runs: int) -> list[dict[str, float]]:
    results = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="studybot-startup-") as folder:
            url = f"sqlite:///{folder}/bot.sqlite3"
            if case in ("migrated", "restart"):
                upgrade_to_head(url)
            if case == "restart":
                asyncio.run(one_start(url))  # the bot's first start loads the corpus
            results.append(asyncio.run(one_start(url)))
    return results


@app.command()
def main(runs: int = typer.Option(5, help="starts per case")) -> None:
    print_machine()
    print(f"command: {' '.join(studybot_command())}  (SQLite database in a temp dir)\n")
    rows: list[Row] = []
    detail: list[str] = []
    for case in ("cold", "migrated", "restart"):
        progress(f"{case}: {runs} starts")
        results = run_case(case, runs)
        polls = [r["getUpdates"] for r in results]
        median = statistics.median(polls)
        rows.append(
            Row(
                f"{case}: spawn → first getUpdates (median of {runs})",
                f"{median:.2f} s (min {min(polls):.2f}, max {max(polls):.2f})",
                f"< {TARGET_S:.0f} s",
                median < TARGET_S,
            )
        )
        milestones = {m: statistics.median(r[m] for r in results if m in r) for m in results[0]}
        detail.append(
            f"  {case:9s} "
            + ", ".join(f"{m} {t:.2f}" for m, t in sorted(milestones.items(), key=lambda kv: kv[1]))
        )
    print()
    print_table("start-up (studybot run, long polling)", rows)
    print("first request of each method, seconds after spawn (median):")
    print("\n".join(detail))


if __name__ == "__main__":
    app()
