"""What the emulator observed: requests, counters."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class RecordedRequest:
    """One HTTP request to a Bot API method, as received and as answered."""

    method: str
    params: dict[str, Any]
    received_at: float
    files: dict[str, str] = field(default_factory=dict)  # field -> filename
    status: int = 0
    response: dict[str, Any] | None = None
    fault: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass
class Counters:
    """Totals since start: ``per_method``, ``status`` (per HTTP status), and fault counts."""

    per_method: Counter[str] = field(default_factory=Counter)
    status: Counter[int] = field(default_factory=Counter)
    sent_429: int = 0
    sent_5xx: int = 0
    timeouts: int = 0
    slow: int = 0
    requests_during_retry_after: int = 0
