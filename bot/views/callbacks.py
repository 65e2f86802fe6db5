"""Inline button payloads: short, versioned strings parsed strictly (≤ 64 bytes for Telegram).

Anything that does not parse is treated as a stale or forged button and changes nothing.
"""

from __future__ import annotations

from datetime import date

READ = "rd"
QUIZ = "qz"
SETTINGS = "set"
RANK = "rk"
DELETE_ME = "dm"
SHARE_NOTE = "ns"
STUDYDAY = "sd"


def pack(*parts: object) -> str:
    data = ":".join(str(p) for p in parts)
    if len(data.encode()) > 64:
        raise ValueError(f"callback data too long: {data!r}")
    return data


def unpack(data: str | None) -> list[str]:
    return (data or "").split(":")


def read_button_data(day: date) -> str:
    return pack(READ, day.strftime("%Y%m%d"))


def parse_day(text: str) -> date | None:
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def parse_int(text: str) -> int | None:
    body = text[1:] if text.startswith("-") else text
    return int(text) if body.isdigit() and len(body) < 20 else None
