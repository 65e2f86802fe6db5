"""Entities Telegram adds to user messages: bot commands (offsets in UTF-16 units)."""

from __future__ import annotations

import re
from typing import Any

from .formatting import utf16_len

_COMMAND_RE = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,64})?")


def command_entities(text: str) -> list[dict[str, Any]]:
    return [
        {
            "type": "bot_command",
            "offset": utf16_len(text[: m.start()]),
            "length": utf16_len(m.group()),
        }
        for m in _COMMAND_RE.finditer(text)
    ]


def leading_command(text: str) -> tuple[str, str | None] | None:
    """``(command, addressee)`` if ``text`` starts with a bot command."""
    match = _COMMAND_RE.match(text)
    if match is None:
        return None
    name, _, addressee = match.group()[1:].partition("@")
    return name, addressee or None
