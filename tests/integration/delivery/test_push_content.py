"""A push queued for a group that has since become a supergroup goes to the new id."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.app import build_context, sync_content
from bot.db.repositories import chats
from bot.delivery.content import push_content
from bot.sandbox.runtime import sandbox_settings

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"


def test_push_content_follows_a_group_to_its_supergroup(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path}/db.sqlite3"
    settings = sandbox_settings(
        "http://127.0.0.1:9/bot", database, studybot_content_dir=str(CORPUS)
    )
    ctx = build_context(settings)
    sync_content(ctx)
    now = ctx.clock.now()
    with ctx.transaction() as session:
        chats.upsert_chat(session, chat_id=-500, type="group", title="学习群", now=now)
        chats.migrate_chat(session, -500, -100500, now)

    content = push_content(ctx, -500, date(2026, 11, 24))

    assert content is not None
    assert content.chat_id == -100500
    assert content.sendable
    assert content.reading.excerpt is not None
