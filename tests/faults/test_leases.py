"""Sender leases: two instances never send the same row (leases are renewed while a send is
slow), a dead instance's rows are sent after its lease runs out and not before, and a restart
under the same instance name takes its rows back at once — but never the study-day report
rows, which are held `sending` without a lease."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa

from bot.app import build_context, sync_content
from bot.db.repositories import deliveries
from bot.delivery.planner import plan_minute
from bot.delivery.sender import Sender
from bot.services.context import ServiceContext
from bot.settings import load_settings
from tests.faults.support import CORPUS, seed_due_subscribers, wait_until


class SlowBot:
    """Stands in for telegram.Bot: every send takes `delay` seconds and is counted."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.sent: Counter[int] = Counter()
        self.first_at: dict[int, float] = {}

    async def send_message(self, chat_id: int, *_: Any, **__: Any) -> SimpleNamespace:
        await asyncio.sleep(self.delay)
        self.sent[chat_id] += 1
        self.first_at.setdefault(chat_id, time.monotonic())
        return SimpleNamespace(message_id=self.sent.total())


def context(url: str, count: int) -> tuple[ServiceContext, list[int]]:
    ids = seed_due_subscribers(url, count)
    settings = load_settings(
        _env_file=None,
        telegram_bot_token="1:x",
        database_url=url,
        studybot_content_dir=str(CORPUS),
    )
    ctx = build_context(settings)
    sync_content(ctx)
    assert plan_minute(ctx, "lease-test").queued == count
    return ctx, ids


async def run_until_sent(senders: list[Sender], bot_sent: Counter[int], n: int) -> bool:
    stop = asyncio.Event()
    tasks = [asyncio.create_task(s.run(stop, idle_seconds=0.05)) for s in senders]
    ok = await wait_until(lambda: len(bot_sent) >= n, 30)
    await asyncio.sleep(1.5)  # time for a wrong second send to happen
    stop.set()
    await asyncio.gather(*tasks)
    return ok


async def test_two_instances_never_send_the_same_row_even_when_sends_outlast_the_lease(
    tmp_path: Path,
) -> None:
    ctx, ids = await asyncio.to_thread(context, f"sqlite:///{tmp_path / 'a.sqlite3'}", 40)
    bot = SlowBot(delay=2.5)  # each send outlasts the 1 s lease: only renewal keeps it
    senders = [Sender(ctx, bot, name, concurrency=8, lease_seconds=1.0) for name in "AB"]  # type: ignore[arg-type]
    ok = await run_until_sent(senders, bot.sent, len(ids))
    with ctx.transaction() as session:
        statuses = deliveries.count_by_status(session)
    twice = {c: n for c, n in bot.sent.items() if n > 1}
    print(
        f"\n40 rows, 2 instances, 2.5 s sends, 1 s lease: sent to {len(bot.sent)} chats, "
        f"twice {len(twice)}, statuses {statuses}"
    )
    assert ok and twice == {} and statuses == {"sent": 40}


async def test_a_dead_instances_rows_wait_for_its_lease_and_a_namesake_takes_them_at_once(
    tmp_path: Path,
) -> None:
    ctx, ids = await asyncio.to_thread(context, f"sqlite:///{tmp_path / 'b.sqlite3'}", 20)
    now = ctx.clock.now()
    with ctx.transaction() as session:  # "dead" claimed 10 rows, then died
        dead = deliveries.claim(session, "dead", now, 10, 2)
        # a study-day report held by "dead" without a lease (bot/delivery/sessions.py)
        session.execute(
            sa.text(
                "insert into deliveries (chat_id, study_day, kind, status, attempts,"
                " next_attempt_at, claimed_by) values (:c, :d, 'report:week', 'sending', 1,"
                " :n, 'dead')"
            ),
            {"c": ids[0], "d": date(2026, 1, 5), "n": now},
        )
    dead_chats = {d.chat_id for d in dead}
    bot = SlowBot(delay=0.0)
    started = time.monotonic()
    other = Sender(ctx, bot, "other", concurrency=8, lease_seconds=2.0)  # type: ignore[arg-type]
    ok = await run_until_sent([other], bot.sent, len(ids))
    waited = min(bot.first_at[c] for c in dead_chats) - started
    print(
        f"\nanother instance: the 10 dead rows first sent after {waited:.2f}s (lease 2 s); "
        f"sent {len(bot.sent)}, twice {sum(1 for n in bot.sent.values() if n > 1)}"
    )
    assert ok and waited >= 1.5 and max(bot.sent.values()) == 1

    # same again, but the restart has the dead process's name: no wait
    ctx2, ids2 = await asyncio.to_thread(context, f"sqlite:///{tmp_path / 'c.sqlite3'}", 20)
    with ctx2.transaction() as session:
        dead = deliveries.claim(session, "same", ctx2.clock.now(), 10, 30)
        session.execute(
            sa.text(
                "insert into deliveries (chat_id, study_day, kind, status, attempts,"
                " next_attempt_at, claimed_by) values (:c, :d, 'report:week', 'sending', 1,"
                " :n, 'same')"
            ),
            {"c": ids2[0], "d": date(2026, 1, 5), "n": ctx2.clock.now()},
        )
    bot2 = SlowBot(delay=0.0)
    started = time.monotonic()
    same = Sender(ctx2, bot2, "same", concurrency=8, lease_seconds=30.0)  # type: ignore[arg-type]
    ok = await run_until_sent([same], bot2.sent, len(ids2))
    waited = max(bot2.first_at.values()) - started
    with ctx2.transaction() as session:
        report = session.execute(
            sa.text("select status, claimed_by from deliveries where kind = 'report:week'")
        ).one()
    print(
        f"restart under the same name: recovered {same.recovered}, all 20 sent within "
        f"{waited:.2f}s (lease 30 s); the report row stays {tuple(report)}"
    )
    assert ok and same.recovered == 10 and waited < 5 and max(bot2.sent.values()) == 1
    assert tuple(report) == ("sending", "same")
