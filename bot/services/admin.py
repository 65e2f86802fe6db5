"""The bot administrators' use cases (Telegram user ids in STUDYBOT_ADMINS): counts, the
resumable broadcast and reloading the curated corpus into the running bot."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.core.text import clean_user_text
from bot.corpus.index import CorpusIndex
from bot.corpus.loader import load_corpus
from bot.db.models.broadcast import BROADCAST_MAX_CHARS
from bot.db.repositories import broadcasts
from bot.db.repositories.broadcasts import BotCounts, BroadcastRecord
from bot.services.context import ServiceContext

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
BATCH = 50


def is_admin(ctx: ServiceContext, user_id: int | None) -> bool:
    return user_id is not None and user_id in ctx.admins


def today(ctx: ServiceContext) -> date:
    return ctx.clock.now().astimezone(ZoneInfo(ctx.defaults.timezone)).date()


def stats(ctx: ServiceContext) -> tuple[date, BotCounts]:
    day = today(ctx)
    with ctx.transaction() as session:
        return day, broadcasts.counts(session, day)


# ------------------------------------------------------------------ broadcast


def new_broadcast(ctx: ServiceContext, admin_id: int, text: str) -> BroadcastRecord:
    """A pending broadcast; raises InvalidText for empty, control-character or over-long text."""
    clean = clean_user_text(text, max_chars=BROADCAST_MAX_CHARS)
    with ctx.transaction() as session:
        return broadcasts.create(session, clean, admin_id, ctx.clock.now())


def confirm_broadcast(ctx: ServiceContext, broadcast_id: int) -> bool:
    with ctx.transaction() as session:
        return broadcasts.confirm(session, broadcast_id, ctx.clock.now())


def cancel_broadcast(ctx: ServiceContext, broadcast_id: int) -> bool:
    with ctx.transaction() as session:
        return broadcasts.cancel(session, broadcast_id, ctx.clock.now())


def get_broadcast(ctx: ServiceContext, broadcast_id: int) -> BroadcastRecord | None:
    with ctx.transaction() as session:
        return broadcasts.get(session, broadcast_id)


def claim_broadcast(ctx: ServiceContext, instance: str) -> BroadcastRecord | None:
    with ctx.transaction() as session:
        return broadcasts.claim(session, instance, ctx.clock.now(), LEASE)


def next_audience(ctx: ServiceContext, broadcast: BroadcastRecord, limit: int = BATCH) -> list[int]:
    with ctx.transaction() as session:
        return broadcasts.next_audience(session, broadcast, limit)


def advance(ctx: ServiceContext, broadcast_id: int, instance: str, chat_id: int, ok: bool) -> bool:
    """Records one chat as handled (and renews the lease); False when the lease was lost."""
    with ctx.transaction() as session:
        moved = broadcasts.advance(session, broadcast_id, instance, chat_id, ok)
        if moved:
            broadcasts.claim(session, instance, ctx.clock.now(), LEASE)
        return moved


def finish(ctx: ServiceContext, broadcast_id: int, instance: str) -> BroadcastRecord | None:
    with ctx.transaction() as session:
        broadcasts.finish(session, broadcast_id, instance, ctx.clock.now())
        return broadcasts.get(session, broadcast_id)


def release(ctx: ServiceContext, broadcast_id: int, instance: str) -> None:
    with ctx.transaction() as session:
        broadcasts.release(session, broadcast_id, instance)


Send = Callable[[int, str], Awaitable[bool]]
Run = Callable[..., Awaitable[object]]


async def run_broadcasts(
    ctx: ServiceContext, instance: str, send: Send, run: Run, *, limit: int | None = None
) -> list[BroadcastRecord]:
    """Sends every confirmed broadcast to the rest of its audience; returns the finished ones.

    ``send(chat_id, text) -> delivered`` talks to Telegram; ``run(fn, *args)`` runs a database
    call off the event loop. The cursor moves after every chat, so a crash or a restart resumes
    with the next chat. ``limit`` caps the sends of this call (tests stop half-way with it)."""
    done: list[BroadcastRecord] = []
    budget = limit
    while (broadcast := await run(claim_broadcast, instance)) is not None:
        assert isinstance(broadcast, BroadcastRecord)
        while True:
            chat_ids = await run(next_audience, broadcast)
            assert isinstance(chat_ids, list)
            if not chat_ids:
                finished = await run(finish, broadcast.id, instance)
                if isinstance(finished, BroadcastRecord):
                    log.info(
                        "broadcast %s done: %s sent, %s failed",
                        finished.id,
                        finished.sent,
                        finished.failed,
                    )
                    done.append(finished)
                break
            for chat_id in chat_ids:
                if budget is not None:
                    if budget <= 0:
                        await run(release, broadcast.id, instance)
                        return done
                    budget -= 1
                ok = await send(chat_id, broadcast.text)
                if not await run(advance, broadcast.id, instance, chat_id, ok):
                    log.warning("broadcast %s: lease lost at chat %s", broadcast.id, chat_id)
                    return done
            refreshed = await run(get_broadcast, broadcast.id)
            if not isinstance(refreshed, BroadcastRecord) or refreshed.status != "sending":
                break
            broadcast = refreshed
    return done


# ------------------------------------------------------------------ corpus


@dataclass(frozen=True, slots=True)
class ReloadReport:
    excerpts: int
    quotations: int
    quiz_items: int
    synced: str


def reload_corpus(ctx: ServiceContext, content_dir: Path) -> ReloadReport:
    """Loads content_dir/curated into the running bot and syncs it into the database.

    A corpus that does not load raises CorpusError and the running one stays. The swap is one
    attribute assignment on the shared (frozen) ServiceContext, so every holder of the context
    (handlers, the push sender, the study-day job) sees the new corpus at once."""
    from bot.app import sync_content  # bot.app imports the handlers, which import this module

    index = CorpusIndex(load_corpus(content_dir))
    object.__setattr__(ctx, "corpus", index)
    synced = sync_content(ctx)
    corpus = index.corpus
    return ReloadReport(
        len(corpus.excerpts), len(corpus.quotations), len(corpus.quiz_items), str(synced)
    )
