"""Two `studybot run --webhook` processes on one PostgreSQL database serve one bot.

Each test starts a Bot API emulator here, a fresh database and two real instances (each behind
a counting proxy so we know who sent what), seeds subscribed chats whose push is due, and
waits for the queue to drain. Figures are printed (pytest -s or -rP shows them).
"""

from __future__ import annotations

import asyncio
import itertools
import signal
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.db.migrate import head_revisions, upgrade_to_head
from bot.sandbox.emulator import BotApiEmulator
from tests.instances.instance_cluster import (
    TOKEN,
    Cluster,
    messages_per_chat,
    peak_per_second,
    query,
    seed_due_chats,
    wait_listening,
)
from tests.support.postgres import require_postgres, temporary_postgres_database

pytestmark = pytest.mark.postgres

LEASE_SECONDS = 5
PLANNER_INTERVAL = 5  # seconds between planner attempts; each minute is still planned once
ENV = {
    "STUDYBOT_DELIVERY_LEASE_SECONDS": str(LEASE_SECONDS),
    "STUDYBOT_PLANNER_INTERVAL": str(PLANNER_INTERVAL),
}
# Until the planner interval setting is read by the application, the first tick comes at the
# next minute boundary: allow for it.
DRAIN_TIMEOUT = 150.0


@pytest.fixture
async def fresh_cluster(tmp_path: Path) -> AsyncIterator[Cluster]:
    """An emulator and an empty database (not migrated)."""
    require_postgres()
    emulator = BotApiEmulator(TOKEN)
    await emulator.start()
    try:
        with temporary_postgres_database("studybot_instances") as url:
            c = Cluster(emulator, url, tmp_path, extra_env=dict(ENV))
            try:
                yield c
            finally:
                await c.stop_all()
    finally:
        await emulator.stop()


@pytest.fixture
async def cluster(fresh_cluster: Cluster) -> Cluster:
    """The same, migrated (the tests seed chats before any instance starts)."""
    await asyncio.to_thread(upgrade_to_head, fresh_cluster.database_url)
    return fresh_cluster


def _add_learners(emulator: BotApiEmulator, ids: range) -> None:
    for chat_id in ids:
        emulator.add_user(chat_id, f"学员{chat_id}")


async def _wait_drained(cluster: Cluster, expected: int, timeout: float = DRAIN_TIMEOUT) -> float:
    """Until `expected` deliveries exist and none is queued or being sent; returns seconds."""
    started = time.monotonic()
    sql = "SELECT count(*), count(*) FILTER (WHERE status IN ('queued', 'sending')) FROM deliveries"
    while time.monotonic() - started < timeout:
        total, pending = (await asyncio.to_thread(query, cluster.database_url, sql))[0]
        if total >= expected and pending == 0:
            return time.monotonic() - started
        for instance in cluster.instances:
            if (
                instance.proxy is not None
                and not instance.alive()
                and instance.proc.returncode != -9
            ):
                raise AssertionError(f"{instance.name} died:\n{instance.log_tail()}")
        await asyncio.sleep(0.5)
    statuses = await asyncio.to_thread(
        query, cluster.database_url, "SELECT status, count(*) FROM deliveries GROUP BY 1"
    )
    logs = "\n".join(f"--- {i.name}\n{i.log_tail(15)}" for i in cluster.instances)
    raise AssertionError(
        f"queue not drained after {timeout}s: {statuses} (expected {expected})\n{logs}"
    )


def _ticks(url: str) -> list[tuple[datetime, str]]:
    return [
        (minute, instance)
        for minute, instance in query(
            url, "SELECT minute, instance FROM scheduler_ticks ORDER BY minute"
        )
    ]


async def test_two_instances_push_each_subscriber_exactly_once(cluster: Cluster) -> None:
    chat_ids = range(700_001, 702_001)  # 2,000 learners
    _add_learners(cluster.emulator, chat_ids)
    now = datetime.now(UTC)
    seeded = await asyncio.to_thread(seed_due_chats, cluster.database_url, chat_ids, now)
    a = await cluster.start_instance("inst-a")
    b = await cluster.start_instance("inst-b")
    seconds = await _wait_drained(cluster, seeded)
    await asyncio.sleep(2 * PLANNER_INTERVAL)  # more planner attempts: nothing may be queued again

    per_chat = messages_per_chat(cluster.emulator)
    counts = {n: sum(1 for c in chat_ids if per_chat[c] == n) for n in (0, 1, 2)}
    statuses = dict(
        query(cluster.database_url, "SELECT status, count(*) FROM deliveries GROUP BY 1")
    )
    assert a.proxy is not None and b.proxy is not None
    sent_a, sent_b = set(a.proxy.sent), set(b.proxy.sent)
    ticks = _ticks(cluster.database_url)
    minutes = [m for m, _ in ticks]
    checked_minute = datetime.now(UTC).replace(second=0, microsecond=0)
    print(
        f"\n{seeded} chats seeded; drained in {seconds:.1f}s; deliveries {statuses}; "
        f"chats with 0/1/2 pushes: {counts[0]}/{counts[1]}/{counts[2]}; "
        f"sent by inst-a {len(a.proxy.sent)}, by inst-b {len(b.proxy.sent)}, "
        f"by both {len(sent_a & sent_b)}; "
        f"peak {peak_per_second(cluster.emulator)} sendMessage/s across both; "
        f"scheduler_ticks {[(f'{m:%H:%M}', i) for m, i in ticks]} (checked at "
        f"{checked_minute:%H:%M}); violations {cluster.emulator.violations[:3]}"
    )
    assert statuses == {"sent": seeded}
    assert counts[1] == seeded, "every subscriber gets the push exactly once"
    assert sum(per_chat.values()) == seeded, "no other message was sent"
    assert len(a.proxy.sent) + len(b.proxy.sent) == seeded and not sent_a & sent_b
    assert sent_a and sent_b, "both instances sent pushes"
    assert len(minutes) == len(set(minutes))
    assert minutes and all(
        later - earlier == timedelta(minutes=1) for earlier, later in itertools.pairwise(minutes)
    ), "one planner run per minute while the instances run, none skipped"
    # Both instances try every PLANNER_INTERVAL seconds: the current minute (or, just after it
    # began, the previous one) has its run too.
    assert minutes[-1] >= checked_minute - timedelta(minutes=1)
    assert cluster.emulator.violations == []


async def test_a_killed_instances_leased_pushes_are_taken_over(cluster: Cluster) -> None:
    chat_ids = range(710_001, 710_601)  # 600 learners
    _add_learners(cluster.emulator, chat_ids)
    now = datetime.now(UTC)
    seeded = await asyncio.to_thread(seed_due_chats, cluster.database_url, chat_ids, now)
    a = await cluster.start_instance("inst-a")
    b = await cluster.start_instance("inst-b")
    assert a.proxy is not None and b.proxy is not None

    deadline = time.monotonic() + DRAIN_TIMEOUT
    while len(a.proxy.sent) < 40 and time.monotonic() < deadline:  # mid-push
        await asyncio.sleep(0.05)
    assert len(a.proxy.sent) >= 40, f"inst-a sent only {len(a.proxy.sent)}:\n{a.log_tail()}"
    a.proc.send_signal(signal.SIGKILL)
    a.proc.wait(timeout=10)
    killed_at = datetime.now(UTC)
    settle = time.monotonic() + 5
    while a.proxy.in_flight and time.monotonic() < settle:  # requests A made before it died
        await asyncio.sleep(0.01)
    delivered_by_a = set(a.proxy.sent)  # the emulator accepted these; A can send no more

    names = sorted(a.claim_names)
    stranded = await asyncio.to_thread(
        query,
        cluster.database_url,
        "SELECT chat_id, lease_until FROM deliveries"
        " WHERE status = 'sending' AND claimed_by IN (:n0, :n1)",
        n0=names[0],
        n1=names[1],
    )
    assert stranded, "inst-a held no leased delivery when it was killed"
    stranded_chats = {chat for chat, _ in stranded}
    first_lease = min(lease for _, lease in stranded)
    lease_left = (max(lease for _, lease in stranded) - killed_at).total_seconds()
    assert lease_left <= LEASE_SECONDS + 1, f"STUDYBOT_DELIVERY_LEASE_SECONDS: {lease_left:.1f}s"

    seconds = await _wait_drained(cluster, seeded)
    per_chat = messages_per_chat(cluster.emulator)
    missing = [c for c in chat_ids if per_chat[c] == 0]
    twice = {c for c in chat_ids if per_chat[c] == 2}
    more = [c for c in chat_ids if per_chat[c] > 2]
    expected_twice = stranded_chats & delivered_by_a
    statuses = dict(
        query(cluster.database_url, "SELECT status, count(*) FROM deliveries GROUP BY 1")
    )
    taken_over = query(
        cluster.database_url,
        "SELECT min(sent_at), count(*) FROM deliveries"
        " WHERE status = 'sent' AND chat_id = ANY(:ids)",
        ids=sorted(stranded_chats),
    )[0]
    after_lease = (taken_over[0] - first_lease).total_seconds()
    print(
        f"\n{seeded} chats; inst-a killed after {len(delivered_by_a)} pushes, holding "
        f"{len(stranded)} leased rows (lease ending {lease_left:.1f}s later; "
        f"{len(expected_twice)} of them delivered, not yet recorded); "
        f"drained {seconds:.1f}s later; inst-b sent {len(b.proxy.sent)}, "
        f"{len(stranded_chats & set(b.proxy.sent))} of the leased ones, the first "
        f"{after_lease:+.1f}s after the first lease ran out; deliveries {statuses}; "
        f"chats missing {len(missing)}, twice {len(twice)}, more {len(more)}"
    )
    assert statuses == {"sent": seeded}
    assert not missing and not more
    assert stranded_chats <= set(b.proxy.sent), "inst-b sent every push inst-a had leased"
    assert taken_over[1] == len(stranded_chats) and taken_over[0] >= first_lease
    assert twice == expected_twice, "only pushes inst-a delivered but did not record go out twice"
    assert cluster.emulator.violations == []


async def test_instances_started_together_on_an_empty_database_both_come_up(
    fresh_cluster: Cluster,
) -> None:
    """Each `studybot run` migrates first; started together they must not run one migration
    twice (one would fail on a duplicate table and exit)."""
    started = time.monotonic()
    instances = [
        await fresh_cluster.start_instance(name, proxied=False, wait=False)
        for name in ("inst-a", "inst-b", "inst-c")
    ]
    outcomes = {}
    for instance in instances:
        try:
            await wait_listening(instance)
            outcomes[instance.name] = "listening"
        except AssertionError:
            outcomes[instance.name] = (
                f"exited {instance.proc.returncode}: " + (instance.log_tail(1)[:160])
            )
    revision = query(fresh_cluster.database_url, "SELECT version_num FROM alembic_version")
    print(f"\n{outcomes} after {time.monotonic() - started:.1f}s; alembic_version {revision}")
    assert set(outcomes.values()) == {"listening"}
    assert [r for (r,) in revision] == list(head_revisions())
