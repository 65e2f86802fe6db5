"""The bot's rate limiter: Telegram's flood limits kept evenly, and a retry_after that holds."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.error import RetryAfter
from telegram.ext import AIORateLimiter

SPACING_MARGIN = 0.995  # a hair under the limit: 30 sends never fit in one second


class PausingRateLimiter(AIORateLimiter):
    """python-telegram-bot's AIORateLimiter, with a ``retry_after`` pause that holds.

    AIORateLimiter pauses requests with an event that it sets again in a ``finally`` when *any*
    request finishes, so under concurrent sends other requests went out during a retry_after
    window. Here every 429 opens a bot-wide window (``resume_at``) and no request leaves until
    it has passed; AIORateLimiter's own retries and rate limits still apply.
    """

    def __init__(self, overall_max_rate: float = 30.0, max_retries: int = 3) -> None:
        super().__init__(overall_max_rate=overall_max_rate, max_retries=max_retries)
        if overall_max_rate:
            # AIORateLimiter's bucket lets `rate` requests go at once and `rate` more within the
            # second (up to twice Telegram's limit); a bucket of one, refilled a little under
            # the rate, spaces them evenly so no second ever holds more than the limit.
            self._base_limiter = AsyncLimiter(1, 1 / (overall_max_rate * SPACING_MARGIN))
        self.resume_at = 0.0  # loop time before which nothing is sent

    async def _run_request(
        self,
        chat: bool,
        group: str | int | bool,
        allow_paid_broadcast: bool,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
    ) -> Any:
        loop = asyncio.get_running_loop()

        async def gated(*a: Any, **kw: Any) -> Any:
            while (wait := self.resume_at - loop.time()) > 0:
                await asyncio.sleep(wait)
            try:
                return await callback(*a, **kw)
            except RetryAfter as error:
                until = loop.time() + seconds_of(error.retry_after) + 0.1
                self.resume_at = max(self.resume_at, until)
                raise

        return await super()._run_request(chat, group, allow_paid_broadcast, gated, args, kwargs)


def seconds_of(value: object) -> float:
    """A ``retry_after`` in seconds (python-telegram-bot gives a number or a timedelta)."""
    return value.total_seconds() if isinstance(value, timedelta) else float(value)  # type: ignore[arg-type]
