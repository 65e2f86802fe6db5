"""What a queued delivery says: the chat's reading of that study day, in the chat's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.db.repositories import chats
from bot.services.context import ServiceContext
from bot.services.readings import Reading, reading_of_day


@dataclass(frozen=True, slots=True)
class PushContent:
    chat_id: int
    lang: str
    reading: Reading
    sendable: bool  # False: the chat is gone, blocked or paused since it was queued


MAX_MIGRATION_HOPS = 3


def push_content(ctx: ServiceContext, chat_id: int, day: date) -> PushContent | None:
    """The push for `chat_id`; a group that became a supergroup since gets it at its new id."""
    with ctx.transaction() as session:
        chat = chats.get_chat(session, chat_id)
        for _ in range(MAX_MIGRATION_HOPS):
            if chat is None or chat.migrated_to_chat_id is None:
                break
            chat = chats.get_chat(session, chat.migrated_to_chat_id)
        if chat is None:
            return None
        reading = reading_of_day(ctx, session, chat, day)
        sendable = chat.subscribed and not chat.paused and not chat.blocked
        return PushContent(chat_id=chat.id, lang=chat.language, reading=reading, sendable=sendable)
