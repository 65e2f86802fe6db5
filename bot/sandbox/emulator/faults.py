"""Seeded fault injection: 5xx, held requests (timeouts), slow answers, bursts of 429."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .limits import is_counted_method

DEFAULT_EXEMPT = frozenset({"getUpdates"})


@dataclass(frozen=True)
class Fault:
    """One decision: ``kind`` is "5xx", "timeout", "slow" or "429"."""

    kind: str
    status: int = 0
    retry_after: int = 0
    delay: float = 0.0
    accepted: bool = False
    scope: str = "chat"


@dataclass
class _Burst:
    count: int
    retry_after: int
    methods: frozenset[str] | None
    after_requests: int
    scope: str


@dataclass
class FaultPlan:
    """What to break, how often. Draws come from ``random.Random(seed)``: reproducible.

    ``methods`` limits random faults to those methods (canonical names); ``None`` means every
    method except getUpdates. A timeout holds the request ``timeout_seconds`` (set it above the
    client's read timeout); with ``accept_before_timeout`` the method runs first (the message is
    recorded as delivered) and the answer is what gets lost.
    """

    seed: int = 0
    error_5xx_rate: float = 0.0
    error_5xx_codes: tuple[int, ...] = (500, 502)
    timeout_rate: float = 0.0
    timeout_seconds: float = 30.0
    accept_before_timeout: bool = False
    slow_rate: float = 0.0
    slow_seconds: float = 1.0
    methods: frozenset[str] | None = None
    _rng: random.Random = field(init=False, repr=False)
    _bursts: list[_Burst] = field(init=False, repr=False, default_factory=list)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    def burst_429(
        self,
        count: int,
        retry_after: int,
        *,
        methods: frozenset[str] | set[str] | None = None,
        after_requests: int = 0,
        scope: str = "chat",
    ) -> None:
        """Answer the next ``count`` matching requests (after skipping ``after_requests``) 429.

        ``methods=None`` matches the message-sending methods (those the flood limits count).
        ``scope`` "chat" opens the retry_after window for that chat, "global" for every chat.
        """
        frozen = frozenset(methods) if methods is not None else None
        self._bursts.append(_Burst(count, retry_after, frozen, after_requests, scope))

    def decide(self, method: str) -> Fault | None:
        burst = self._burst_for(method)
        if burst is not None:
            return burst
        if not self._applies(method):
            return None
        draw = self._rng.random()
        if draw < self.error_5xx_rate:
            return Fault("5xx", status=self._rng.choice(self.error_5xx_codes))
        draw -= self.error_5xx_rate
        if draw < self.timeout_rate:
            return Fault("timeout", delay=self.timeout_seconds, accepted=self.accept_before_timeout)
        draw -= self.timeout_rate
        if draw < self.slow_rate:
            return Fault("slow", delay=self.slow_seconds)
        return None

    def _applies(self, method: str) -> bool:
        if self.methods is None:
            return method not in DEFAULT_EXEMPT
        return method in self.methods

    def _burst_for(self, method: str) -> Fault | None:
        for burst in self._bursts:
            if burst.methods is not None and method not in burst.methods:
                continue
            if burst.methods is None and not is_counted_method(method):
                continue
            if burst.after_requests > 0:
                burst.after_requests -= 1
                return None
            burst.count -= 1
            if burst.count <= 0:
                self._bursts.remove(burst)
            return Fault("429", status=429, retry_after=burst.retry_after, scope=burst.scope)
        return None
