"""Small builders shared by the repository tests."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from bot.db.records import ContentRow
from bot.db.repositories.chats import upsert_chat
from bot.db.repositories.content import sync_content
from bot.db.repositories.learners import upsert_learner
from bot.db.repositories.members import add_member

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
GROUP = -100123


def learner(session: Session, learner_id: int, name: str | None = None) -> None:
    upsert_learner(session, learner_id=learner_id, display_name=name or f"L{learner_id}", now=NOW)


def private_chat(session: Session, learner_id: int) -> None:
    learner(session, learner_id)
    upsert_chat(session, chat_id=learner_id, type="private", title=None, now=NOW)


def group(session: Session, chat_id: int = GROUP, members: tuple[int, ...] = ()) -> None:
    upsert_chat(session, chat_id=chat_id, type="group", title="读书会", now=NOW)
    for member in members:
        learner(session, member)
        add_member(session, chat_id, member, NOW)


def corpus(session: Session) -> None:
    rows = [
        ContentRow("ex-1", "excerpt", "a01", {"text": "公生明"}, ("公道正派",)),
        ContentRow("ex-2", "excerpt", "a01", {"text": "廉生威"}, ()),
        ContentRow("q-1", "quotation", "a02", {"text": "学而时习之"}, ("学习",)),
        ContentRow("qz-1", "quiz", "a02", {"question": "?", "options": ["a", "b"]}, ("学习",)),
        ContentRow("qz-2", "quiz", "a02", {"question": "!", "options": ["a", "b", "c"]}, ()),
    ]
    sync_content(session, rows, NOW)
