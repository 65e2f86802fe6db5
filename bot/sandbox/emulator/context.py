"""What Bot API method handlers work on: the world, the update queue, the webhook."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from .updates import UpdateQueue
from .world import World


@dataclass
class WebhookState:
    url: str = ""
    secret_token: str | None = None
    max_connections: int = 40
    last_error_date: int | None = None
    last_error_message: str | None = None
    deliveries: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Context:
    world: World
    queue: UpdateQueue
    webhook: WebhookState
    schedule_poll_close: Callable[[str, float], None]
    on_webhook_change: Callable[[], Awaitable[None]]


Handler = Callable[[Context, dict[str, Any]], Awaitable[Any]]
