"""Issue 6: the database is briefly unavailable — PostgreSQL refusing connections with its
backends terminated, or the SQLite file locked by another process for longer than the busy
timeout. Meanwhile a learner answers a quiz poll, another starts the bot, and a push to 200
subscribers falls due. The bot waits and carries on: no answer, study day or push is lost."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

import bot.db.session as db_session
from bot.app import Tuning
from bot.db.migrate import upgrade_to_head
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.runtime import SANDBOX_TOKEN, running_sandbox
from bot.sandbox.scenario import Actor
from tests.faults.support import (
    CORPUS,
    accepted_pushes,
    add_users,
    delivery_statuses,
    scalar,
    seed_due_subscribers,
    wait_until,
)
from tests.support.postgres import require_postgres, server_url, temporary_postgres_database

WANG, ALICE = 1001, 1003
SUBSCRIBERS = 200
OUTAGE = 4.0  # seconds; the SQLite busy timeout is cut to 0.3 s so the lock really bites
ANSWERS = {  # question → the right option, from the fixture corpus
    "公生明，____": 0,
    "“其身正，不令而行”出自哪部典籍？": 0,
    "组工干部要争当提高素质的____。": 1,
    "“四可”形象中不包括哪一项？": 3,
    "创新发展是我们党保持生机与活力的____。": 1,
    "公道正派是组织工作的旗帜和____。": 0,
}


@contextmanager
def database(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'bot.sqlite3'}"
        return
    require_postgres()
    with temporary_postgres_database("studybot_outage") as url:
        yield url


@asynccontextmanager
async def outage(backend: str, url: str) -> AsyncIterator[None]:
    """The database is away for OUTAGE seconds from entering the block (which does not wait)."""
    if backend == "sqlite":
        path = make_url(url).database
        holder = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sqlite3, sys, time\n"
                "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                "c.execute('BEGIN EXCLUSIVE')\n"
                "print('locked', flush=True)\n"
                "time.sleep(float(sys.argv[2]))\n"
                "c.execute('COMMIT')\n",
                str(path),
                str(OUTAGE),
            ],
            stdout=subprocess.PIPE,
        )
        assert holder.stdout is not None
        assert (await asyncio.to_thread(holder.stdout.readline)).strip() == b"locked"
        try:
            yield
        finally:
            await asyncio.to_thread(holder.wait, OUTAGE + 10)
        return
    name = make_url(url).database
    admin = await psycopg.AsyncConnection.connect(f"{server_url()}/postgres", autocommit=True)
    try:
        await admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )
        back = asyncio.get_running_loop().time() + OUTAGE
        try:
            yield
        finally:
            await asyncio.sleep(max(0.0, back - asyncio.get_running_loop().time()))
            await admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    finally:
        await admin.close()


@pytest.mark.slow
@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
async def test_a_brief_database_outage_loses_nothing(
    backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db_session, "SQLITE_BUSY_TIMEOUT_MS", 300)
    with database(backend, tmp_path) as url:
        await asyncio.to_thread(upgrade_to_head, url)
        emulator = BotApiEmulator(token=SANDBOX_TOKEN)
        emulator.add_user(WANG, "王芳")
        emulator.add_user(ALICE, "Alice", language_code="en")
        tuning = Tuning(planner_interval=1.0, sender_idle=0.2, overall_rate=0.0, instance="outage")
        async with running_sandbox(
            url, content_dir=CORPUS, tuning=tuning, emulator=emulator
        ) as sandbox:
            actor = Actor(sandbox)
            await actor.says(WANG, "/start")
            await actor.says(WANG, "/quiz")
            polls = actor.open_polls(WANG, WANG)
            assert len(polls) == 1
            # the push falls due in the middle of the outage
            ids = await asyncio.to_thread(
                seed_due_subscribers, url, SUBSCRIBERS, due_in=OUTAGE / 2 + 0.5
            )
            add_users(emulator, ids)
            async with outage(backend, url):
                started = time.monotonic()
                await asyncio.sleep(0.5)  # the bot's connections are gone / the file is locked
                first = polls[0]
                emulator.user_answers_poll(
                    WANG, first.id, [ANSWERS[first.question.split("：", 1)[1]]]
                )
                emulator.user_sends(ALICE, "/start")
                await asyncio.sleep(OUTAGE / 2)
                during = {
                    "polls sent": len(emulator.requests_for("sendPoll")),
                    "replies to Alice": len(emulator.sent_messages(ALICE)),
                    "pushes": sum(accepted_pushes(emulator)[c] for c in ids),
                }
            back_after = time.monotonic() - started
            # afterwards: the rest of the quiz, the greeting, the push
            answered = 1
            while answered < 3 and await wait_until(lambda: bool(actor.open_polls(WANG, WANG)), 20):
                poll = actor.open_polls(WANG, WANG)[0]
                # Answer once the bot has registered the poll, as a person would: an answer
                # handled before quiz.register_poll commits is dropped (services.quiz.answer
                # finds no poll) — a race outside this test's subject, reported separately.
                await wait_until(
                    lambda p=poll.id: bool(
                        scalar(url, "select count(*) from quiz_polls where poll_id = :p", p=p)
                    ),
                    10,
                )
                right = ANSWERS[poll.question.split("：", 1)[1]]
                emulator.user_answers_poll(WANG, poll.id, [right])
                answered += 1
                await actor.settle()
            await wait_until(lambda: len(accepted_pushes(emulator)) >= SUBSCRIBERS + 0, 30)
            await wait_until(lambda: delivery_statuses(url).get("sent") == SUBSCRIBERS, 15)
            await actor.settle()
            pushes = accepted_pushes(emulator)
            figures = {
                "answers recorded": scalar(
                    url, "select count(*) from quiz_answers where learner_id = :u", u=WANG
                ),
                "study days of Wang": scalar(
                    url, "select count(*) from study_days where learner_id = :u", u=WANG
                ),
                "Alice greeted": len(emulator.sent_messages(ALICE)),
                "subscribers pushed once": sum(1 for c in ids if pushes[c] == 1),
                "pushed twice": sum(1 for c in ids if pushes[c] > 1),
                "deliveries": dict(delivery_statuses(url)),
            }
        print(f"\n{backend}: outage {OUTAGE}s (ended {back_after:.1f}s after it began)")
        print(f"during the outage: {during}")
        print(f"afterwards: answered {answered} questions, {figures}")
        assert during["polls sent"] == 1 and during["pushes"] == 0  # the outage was real
        assert answered == 3
        assert figures["answers recorded"] == 3
        assert figures["study days of Wang"] == 1
        assert figures["Alice greeted"] >= 1
        assert figures["subscribers pushed once"] == SUBSCRIBERS
        assert figures["deliveries"] == {"sent": SUBSCRIBERS}
        assert emulator.violations == []
