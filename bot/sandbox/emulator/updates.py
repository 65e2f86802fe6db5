"""The update queue: getUpdates long polling with offsets, and allowed_updates filtering."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from .errors import conflict

DEFAULT_EXCLUDED = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
FIRST_UPDATE_ID = 10_001


class UpdateQueue:
    """Pending updates. Telegram keeps an update until a getUpdates offset confirms it."""

    def __init__(self) -> None:
        self.pending: list[dict[str, Any]] = []
        self.delivered_log: list[dict[str, Any]] = []
        self.dropped: list[dict[str, Any]] = []
        self.allowed: frozenset[str] | None = None
        self.on_push: Callable[[], None] | None = None
        self._next_id = FIRST_UPDATE_ID
        self._changed = asyncio.Event()
        self._poll_generation = 0
        self.closed = False

    def reopen(self) -> None:
        """Serve getUpdates again after a restart of the emulator; pending updates are kept."""
        self.closed = False

    def close(self) -> None:
        """Release every waiting getUpdates (emulator shutdown)."""
        self.closed = True
        self._notify_pollers()

    def push(self, kind: str, payload: dict[str, Any]) -> dict[str, Any] | None:
        """Enqueue ``{update_id, kind: payload}``, unless allowed_updates excludes ``kind``."""
        update = {"update_id": self._next_id, kind: payload}
        self._next_id += 1
        if not self.is_allowed(kind):
            self.dropped.append(update)
            return None
        self.pending.append(update)
        self._notify()
        return update

    def is_allowed(self, kind: str) -> bool:
        if self.allowed:
            return kind in self.allowed
        return kind not in DEFAULT_EXCLUDED

    def set_allowed(self, allowed: list[str] | None) -> None:
        if allowed is not None:
            self.allowed = frozenset(allowed)

    def confirm(self, offset: int | None) -> None:
        """Forget updates below ``offset``; a negative offset keeps the last ``-offset``."""
        if offset is None or offset == 0:
            return
        if offset < 0:
            self.pending = self.pending[offset:]
        else:
            self.pending = [u for u in self.pending if u["update_id"] >= offset]

    def drop_all(self) -> None:
        self.pending.clear()

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()
        if self.on_push is not None:
            self.on_push()

    async def get_updates(self, offset: int | None, limit: int, timeout: float) -> list[dict]:
        """Long poll. A newer concurrent call terminates this one with 409 Conflict."""
        self._poll_generation += 1
        generation = self._poll_generation
        self.confirm(offset)
        self._notify_pollers()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(timeout, 0.0)
        while True:
            if generation != self._poll_generation:
                raise conflict(
                    "terminated by other getUpdates request; make sure that only one bot "
                    "instance is running"
                )
            if self.pending:
                batch = self.pending[:limit]
                self.delivered_log.extend(batch)
                return batch
            remaining = deadline - loop.time()
            if remaining <= 0 or self.closed:
                return []
            event = self._changed
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                continue

    def _notify_pollers(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()
