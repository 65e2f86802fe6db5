"""Shared helpers of the bot benchmarks (bench/bot_*.py): the machine, result tables, databases.

Not a test helper: nothing here asserts. Each benchmark prints what it measured next to the
target and says "pass" or "MISS"; the README quotes the numbers.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PG_SERVER = os.environ.get("STUDYBOT_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")


# --- the machine ------------------------------------------------------------------------------


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_lines() -> list[str]:
    memory = psutil.virtual_memory().total / 2**30
    logical = psutil.cpu_count(logical=True)
    physical = psutil.cpu_count(logical=False)
    return [
        f"CPU     {cpu_model()}",
        f"cores   {logical} logical ({physical} physical), "
        f"usable by this process: {len(os.sched_getaffinity(0))}",
        f"RAM     {memory:.1f} GiB",
        f"Python  {platform.python_implementation()} {platform.python_version()} "
        f"on {platform.platform()}",
    ]


def print_machine() -> None:
    print("machine")
    for line in machine_lines():
        print("  " + line)
    print(flush=True)


# --- results ----------------------------------------------------------------------------------


@dataclass
class Row:
    name: str
    measured: str
    target: str = ""
    ok: bool | None = None  # None: informational, no target

    @property
    def verdict(self) -> str:
        return "" if self.ok is None else ("pass" if self.ok else "MISS")


def print_table(title: str, rows: Sequence[Row]) -> None:
    headers = ("measurement", "measured", "target", "result")
    cells = [(r.name, r.measured, r.target, r.verdict) for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(headers)]
    line = "  ".join("-" * w for w in widths)
    print(title)
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print(line)
    for c in cells:
        print("  ".join(v.ljust(w) for v, w in zip(c, widths, strict=True)))
    print(flush=True)


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- databases --------------------------------------------------------------------------------


@contextmanager
def temp_database(backend: str = "sqlite", *, migrate: bool = True) -> Iterator[str]:
    """A fresh database URL (SQLite file in a temp dir, or a new PostgreSQL database), dropped
    after."""
    from bot.db.migrate import upgrade_to_head

    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="studybot-bench-") as folder:
            url = f"sqlite:///{folder}/bench.sqlite3"
            if migrate:
                upgrade_to_head(url)
            yield url
        return
    if backend != "postgres":
        raise ValueError(f"unknown backend {backend!r}")
    import psycopg

    name = f"studybot_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql+psycopg://{PG_SERVER.split('://', 1)[1]}/{name}"
    try:
        if migrate:
            upgrade_to_head(url)
        yield url
    finally:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
            )
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


def seed_due_chats(url: str, chat_ids: Sequence[int], *, due_at: datetime | None = None) -> float:
    """Subscribed private chats (zh, Asia/Shanghai, 08:00) whose next push is ``due_at``.

    A bulk insert through the ``chats`` table of the models (what ``chats.upsert_chat`` and
    ``update_chat(next_push_at=...)`` would leave, without 2 statements a row); ``due_at``
    defaults to a minute ago, i.e. due now. Returns the seconds it took.
    """
    from sqlalchemy import insert

    from bot.db.models import Chat
    from bot.db.session import make_engine

    started = time.perf_counter()
    now = datetime.now(UTC)
    due = due_at if due_at is not None else now - timedelta(minutes=1)
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            for start in range(0, len(chat_ids), 20_000):
                rows = [
                    {
                        "id": chat_id,
                        "type": "private",
                        "title": None,
                        "language": "zh",
                        "timezone": "Asia/Shanghai",
                        "push_minute": 480,
                        "quiz_length": 3,
                        "subscribed": True,
                        "paused": False,
                        "blocked": False,
                        "next_push_at": due,
                        "greeted": True,
                        "created_at": now,
                    }
                    for chat_id in chat_ids[start : start + 20_000]
                ]
                connection.execute(insert(Chat.__table__), rows)
    finally:
        engine.dispose()
    return time.perf_counter() - started


def first_user_id() -> int:
    return 100_000_001
