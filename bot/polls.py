"""Polls the bot has sent but not yet recorded.

A quiz poll's id is known only once Telegram returns it, so it is recorded just after it is
sent; an answer can arrive in between (or while the recording waits out a database outage).
The answer handler then waits for the recording instead of dropping the answer as not ours.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, MutableMapping
from contextlib import asynccontextmanager, suppress
from typing import Any

RECORDING_WAIT = 65.0  # a little longer than a recording's own database retries
BOT_DATA_KEY = "pending_polls"


class PendingPolls:
    def __init__(self) -> None:
        self._recording: dict[str, asyncio.Event] = {}

    @asynccontextmanager
    async def recording(self, poll_id: str) -> AsyncIterator[None]:
        """Wrap the recording of a poll that was just sent."""
        done = self._recording.setdefault(poll_id, asyncio.Event())
        try:
            yield
        finally:
            done.set()
            self._recording.pop(poll_id, None)

    async def wait_recorded(self, poll_id: str) -> bool:
        """True if the poll was being recorded (and now is, or gave up); False: not ours."""
        done = self._recording.get(poll_id)
        if done is None:
            return False
        with suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), RECORDING_WAIT)
        return True


def pending_polls_of(bot_data: MutableMapping[str, Any]) -> PendingPolls:
    """The application's one registry (in its ``bot_data``), shared by the /quiz handlers and
    the study-day sessions that post polls from the job queue."""
    registry: PendingPolls = bot_data.setdefault(BOT_DATA_KEY, PendingPolls())
    return registry
