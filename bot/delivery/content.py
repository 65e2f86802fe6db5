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


def push_content(ctx: ServiceContext, chat_id: int, day: date) -> PushContent | None:
    with ctx.transaction() as session:
        chat = chats.get_chat(session, chat_id)
        if chat is None:
            return None
        reading = reading_of_day(ctx, session, chat, day)
        sendable = chat.subscribed and not chat.paused and not chat.blocked
        return PushContent(chat_id=chat.id, lang=chat.language, reading=reading, sendable=sendable)
