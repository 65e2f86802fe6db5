"""What a queued delivery says: the chat's reading of that study day, in the chat's language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.db.records import ChatRecord, DeliveryRecord
from bot.db.repositories import chats
from bot.services.context import ServiceContext
from bot.services.readings import Reading, reading_of_day, readings_of_days


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


def push_contents(
    ctx: ServiceContext, batch: Sequence[DeliveryRecord]
) -> dict[int, PushContent | None]:
    """``push_content`` of every delivery of ``batch`` in one transaction, by delivery id.

    The chats are read in one query (and once more per migration hop, for the few that
    moved), the readings with ``readings_of_days``: the same content as ``push_content``
    gives each delivery, with a handful of statements instead of a few per delivery."""
    with ctx.transaction() as session:
        targets: dict[int, ChatRecord | None] = dict(
            chats.get_chats(session, {d.chat_id for d in batch})
        )
        for _ in range(MAX_MIGRATION_HOPS):
            moved = {
                chat_id: chat.migrated_to_chat_id
                for chat_id, chat in targets.items()
                if chat is not None and chat.migrated_to_chat_id is not None
            }
            if not moved:
                break
            found = chats.get_chats(session, moved.values())
            for chat_id, new_id in moved.items():
                targets[chat_id] = found.get(new_id)
        wanted: list[tuple[ChatRecord, date]] = []
        for delivery in batch:
            chat = targets.get(delivery.chat_id)
            if chat is not None:
                wanted.append((chat, delivery.study_day))
        readings = readings_of_days(ctx, session, wanted)
        contents: dict[int, PushContent | None] = {}
        for delivery in batch:
            chat = targets.get(delivery.chat_id)
            contents[delivery.id] = (
                None
                if chat is None
                else PushContent(
                    chat_id=chat.id,
                    lang=chat.language,
                    reading=readings[(chat.id, delivery.study_day)],
                    sendable=chat.subscribed and not chat.paused and not chat.blocked,
                )
            )
        return contents
