"""Real `studybot run --webhook` subprocesses against the in-process Bot API emulator.

Each instance talks to the emulator through its own counting proxy (an aiohttp server in the
test process), so a test knows which instance sent which push even after the delivery row
forgot who claimed it. Every process started here is killed by `stop_all` in a `finally`.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import aiohttp
from aiohttp import web

from bot.core import timezones
from bot.db.repositories import chats
from bot.db.session import make_engine, make_session_factory
from bot.sandbox.emulator import BotApiEmulator

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "corpus"
TOKEN = "424242:instances-token"
SECRET = "instances_secret-0123456789"
START_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class CountingProxy:
    """Forwards Bot API requests to the emulator; records the chat of each accepted sendMessage."""

    def __init__(self, target: str) -> None:
        self.target = target.rstrip("/")  # http://127.0.0.1:PORT
        self.sent: list[int] = []  # chat ids, in the order the emulator accepted them
        self.requests = 0
        self.in_flight = 0  # forwarded, the emulator's answer not yet back
        self._runner: web.AppRunner | None = None
        self._client: aiohttp.ClientSession | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self) -> None:
        self._client = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=200))
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._client is not None:
            await self._client.close()

    async def _forward(self, request: web.Request) -> web.StreamResponse:
        assert self._client is not None
        self.requests += 1
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower() in ("content-type",)}
        self.in_flight += 1
        try:
            async with self._client.request(
                request.method, f"{self.target}{request.rel_url}", data=body, headers=headers
            ) as answer:
                payload = await answer.read()
                status = answer.status
            if status == 200 and request.path.lower().endswith("/sendmessage"):
                self.sent.append(_chat_id(body, request.content_type))
        finally:
            self.in_flight -= 1
        return web.Response(body=payload, status=status, content_type="application/json")


def _chat_id(body: bytes, content_type: str) -> int:
    if content_type == "application/json":
        import json

        return int(json.loads(body)["chat_id"])
    return int(parse_qs(body.decode())["chat_id"][0])


@dataclass
class Instance:
    name: str
    port: int
    proc: subprocess.Popen[bytes]
    log_path: Path
    proxy: CountingProxy | None

    @property
    def hook_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    @property
    def claim_names(self) -> set[str]:
        """What this process writes into deliveries.claimed_by: STUDYBOT_INSTANCE, once the
        application reads it, else bot.app.Tuning's default host-pid."""
        return {self.name, f"{socket.gethostname()}-{self.proc.pid}"}

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def alive(self) -> bool:
        return self.proc.poll() is None


@dataclass
class Cluster:
    emulator: BotApiEmulator
    database_url: str
    workdir: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    instances: list[Instance] = field(default_factory=list)

    async def start_instance(
        self, name: str, *, proxied: bool = True, wait: bool = True
    ) -> Instance:
        proxy = None
        base_url = self.emulator.base_url
        if proxied:
            proxy = CountingProxy(base_url[: -len("/bot")])
            await proxy.start()
            base_url = proxy.base_url
        port = free_port()
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("STUDYBOT_", "TELEGRAM_", "DATABASE_"))
        }
        env.update(
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_API_BASE_URL=base_url,
            DATABASE_URL=self.database_url,
            STUDYBOT_WEBHOOK_SECRET=SECRET,
            STUDYBOT_INSTANCE=name,
            STUDYBOT_CONTENT_DIR=str(CORPUS),
            PYTHONPATH=str(ROOT),
            PYTHONUNBUFFERED="1",
        )
        env.update(self.extra_env)
        log_path = self.workdir / f"{name}.log"
        log = log_path.open("wb")
        hook = f"http://127.0.0.1:{port}/hook"
        command = [sys.executable, "-c", "from bot.cli import main; main()", "run"]
        command += ["--webhook", hook, "--listen", "127.0.0.1", "--port", str(port)]
        proc = subprocess.Popen(
            command, cwd=self.workdir, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        instance = Instance(name, port, proc, log_path, proxy)
        self.instances.append(instance)
        if wait:
            await wait_listening(instance)
        return instance

    async def stop_all(self) -> None:
        for instance in self.instances:
            if instance.alive():
                instance.proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for instance in self.instances:
            while instance.alive() and time.monotonic() < deadline:
                await asyncio.sleep(0.1)  # the emulator keeps answering while they shut down
            if instance.alive():
                instance.proc.kill()
            instance.proc.wait(timeout=10)
        for instance in self.instances:
            if instance.proxy is not None:
                await instance.proxy.stop()


async def wait_listening(instance: Instance) -> None:
    """Until the webhook port accepts connections (python-telegram-bot opens it after post_init
    and setWebhook); fails with the log when the process exits or takes too long."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if not instance.alive():
            raise AssertionError(
                f"{instance.name} exited with {instance.proc.returncode}:\n{instance.log_tail()}"
            )
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", instance.port)
        except OSError:
            await asyncio.sleep(0.2)
            continue
        writer.close()
        await writer.wait_closed()
        return
    raise AssertionError(
        f"{instance.name} did not listen within {START_TIMEOUT}s:\n{instance.log_tail()}"
    )


def seed_due_chats(
    database_url: str, chat_ids: Iterable[int], now: datetime, tz: str = "Asia/Shanghai"
) -> int:
    """Subscribed private chats whose daily push is due at ``now`` (push time = local time now)."""
    zone = timezones.parse_timezone(tz)
    local = now.astimezone(zone)
    engine = make_engine(database_url)
    try:
        with make_session_factory(engine).begin() as session:
            count = 0
            for chat_id in chat_ids:
                chats.upsert_chat(
                    session, chat_id=chat_id, type="private", title=None, now=now, timezone=tz
                )
                chats.update_chat(
                    session,
                    chat_id,
                    push_minute=local.hour * 60 + local.minute,
                    next_push_at=now,
                    greeted=True,
                )
                count += 1
        return count
    finally:
        engine.dispose()


def query(database_url: str, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    from sqlalchemy import text

    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql), params)]
    finally:
        engine.dispose()


def messages_per_chat(emulator: BotApiEmulator) -> Counter[int]:
    return Counter(int(m["chat"]["id"]) for m in emulator.sent_messages())


def peak_per_second(emulator: BotApiEmulator, method: str = "sendMessage") -> int:
    """The most accepted `method` requests in any one-second sliding window."""
    times = sorted(r.received_at for r in emulator.requests_for(method) if r.ok)
    best, start = 0, 0
    for end, t in enumerate(times):
        while t - times[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best
