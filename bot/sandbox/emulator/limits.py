"""Telegram's flood limits (sliding windows) and retry_after bookkeeping."""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

_COUNTED_EXTRA = frozenset({"copyMessage", "copyMessages", "forwardMessage", "forwardMessages"})


def is_counted_method(method: str) -> bool:
    """Methods that send a message and count towards the flood limits."""
    return (method.startswith("send") and method != "sendChatAction") or method in _COUNTED_EXTRA


@dataclass(frozen=True)
class FloodLimits:
    """Limits from Telegram's FAQ; ``None`` disables one. Defaults: 30/s, 20/min/group, 1/s/chat.

    ``per_chat_window`` widens the per-chat window (e.g. 3.0 with per_chat_per_second=1 allows
    a burst of 3 messages in any 3 s), for Telegram's tolerated short bursts.

    ``algorithm``: "sliding_window" counts messages in any window (at most N in any period);
    "leaky_bucket" allows a burst of N then N per period, the model python-telegram-bot's
    AIORateLimiter (aiolimiter) uses — it can put up to 2N in one sliding window.
    ``jitter`` (seconds) forgives network jitter: a window is that much shorter, a bucket
    that much deeper. 0 is exact.
    """

    global_per_second: int | None = 30
    per_group_per_minute: int | None = 20
    per_chat_per_second: int | None = 1
    per_chat_window: float = 1.0
    algorithm: str = "sliding_window"  # or "leaky_bucket"
    jitter: float = 0.0


class _Window:
    """At most ``limit`` events in any ``seconds``-long window."""

    def __init__(self, limit: int, seconds: float, jitter: float = 0.0) -> None:
        self.limit = limit
        self.seconds = max(seconds - jitter, 1e-3)
        self.stamps: deque[float] = deque()

    def retry_after(self, now: float) -> int | None:
        while self.stamps and self.stamps[0] <= now - self.seconds:
            self.stamps.popleft()
        if len(self.stamps) < self.limit:
            return None
        return max(1, math.ceil(self.stamps[0] + self.seconds - now))

    def add(self, now: float) -> None:
        self.stamps.append(now)


class _Bucket:
    """Leaky bucket: capacity ``limit``, draining ``limit / seconds`` per second."""

    def __init__(self, limit: int, seconds: float, jitter: float = 0.0) -> None:
        self.rate = limit / seconds
        self.limit = limit + self.rate * jitter
        self.level = 0.0
        self.last = 0.0

    def _drain(self, now: float) -> None:
        self.level = max(0.0, self.level - (now - self.last) * self.rate)
        self.last = now

    def retry_after(self, now: float) -> int | None:
        self._drain(now)
        if self.level + 1 <= self.limit + 1e-9:
            return None
        return max(1, math.ceil((self.level + 1 - self.limit) / self.rate))

    def add(self, now: float) -> None:
        self._drain(now)
        self.level += 1


class FloodTracker:
    """Applies :class:`FloodLimits` to message-sending requests."""

    def __init__(self, limits: FloodLimits) -> None:
        self.limits = limits
        self._windows: dict[tuple[str, int], _Window | _Bucket] = {}
        self._kind = _Bucket if limits.algorithm == "leaky_bucket" else _Window

    def _window(self, key: tuple[str, int], limit: int, seconds: float) -> _Window | _Bucket:
        window = self._windows.get(key)
        if window is None:
            window = self._windows[key] = self._kind(limit, seconds, self.limits.jitter)
        return window

    def check(self, chat_id: int, is_group: bool, now: float) -> tuple[int, str] | None:
        """``(retry_after, scope)`` if the message exceeds a limit, else record it and ``None``."""
        windows: list[tuple[_Window | _Bucket, str]] = []
        lim = self.limits
        if lim.global_per_second is not None:
            windows.append((self._window(("global", 0), lim.global_per_second, 1.0), "global"))
        if lim.per_chat_per_second is not None:
            count = max(1, round(lim.per_chat_per_second * lim.per_chat_window))
            windows.append((self._window(("chat", chat_id), count, lim.per_chat_window), "chat"))
        if is_group and lim.per_group_per_minute is not None:
            windows.append(
                (self._window(("group", chat_id), lim.per_group_per_minute, 60.0), "chat")
            )
        for window, scope in windows:
            retry = window.retry_after(now)
            if retry is not None:
                return retry, scope
        for window, _ in windows:
            window.add(now)
        return None


class RetryWindows:
    """Active retry_after windows, per chat and global, after any 429 the emulator sent."""

    def __init__(self) -> None:
        self._until: dict[int | None, float] = {}

    def open(self, chat_id: int | None, retry_after: int, now: float) -> None:
        until = now + retry_after
        self._until[chat_id] = max(self._until.get(chat_id, 0.0), until)

    def remaining(self, chat_id: int | None, now: float) -> float:
        """Seconds left in the stricter of the chat's and the global window (0 if none)."""
        ends = [self._until.get(None, 0.0)]
        if chat_id is not None:
            ends.append(self._until.get(chat_id, 0.0))
        return max(0.0, max(ends) - now)
