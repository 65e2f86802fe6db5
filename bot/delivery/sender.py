"""Drains the delivery queue: a bounded number of sends at a time, within Telegram's limits.

Telegram's flood limits (30 messages a second overall, 20 a minute per group) and its
`retry_after` answers are handled by the application's rate limiter (`bot.delivery.ratelimit`);
this module bounds concurrency, decides what each failure means (retry with backoff, chat
blocked, chat migrated, give up) and records the outcome.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import update
from sqlalchemy.orm import Session
from telegram import Bot, InlineKeyboardMarkup
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot.db.models import Delivery
from bot.db.records import DeliveryRecord
from bot.db.repositories import deliveries
from bot.db.repositories._common import affected, table_of
from bot.db.session import is_transient, retry_transient
from bot.delivery.content import PushContent, push_contents
from bot.delivery.ratelimit import seconds_of
from bot.services import people
from bot.services.context import ServiceContext
from bot.views.reading import reading_keyboard, reading_text

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
LEASE_SECONDS = 30.0  # renewed while a send is in flight
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Outcome:
    delivery_id: int
    status: str  # sent | retry | failed | skipped
    message_id: int | None = None
    retry_at: datetime | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Push:
    """A delivery's content, rendered."""

    content: PushContent
    text: str
    keyboard: InlineKeyboardMarkup


Contents = dict[int, PushContent | None]  # a claimed batch's content, by delivery id
Pushes = asyncio.Task[dict[int, Push | None]]  # … rendered

MIN_CONCURRENCY = 64
UNLIMITED_CONCURRENCY = 256  # no send limit: a paid broadcast, 1,000 a second and more
ROUND_TRIP_ALLOWANCE = 0.25  # seconds one send may take, Telegram's far side included


def default_concurrency(send_rate: float) -> int:
    """Sends in flight needed to keep up ``send_rate`` a second (0: no limit).

    The rate times a send's round trip, with room for the claim and record cycle; never
    fewer than 64. More in flight than the rate needs buys nothing and costs duplicates: a
    crash can resend as many pushes as were in flight (docs/guarantees.md)."""
    if send_rate <= 0:
        return UNLIMITED_CONCURRENCY
    return max(MIN_CONCURRENCY, math.ceil(send_rate * ROUND_TRIP_ALLOWANCE))


class Sender:
    """Keeps up to ``concurrency`` sends in flight, claiming queued rows as slots free up.

    Invariant: the rows this instance holds as ``sending`` (claimed, outcome not yet
    recorded) never exceed ``concurrency`` — outcomes are recorded before more rows are
    claimed. A crash can therefore resend at most ``concurrency`` pushes that Telegram had
    already accepted. Leases are renewed while a send is in flight, so a long retry_after
    pause never lets another instance take a row that is still being sent.
    """

    def __init__(
        self,
        ctx: ServiceContext,
        bot: Bot,
        instance: str,
        concurrency: int = 64,
        lease_seconds: float = LEASE_SECONDS,
    ) -> None:
        self._ctx, self._bot, self._instance = ctx, bot, instance
        self._concurrency = concurrency
        self._lease = lease_seconds
        self._wake = asyncio.Event()
        self.recovered = 0  # rows a previous process of this instance left mid-send

    def wake(self) -> None:
        self._wake.set()

    async def run(self, stop: asyncio.Event, idle_seconds: float = 1.0) -> None:
        """Sends until `stop` is set; sleeps `idle_seconds` (or until woken) when idle."""
        try:
            self.recovered = await retry_transient(self._recover, what="sender start")
        except Exception:
            log.exception("sender: could not take back this instance's unfinished sends")
        if self.recovered:
            log.warning(
                "sender: %d sends of a previous run of %s requeued", self.recovered, self._instance
            )
        in_flight: dict[asyncio.Task[Outcome], int] = {}
        done: list[Outcome] = []
        renewed = time.monotonic()
        refill = max(1, self._concurrency // 4)
        while not (stop.is_set() and not in_flight and not done):
            due = in_flight and time.monotonic() - renewed > self._lease / 3
            renewal = self._renew, list(in_flight.values())
            if due and await self._safely(*renewal, what="renew") is not None:
                renewed = time.monotonic()
            free = self._concurrency - len(in_flight)
            wanted = 0
            if not stop.is_set() and (free >= refill or (free > 0 and not in_flight)):
                # a group of `refill` rows at a time: the groups' database work overlaps the
                # other groups' sends instead of the whole concurrency waiting for it at once
                wanted = min(free, refill)
            claimed: list[DeliveryRecord] = []
            if done or wanted:
                step = await self._safely(self._settle, done, wanted, what="record and claim")
                if step is None and done:  # the database is away: keep them, claim nothing
                    await asyncio.sleep(0.5)
                    continue
                done = []
                claimed, read = step if step is not None else ([], None)
                if claimed:
                    contents = asyncio.create_task(self._contents(claimed, read))
                    for delivery in claimed:
                        task = asyncio.create_task(self._deliver_safely(delivery, contents))
                        in_flight[task] = delivery.id
                if wanted and len(claimed) == wanted and free - wanted >= refill:
                    continue  # more rows are waiting and slots are free: the next group
            if in_flight:
                finished, _ = await asyncio.wait(
                    in_flight, timeout=0.25, return_when=asyncio.FIRST_COMPLETED
                )
                await asyncio.sleep(0.002)  # let neighbours finish too: fewer, larger records
                finished |= {task for task in in_flight if task.done()}
                for task in finished:
                    in_flight.pop(task)
                    done.append(task.result())
            elif not claimed and not stop.is_set():
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=idle_seconds)

    async def _safely(self, fn: Callable[..., T], *args: Any, what: str) -> T | None:
        """``fn`` with the database retry; None (logged) if the database stays away."""
        try:
            return await retry_transient(fn, *args, what=f"sender: {what}", budget=10.0)
        except Exception:
            log.exception("sender: %s failed; carrying on", what)
            return None

    async def drain_once(self) -> int:
        """Claims one batch, sends it, records the outcomes; returns how many were claimed."""
        batch, read = await asyncio.to_thread(self._settle, [], self._concurrency)
        if not batch:
            return 0
        contents = asyncio.create_task(self._contents(batch, read))
        outcomes = await asyncio.gather(*(self._deliver_safely(d, contents) for d in batch))
        await retry_transient(self._record, outcomes, what="sender: record outcomes")
        return len(batch)

    def _recover(self) -> int:
        """Rows this instance name holds as ``sending`` under a lease belong to a process of
        the same name that died mid-send: back to the queue at once (rows held without a
        lease, the study-day reports, are not the sender's and are left alone)."""
        table = table_of(Delivery)
        with self._ctx.transaction() as session:
            return affected(
                session,
                update(table)
                .where(
                    table.c.status == "sending",
                    table.c.claimed_by == self._instance,
                    table.c.lease_until.is_not(None),
                )
                .values(status="queued", claimed_by=None, lease_until=None),
            )

    def _renew(self, ids: list[int]) -> int:
        table = table_of(Delivery)
        until = self._ctx.clock.now() + timedelta(seconds=self._lease)
        with self._ctx.transaction() as session:
            return affected(
                session,
                update(table)
                .where(
                    table.c.id.in_(ids),
                    table.c.status == "sending",
                    table.c.claimed_by == self._instance,
                )
                .values(lease_until=until),
            )

    def _settle(
        self, done: list[Outcome], limit: int
    ) -> tuple[list[DeliveryRecord], Contents | Exception | None]:
        """Records ``done``, then claims up to ``limit`` rows, in one transaction (so the rows
        held never exceed the concurrency, and a failure does neither); then, on the same
        worker thread, reads the claimed rows' content in a transaction of its own: the
        content, or the error that read raised, which ``_contents`` retries or reports
        without claiming anything again."""
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            self._record_in(session, done, now)
            claimed = self._claim_in(session, limit, now) if limit > 0 else []
        if not claimed:
            return claimed, None
        try:
            return claimed, push_contents(self._ctx, claimed)
        except Exception as error:
            return claimed, error

    def _claim_in(self, session: Session, limit: int, now: datetime) -> list[DeliveryRecord]:
        deliveries.release_expired_leases(session, now)
        return deliveries.claim(session, self._instance, now, limit, math.ceil(self._lease))

    def _record(self, outcomes: list[Outcome]) -> int:
        """All outcomes in one transaction, one executemany UPDATE per status."""
        with self._ctx.transaction() as session:
            self._record_in(session, outcomes, self._ctx.clock.now())
        return len(outcomes)

    @staticmethod
    def _record_in(session: Session, outcomes: list[Outcome], now: datetime) -> None:
        sent: list[tuple[int, int | None]] = []
        retries: list[tuple[int, datetime, str]] = []
        skipped: list[tuple[int, str]] = []
        failed: list[tuple[int, str]] = []
        for o in outcomes:
            if o.status == "sent":
                sent.append((o.delivery_id, o.message_id))
            elif o.status == "retry" and o.retry_at is not None:
                retries.append((o.delivery_id, o.retry_at, o.reason))
            elif o.status == "skipped":
                skipped.append((o.delivery_id, o.reason))
            else:
                failed.append((o.delivery_id, o.reason))
        deliveries.mark_sent_many(session, sent, now)
        deliveries.mark_retry_many(session, retries)
        deliveries.mark_skipped_many(session, skipped)
        deliveries.mark_failed_many(session, failed)

    async def _contents(
        self, batch: list[DeliveryRecord], read: Contents | Exception | None = None
    ) -> dict[int, Push | None]:
        """The pushes of a claimed batch, each distinct reading rendered once. The database
        work is one transaction (``push_contents``): ``read`` is its result or error if it was
        done with the claim; it is (re)done here while the database is away."""
        try:
            if isinstance(read, Exception) and not is_transient(read):
                raise read
            contents = (
                read
                if isinstance(read, dict)
                else await retry_transient(push_contents, self._ctx, batch, what="sender: content")
            )
        except Exception:
            log.exception("sender: the content of %d deliveries failed", len(batch))
            raise
        rendered: dict[tuple[object, ...], tuple[str, InlineKeyboardMarkup]] = {}
        pushes: dict[int, Push | None] = {}
        for delivery_id, content in contents.items():
            if content is None:
                pushes[delivery_id] = None
                continue
            reading, lang = content.reading, content.lang
            excerpt, quotation = reading.excerpt, reading.quotation
            key = (excerpt and excerpt.id, quotation and quotation.id, reading.day, lang)
            if key not in rendered:
                rendered[key] = (
                    reading_text(reading, lang, footer=True),
                    reading_keyboard(reading, lang),
                )
            text, keyboard = rendered[key]
            pushes[delivery_id] = Push(content, text, keyboard)
        return pushes

    async def _deliver_safely(self, delivery: DeliveryRecord, contents: Pushes) -> Outcome:
        """Never raises: a database that stays away (for the batch's content or for this
        delivery's own work), or a bug, sends the row back to the queue."""
        try:
            pushes = await asyncio.shield(contents)  # logged once, by _contents
        except Exception as error:
            return self._retry(
                delivery, f"error: {type(error).__name__}", _backoff(delivery.attempts)
            )
        try:
            return await self._deliver(delivery, pushes.get(delivery.id))
        except Exception as error:
            log.exception("sender: delivery %s failed unexpectedly", delivery.id)
            return self._retry(
                delivery, f"error: {type(error).__name__}", _backoff(delivery.attempts)
            )

    async def _deliver(self, delivery: DeliveryRecord, push: Push | None) -> Outcome:
        if push is None or not push.content.sendable:
            return Outcome(delivery.id, "skipped", reason="chat gone, blocked or paused")
        chat_id = push.content.chat_id
        try:
            message_id = await self._send(push, chat_id)
        except ChatMigrated as moved:
            return await self._follow_migration(delivery, push, moved.new_chat_id)
        except TelegramError as error:
            return await self._failure(delivery, chat_id, error)
        return Outcome(delivery.id, "sent", message_id=message_id)

    async def _failure(
        self, delivery: DeliveryRecord, chat_id: int, error: TelegramError
    ) -> Outcome:
        """What a refused send means. BadRequest is a NetworkError in python-telegram-bot, so
        it is told apart first: a bad request is final, a network error or 5xx is retried."""
        if isinstance(error, Forbidden):  # blocked, kicked, deactivated
            await retry_transient(people.set_blocked, self._ctx, chat_id, True, what="sender")
            return Outcome(delivery.id, "skipped", reason=f"blocked: {error.message}")
        if isinstance(error, RetryAfter):
            reason = f"retry after {error.retry_after}"
            return self._retry(delivery, reason, seconds_of(error.retry_after))
        if isinstance(error, BadRequest):  # never retried: the same request fails the same way
            if "chat not found" in error.message.lower():
                await retry_transient(people.set_blocked, self._ctx, chat_id, True, what="sender")
            return Outcome(delivery.id, "failed", reason=error.message)
        if isinstance(error, TimedOut | NetworkError):
            reason = f"network: {error.message}"
            return self._retry(delivery, reason, _backoff(delivery.attempts))
        return Outcome(delivery.id, "failed", reason=f"{type(error).__name__}: {error.message}")

    async def _follow_migration(self, delivery: DeliveryRecord, push: Push, new_id: int) -> Outcome:
        """The group became a supergroup: move its history, send there (same delivery row)."""
        await retry_transient(
            people.migrate_chat, self._ctx, push.content.chat_id, new_id, what="sender: migrate"
        )
        try:
            message_id = await self._send(push, new_id)
        except TelegramError as error:
            return await self._failure(delivery, new_id, error)
        return Outcome(delivery.id, "sent", message_id=message_id)

    async def _send(self, push: Push, chat_id: int) -> int:
        message = await self._bot.send_message(
            chat_id, push.text, parse_mode="HTML", reply_markup=push.keyboard
        )
        return message.message_id

    def _retry(self, delivery: DeliveryRecord, reason: str, delay: float) -> Outcome:
        if delivery.attempts >= MAX_ATTEMPTS:
            return Outcome(
                delivery.id, "failed", reason=f"gave up after {delivery.attempts}: {reason}"
            )
        at = self._ctx.clock.now() + timedelta(seconds=delay)
        return Outcome(delivery.id, "retry", retry_at=at, reason=reason)


def _backoff(attempts: int) -> float:
    """Exponential backoff with jitter: about 2, 4, 8 … seconds, at most five minutes."""
    return min(300.0, 2.0 ** max(1, attempts)) * random.uniform(0.75, 1.25)
