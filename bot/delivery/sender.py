"""Drains the delivery queue: a bounded number of sends at a time, within Telegram's limits.

Telegram's flood limits (30 messages a second overall, 20 a minute per group) and its
`retry_after` answers are handled by python-telegram-bot's AIORateLimiter, which the
application is built with; this module bounds concurrency, decides what each failure means
(retry with backoff, chat blocked, chat migrated, give up) and records the outcome.
"""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from telegram import Bot
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.db.records import DeliveryRecord
from bot.db.repositories import deliveries
from bot.delivery.content import PushContent, push_content
from bot.services import people
from bot.services.context import ServiceContext
from bot.views.reading import reading_keyboard, reading_text

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
LEASE_SECONDS = 120


@dataclass(frozen=True, slots=True)
class Outcome:
    delivery_id: int
    status: str  # sent | retry | failed | skipped
    message_id: int | None = None
    retry_at: datetime | None = None
    reason: str = ""


class Sender:
    def __init__(self, ctx: ServiceContext, bot: Bot, instance: str, concurrency: int = 64) -> None:
        self._ctx, self._bot, self._instance = ctx, bot, instance
        self._concurrency = concurrency
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def run(self, stop: asyncio.Event, idle_seconds: float = 1.0) -> None:
        """Sends until `stop` is set; sleeps `idle_seconds` (or until woken) when idle."""
        while not stop.is_set():
            try:
                sent = await self.drain_once()
            except Exception:  # the database may be briefly away: wait and carry on
                log.exception("sender batch failed; retrying shortly")
                sent = 0
            if sent == 0:
                self._wake.clear()
                try:
                    await asyncio.wait_for(self._wake.wait(), timeout=idle_seconds)
                except TimeoutError:
                    pass

    async def drain_once(self) -> int:
        """Claims one batch, sends it, records the outcomes; returns how many were claimed."""
        batch = await asyncio.to_thread(self._claim)
        if not batch:
            return 0
        outcomes = await asyncio.gather(*(self._deliver(d) for d in batch))
        await asyncio.to_thread(self._record, outcomes)
        return len(batch)

    def _claim(self) -> list[DeliveryRecord]:
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            deliveries.release_expired_leases(session, now)
        with self._ctx.transaction() as session:
            return deliveries.claim(session, self._instance, now, self._concurrency, LEASE_SECONDS)

    def _record(self, outcomes: list[Outcome]) -> None:
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            for o in outcomes:
                if o.status == "sent":
                    deliveries.mark_sent(session, o.delivery_id, now, o.message_id)
                elif o.status == "retry" and o.retry_at is not None:
                    deliveries.mark_retry(session, o.delivery_id, o.retry_at, o.reason)
                elif o.status == "skipped":
                    deliveries.mark_skipped(session, o.delivery_id, o.reason)
                else:
                    deliveries.mark_failed(session, o.delivery_id, o.reason)

    async def _deliver(self, delivery: DeliveryRecord) -> Outcome:
        content = await asyncio.to_thread(push_content, self._ctx, delivery.chat_id, delivery.study_day)
        if content is None or not content.sendable:
            return Outcome(delivery.id, "skipped", reason="chat gone, blocked or paused")
        try:
            message_id = await self._send(content, content.chat_id)
        except ChatMigrated as moved:
            return await self._follow_migration(delivery, content, moved.new_chat_id)
        except Forbidden as error:
            await asyncio.to_thread(people.set_blocked, self._ctx, content.chat_id, True)
            return Outcome(delivery.id, "skipped", reason=f"blocked: {error.message}")
        except RetryAfter as error:
            return self._retry(delivery, f"retry after {error.retry_after}", _seconds(error.retry_after))
        except (TimedOut, NetworkError) as error:
            return self._retry(delivery, f"network: {error.message}", _backoff(delivery.attempts))
        except BadRequest as error:
            if "chat not found" in error.message.lower():
                await asyncio.to_thread(people.set_blocked, self._ctx, content.chat_id, True)
            return Outcome(delivery.id, "failed", reason=error.message)
        return Outcome(delivery.id, "sent", message_id=message_id)

    async def _follow_migration(self, delivery: DeliveryRecord, content: PushContent, new_id: int) -> Outcome:
        await asyncio.to_thread(people.migrate_chat, self._ctx, content.chat_id, new_id)
        try:
            message_id = await self._send(content, new_id)
        except (TimedOut, NetworkError) as error:
            return self._retry(delivery, f"network: {error.message}", _backoff(delivery.attempts))
        return Outcome(delivery.id, "sent", message_id=message_id)

    async def _send(self, content: PushContent, chat_id: int) -> int:
        message = await self._bot.send_message(
            chat_id,
            reading_text(content.reading, content.lang, footer=True),
            parse_mode="HTML",
            reply_markup=reading_keyboard(content.reading, content.lang),
        )
        return message.message_id

    def _retry(self, delivery: DeliveryRecord, reason: str, delay: float) -> Outcome:
        if delivery.attempts >= MAX_ATTEMPTS:
            return Outcome(delivery.id, "failed", reason=f"gave up after {delivery.attempts}: {reason}")
        at = self._ctx.clock.now() + timedelta(seconds=delay)
        return Outcome(delivery.id, "retry", retry_at=at, reason=reason)


def _seconds(value: object) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)  # type: ignore[arg-type]


def _backoff(attempts: int) -> float:
    """Exponential backoff with jitter: about 2, 4, 8 … seconds, at most five minutes."""
    return min(300.0, 2.0 ** max(1, attempts)) * random.uniform(0.75, 1.25)
