"""The day's reading of a chat: one excerpt and one quotation, the same in the push and /today."""

from __future__ import annotations

import bisect
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from bot.core import timezones
from bot.core.rotation import next_in_rotation
from bot.corpus.model import Excerpt, Quotation
from bot.db.records import ChatRecord, DailyReadingRecord
from bot.db.repositories import chats, readings
from bot.services.context import ServiceContext
from bot.services.progress import DayStatus, record_activity


@dataclass(frozen=True, slots=True)
class Reading:
    chat_id: int
    day: date
    excerpt: Excerpt | None
    quotation: Quotation | None
    article_title: str


def reading_of_day(ctx: ServiceContext, session: Session, chat: ChatRecord, day: date) -> Reading:
    """The chat's reading for `day`, chosen once (no repeat until the pool is used up)."""
    record = readings.get_daily_reading(session, chat.id, day)
    if record is None:
        excerpt_id = next_in_rotation(
            list(ctx.corpus.excerpts),
            readings.rotation_history(session, chat.id, "excerpt"),
            chat.id,
        )
        quotation_id = next_in_rotation(
            list(ctx.corpus.quotations),
            readings.rotation_history(session, chat.id, "quotation"),
            chat.id,
        )
        record = readings.create_daily_reading(
            session,
            chat_id=chat.id,
            study_day=day,
            excerpt_id=excerpt_id,
            quotation_id=quotation_id,
            now=ctx.clock.now(),
        )
    return _reading(ctx, record)


def readings_of_days(
    ctx: ServiceContext, session: Session, wanted: Sequence[tuple[ChatRecord, date]]
) -> dict[tuple[int, date], Reading]:
    """``reading_of_day`` for many (chat, day) pairs with a handful of queries: the stored
    readings in one, the rotation histories of the chats lacking one in one per kind, the
    missing readings inserted in one. The choices are those ``reading_of_day`` would make
    called pair after pair in this order (a choice joins its chat's history at its day)."""
    keys = list(dict.fromkeys((chat.id, day) for chat, day in wanted))
    stored = readings.get_daily_readings(session, keys)
    missing = [key for key in keys if key not in stored]
    if missing:
        lacking = {chat_id for chat_id, _ in missing}
        excerpts = readings.rotation_histories(session, lacking, "excerpt")
        quotations = readings.rotation_histories(session, lacking, "quotation")
        excerpt_pool, quotation_pool = list(ctx.corpus.excerpts), list(ctx.corpus.quotations)
        choices: list[tuple[int, date, str | None, str | None]] = []
        for chat_id, day in missing:
            excerpt_id = _choose(excerpt_pool, excerpts.setdefault(chat_id, []), chat_id, day)
            quotation_id = _choose(quotation_pool, quotations.setdefault(chat_id, []), chat_id, day)
            choices.append((chat_id, day, excerpt_id, quotation_id))
        stored.update(readings.create_daily_readings(session, choices, ctx.clock.now()))
    return {key: _reading(ctx, stored[key]) for key in keys}


def _choose(
    pool: list[str], history: list[tuple[date, str]], chat_id: int, day: date
) -> str | None:
    """The rotation's next item for ``day``; it joins ``history`` (kept in study-day order)."""
    item = next_in_rotation(pool, [item_id for _, item_id in history], chat_id)
    if item is not None:
        bisect.insort(history, (day, item))
    return item


def _reading(ctx: ServiceContext, record: DailyReadingRecord) -> Reading:
    excerpt = ctx.corpus.excerpts.get(record.excerpt_id or "")
    quotation = ctx.corpus.quotations.get(record.quotation_id or "")
    title = ctx.corpus.article_title(excerpt.article_id) if excerpt else ""
    return Reading(record.chat_id, record.study_day, excerpt, quotation, title)


def today_for_chat(ctx: ServiceContext, chat_id: int) -> Reading:
    now = ctx.clock.now()
    with ctx.transaction() as session:
        chat = chats.get_chat(session, chat_id)
        if chat is None:
            raise LookupError(f"unknown chat {chat_id}")
        day = timezones.local_date(now, timezones.parse_timezone(chat.timezone))
        return reading_of_day(ctx, session, chat, day)


def is_current_day(ctx: ServiceContext, chat_id: int, day: date) -> bool:
    """Whether `day` is the chat's study day right now (older buttons are stale)."""
    with ctx.transaction() as session:
        chat = chats.get_chat(session, chat_id)
    if chat is None:
        return False
    return timezones.local_date(ctx.clock.now(), timezones.parse_timezone(chat.timezone)) == day


def mark_read(ctx: ServiceContext, learner_id: int) -> DayStatus:
    """The learner opened the day's reading (in their own zone's study day)."""
    with ctx.transaction() as session:
        return record_activity(ctx, session, learner_id, read=True)


def random_quotation(ctx: ServiceContext, seed: int) -> Quotation | None:
    pool = ctx.corpus.corpus.quotations
    return random.Random(seed).choice(pool) if pool else None
