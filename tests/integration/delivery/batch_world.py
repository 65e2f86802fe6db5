"""What the batched push-pipeline tests share: a clock, a context on the fixture corpus, chats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert

from bot.app import build_context, sync_content
from bot.db.models import Chat
from bot.db.repositories._common import table_of
from bot.sandbox.runtime import sandbox_settings
from bot.services.context import ServiceContext

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"
NOW = datetime(2026, 11, 24, 6, 30, tzinfo=UTC)
DAY = date(2026, 11, 24)
ZONES = (
    "Asia/Shanghai",
    "Europe/Berlin",
    "America/Los_Angeles",
    "Pacific/Kiritimati",  # UTC+14: already the 25th
    "Pacific/Pago_Pago",  # UTC-11: still the 23rd
    "Asia/Kolkata",  # +05:30
    "UTC",
)
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@dataclass
class FixedClock:
    at: datetime = NOW

    def now(self) -> datetime:
        return self.at


def context_for(url: str) -> ServiceContext:
    settings = sandbox_settings("http://127.0.0.1:9/bot", url, studybot_content_dir=str(CORPUS))
    ctx = build_context(settings, clock=FixedClock())
    sync_content(ctx)
    return ctx


def chat_row(chat_id: int, **values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": chat_id,
        "type": "private" if chat_id > 0 else "group",
        "title": None,
        "language": "zh",
        "timezone": "Asia/Shanghai",
        "push_minute": 480,
        "quiz_length": 3,
        "subscribed": True,
        "paused": False,
        "blocked": False,
        "next_push_at": None,
        "greeted": True,
        "created_at": NOW - timedelta(days=30),
    }
    row.update(values)
    return row


def seed_chats(ctx: ServiceContext, rows: list[dict[str, Any]]) -> None:
    with ctx.transaction() as session:
        session.execute(insert(table_of(Chat)), rows)
