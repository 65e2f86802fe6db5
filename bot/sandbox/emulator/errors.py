"""Bot API error answers, shaped the way Telegram shapes them."""

from __future__ import annotations

from typing import Any


class BotApiError(Exception):
    """An error answer: ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(
        self, error_code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


class ValidationError(BotApiError):
    """A request that breaks the Bot API rules: always a 400, always recorded as a violation."""

    def __init__(self, description: str) -> None:
        super().__init__(400, f"Bad Request: {description}")


def bad_request(description: str, parameters: dict[str, Any] | None = None) -> BotApiError:
    return BotApiError(400, f"Bad Request: {description}", parameters)


def forbidden(description: str) -> BotApiError:
    return BotApiError(403, f"Forbidden: {description}")


def too_many_requests(retry_after: int) -> BotApiError:
    return BotApiError(
        429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
    )


def conflict(description: str) -> BotApiError:
    return BotApiError(409, f"Conflict: {description}")
