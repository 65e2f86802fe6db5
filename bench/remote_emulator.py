"""The Bot API emulator in a child process, driven from the benchmark over a pipe.

Telegram's servers do their work on Telegram's machines; when the emulator shares the bot's
event loop, every request is paid for twice on the bot's CPU (the bot's side and "Telegram's"
validation, JSON and bookkeeping). The throughput benchmarks therefore run it here, in its own
process, and ask it over a pipe for what they need: users, injected messages, counts.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections import Counter
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any

from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.emulator.limits import FloodLimits
from bot.sandbox.runtime import SANDBOX_TOKEN


class RemoteEmulator:
    """``with RemoteEmulator(latency=0.05) as emulator: running_bot(emulator.base_url, …)``."""

    def __init__(self, *, latency: float = 0.0, flood_limits: bool = False) -> None:
        self._options = {"latency": latency, "flood_limits": flood_limits}
        self._conn: Connection | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        self.base_url = ""

    def __enter__(self) -> RemoteEmulator:
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        self._process = context.Process(target=_child, args=(theirs, self._options), daemon=True)
        self._process.start()
        self._conn = ours
        self.base_url = self._receive()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._conn is not None:
            self._conn.send(("stop", ()))
            self._conn.close()
        if self._process is not None:
            self._process.join(timeout=10)
            if self._process.is_alive():
                self._process.kill()

    # -- commands (each one a round trip over the pipe; run them off the event loop) --------

    def add_users(self, user_ids: Sequence[int], language_code: str = "zh-hans") -> None:
        self._call("add_users", list(user_ids), language_code)

    def users_send(self, user_ids: Sequence[int], text: str) -> None:
        """Each user writes ``text`` in their private chat, in this order."""
        self._call("users_send", list(user_ids), text)

    def mark(self) -> int:
        """The number of requests recorded so far: a starting point for :meth:`summary`."""
        return int(self._call("mark"))

    def answered(self, method: str, since: int) -> int:
        """Requests of ``method`` answered (any status) since the mark."""
        return int(self._call("answered", method, since))

    def summary(self, method: str, since: int) -> dict[str, Any]:
        """ok, errors, first/last received (loop seconds), polls, violations, failure texts."""
        result: dict[str, Any] = self._call("summary", method, since)
        return result

    def _call(self, command: str, *args: Any) -> Any:
        assert self._conn is not None, "use RemoteEmulator as a context manager"
        self._conn.send((command, args))
        return self._receive()

    def _receive(self) -> Any:
        assert self._conn is not None and self._process is not None
        while not self._conn.poll(1.0):
            if not self._process.is_alive():
                raise RuntimeError(f"the emulator process died (exit {self._process.exitcode})")
        kind, value = self._conn.recv()
        if kind == "error":
            raise RuntimeError(f"emulator process: {value}")
        return value


class InlineCounts:
    """The same questions asked of an emulator in this process (``--emulator inline``)."""

    def __init__(self, emulator: BotApiEmulator) -> None:
        self._commands = _commands(emulator)

    def mark(self) -> int:
        return int(self._commands["mark"]())

    def answered(self, method: str, since: int) -> int:
        return int(self._commands["answered"](method, since))

    def summary(self, method: str, since: int) -> dict[str, Any]:
        result: dict[str, Any] = self._commands["summary"](method, since)
        return result


# -- the child process ------------------------------------------------------------------------


def _child(conn: Connection, options: dict[str, Any]) -> None:
    asyncio.run(_serve(conn, options))


async def _serve(conn: Connection, options: dict[str, Any]) -> None:
    emulator = BotApiEmulator(
        token=SANDBOX_TOKEN,
        latency=options["latency"],
        limits=FloodLimits() if options["flood_limits"] else None,
    )
    await emulator.start()
    stopped = asyncio.Event()
    commands = _commands(emulator)

    def on_command() -> None:
        try:
            command, args = conn.recv()
        except EOFError:
            stopped.set()
            return
        if command == "stop":
            stopped.set()
            return
        try:
            conn.send(("ok", commands[command](*args)))
        except Exception as error:  # report it to the benchmark instead of dying silently
            conn.send(("error", f"{command}: {type(error).__name__}: {error}"))

    loop = asyncio.get_running_loop()
    loop.add_reader(conn.fileno(), on_command)
    conn.send(("ok", emulator.base_url))
    try:
        await stopped.wait()
    finally:
        loop.remove_reader(conn.fileno())
        await emulator.stop()


def _commands(emulator: BotApiEmulator) -> dict[str, Callable[..., Any]]:
    def add_users(user_ids: list[int], language_code: str) -> None:
        for uid in user_ids:
            emulator.add_user(uid, f"学员{uid % 100000}", language_code=language_code)

    def users_send(user_ids: list[int], text: str) -> None:
        for uid in user_ids:
            emulator.user_sends(uid, text)

    def answered(method: str, since: int) -> int:
        return sum(1 for r in emulator.requests[since:] if r.method == method and r.status)

    def summary(method: str, since: int) -> dict[str, Any]:
        requests = [r for r in emulator.requests[since:] if r.method == method]
        failures = Counter(str(r.response)[:160] for r in requests if r.status not in (0, 200))
        return {
            "ok": sum(1 for r in requests if r.status == 200),
            "errors": sum(failures.values()),
            "first": requests[0].received_at if requests else 0.0,
            "last": requests[-1].received_at if requests else 0.0,
            "polls": sum(1 for r in emulator.requests[since:] if r.method == "getUpdates"),
            "violations": len(emulator.violations),
            "failures": failures.most_common(5),
        }

    return {
        "add_users": add_users,
        "users_send": users_send,
        "mark": lambda: len(emulator.requests),
        "answered": answered,
        "summary": summary,
    }
