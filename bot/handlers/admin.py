"""The bot administrators' commands (Telegram user ids in STUDYBOT_ADMINS).

* ``/stats`` — learners, groups, chats, today's pushes by status, today's answers.
* ``/broadcast <text>`` — a preview with a confirmation button; once confirmed the text goes,
  as plain text, to every subscribed chat that has not blocked the bot. The ``broadcasts``
  table keeps the text and a cursor (the last chat id handled, committed after each send); a
  repeating job (and one started at confirmation) sends, so a restarted bot resumes where it
  stopped instead of resending. python-telegram-bot's AIORateLimiter paces the sends.
* ``/reload`` — reloads ``content/curated`` from disk into the running bot and syncs it into
  the database; a corpus that does not load leaves the running one in place.
* ``/import`` — decided against inside the bot: an import runs the whole curation pipeline
  (jieba segmentation, cleaning, quiz generation), which the bot process deliberately never
  imports, it writes ``content/`` on one host only, and its result should be reviewed
  (``studybot content lint``) before learners see it. So ``/import`` (also as the caption of a
  sent document) answers an administrator with the command line to use and ``/reload``.

Anyone else gets a polite refusal, and the refusal is logged (user and command).
"""

from __future__ import annotations

import asyncio
import logging
import re
from pathlib import Path
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.core.errors import CoreError
from bot.corpus.loader import CorpusError, default_content_dir
from bot.handlers.common import SERVICES_KEY, call, edit_quietly, error_text, esc, reply, services
from bot.handlers.context import chat_and_caller
from bot.i18n import language_for, t
from bot.services import admin, people
from bot.services.context import ServiceContext

log = logging.getLogger(__name__)

BROADCAST = "bc"
LOCK_KEY = "broadcast_lock"
CONTENT_DIR_KEY = "content_dir"
_IMPORT_CAPTION = re.compile(r"^/import(@\w+)?(\s|$)", re.IGNORECASE)


def _lang(update: Update) -> str:
    user = update.effective_user
    return language_for(user.language_code if user else None)


async def _allowed(update: Update, context: ContextTypes.DEFAULT_TYPE, command: str) -> bool:
    """True for a bot administrator; anyone else is refused politely and logged."""
    user = update.effective_user
    if user is not None and admin.is_admin(services(context), user.id):
        return True
    chat = update.effective_chat
    log.warning(
        "admin command %s refused: user %s (@%s) is not a bot administrator (chat %s)",
        command,
        user.id if user else None,
        user.username if user else None,
        chat.id if chat else None,
    )
    if update.callback_query is not None:
        await update.callback_query.answer(t(_lang(update), "admin.refused"), show_alert=True)
    else:
        await reply(update, t(_lang(update), "admin.refused"))
    return False


# ------------------------------------------------------------------ /stats


async def stats_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not await _allowed(update, context, "/stats"):
        return
    lang = _lang(update)
    day, counts = await call(context, admin.stats)
    pushes = ", ".join(f"{k} {v}" for k, v in sorted(counts.pushes_today.items()))
    text = t(
        lang,
        "admin.stats",
        day=day.isoformat(),
        learners=counts.learners,
        groups=counts.groups,
        private_chats=counts.private_chats,
        subscribed=counts.subscribed_chats,
        blocked=counts.blocked_chats,
        pushes=pushes or t(lang, "admin.stats.none"),
        answers=counts.answers_today,
    )
    await reply(update, text)


# ------------------------------------------------------------------ /broadcast


def _broadcast_text(message_text: str) -> str:
    """Everything after the command word, line breaks kept (``/broadcast\\nline``)."""
    parts = re.split(r"\s", message_text, maxsplit=1)
    return parts[1].strip() if len(parts) == 2 else ""


async def broadcast_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not await _allowed(update, context, "/broadcast"):
        return
    message, here = update.effective_message, await chat_and_caller(update, context)
    if message is None or here is None:
        return
    lang = _lang(update)
    text = _broadcast_text(message.text or "")
    if not text:
        await reply(update, t(lang, "admin.broadcast.usage"))
        return
    try:
        record = await call(context, admin.new_broadcast, here.caller.learner.id, text)
    except CoreError as error:
        await reply(update, error_text(lang, error))
        return
    log.info("broadcast %s drafted by %s (%d chars)", record.id, record.created_by, len(text))
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "admin.broadcast.button.go"),
                    callback_data=f"{BROADCAST}:go:{record.id}",
                ),
                InlineKeyboardButton(
                    t(lang, "admin.broadcast.button.no"),
                    callback_data=f"{BROADCAST}:no:{record.id}",
                ),
            ]
        ]
    )
    preview = text if len(text) <= 3000 else text[:3000] + "…"
    await reply(
        update,
        t(lang, "admin.broadcast.preview", id=record.id, text=esc(preview)),
        reply_markup=keyboard,
    )


async def broadcast_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None:
        return
    if not await _allowed(update, context, "broadcast button"):
        return
    lang = _lang(update)
    parts = (query.data or "").split(":")
    if (
        len(parts) != 3
        or parts[1] not in ("go", "no")
        or not parts[2].isdigit()
        or len(parts[2]) > 18
    ):
        await query.answer(t(lang, "error.stale_button"))
        return
    broadcast_id = int(parts[2])
    record = await call(context, admin.get_broadcast, broadcast_id)
    if record is None:
        await query.answer(t(lang, "error.stale_button"))
        return
    if parts[1] == "no":
        changed = await call(context, admin.cancel_broadcast, broadcast_id)
        key = "admin.broadcast.cancelled" if changed else "admin.broadcast.already"
    else:
        changed = await call(context, admin.confirm_broadcast, broadcast_id)
        key = "admin.broadcast.started" if changed else "admin.broadcast.already"
        if changed:
            log.info("broadcast %s confirmed by %s", broadcast_id, query.from_user.id)
            context.application.create_task(drive_broadcasts(context.application), update=update)
    await query.answer(t(lang, key, id=broadcast_id)[:200])
    if changed and query.message is not None:
        await edit_quietly(query, t(lang, key, id=broadcast_id))


async def broadcast_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    await drive_broadcasts(context.application)


async def drive_broadcasts(app: Application) -> None:
    """Sends what confirmed broadcasts still owe; one driver at a time in this process."""
    ctx: ServiceContext = app.bot_data[SERVICES_KEY]
    lock: asyncio.Lock = app.bot_data.setdefault(LOCK_KEY, asyncio.Lock())
    if lock.locked():
        return
    tuning = app.bot_data.get("tuning")
    instance = getattr(tuning, "instance", "bot")

    async def run(fn: Any, *args: Any) -> object:
        return await asyncio.to_thread(fn, ctx, *args)

    async def send(chat_id: int, text: str) -> bool:
        return await send_one(app, ctx, chat_id, text)

    async with lock:
        finished = await admin.run_broadcasts(ctx, instance, send, run)
    for record in finished:
        if record.created_by is None:
            continue
        author = await asyncio.to_thread(people.ensure_learner_if_known, ctx, record.created_by)
        lang = author.lang if author else "zh"
        text = t(lang, "admin.broadcast.done", id=record.id, sent=record.sent, failed=record.failed)
        try:
            await app.bot.send_message(record.created_by, text)
        except (Forbidden, BadRequest, NetworkError) as error:
            log.warning(
                "could not tell %s that broadcast %s is done: %s",
                record.created_by,
                record.id,
                error,
            )


async def send_one(app: Application, ctx: ServiceContext, chat_id: int, text: str) -> bool:
    """One broadcast message; False (and the chat moves on) when Telegram refuses it.

    A timeout counts as failed and is not retried: the message may have arrived, and a
    broadcast never writes to a chat twice."""
    for _ in range(3):
        try:
            await app.bot.send_message(chat_id, text)
            return True
        except RetryAfter as error:  # the rate limiter's own retries were used up
            delay = error.retry_after
            await asyncio.sleep(
                delay.total_seconds() if hasattr(delay, "total_seconds") else float(delay)
            )
        except Forbidden:
            await asyncio.to_thread(people.set_blocked, ctx, chat_id, True)
            return False
        except ChatMigrated:
            return False
        except (BadRequest, NetworkError) as error:
            log.warning("broadcast to %s failed: %s", chat_id, error)
            return False
    return False


# ------------------------------------------------------------------ /reload and /import


def content_dir(app: Application) -> Path:
    """Where the running bot's corpus came from: STUDYBOT_CONTENT_DIR (environment or .env)."""
    configured = app.bot_data.get(CONTENT_DIR_KEY)
    if configured:
        return Path(configured)
    try:
        from bot.settings import SettingsError, load_settings

        settings = load_settings()
    except SettingsError:
        return default_content_dir()
    if settings.studybot_content_dir:
        return Path(settings.studybot_content_dir)
    return default_content_dir()


async def reload_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not await _allowed(update, context, "/reload"):
        return
    lang = _lang(update)
    directory = content_dir(context.application)
    try:
        report = await call(context, admin.reload_corpus, directory)
    except (CorpusError, OSError) as error:
        log.warning("reload from %s failed: %s", directory, error)
        await reply(update, t(lang, "admin.reload.failed", error=esc(str(error)[:500])))
        return
    log.info("corpus reloaded from %s: %s", directory, report)
    await reply(
        update,
        t(
            lang,
            "admin.reload.done",
            excerpts=report.excerpts,
            quotations=report.quotations,
            quiz=report.quiz_items,
        ),
    )


async def import_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not await _allowed(update, context, "/import"):
        return
    await reply(update, t(_lang(update), "admin.import.cli"))


# ------------------------------------------------------------------ wiring


def handlers() -> list[BaseHandler]:
    return [
        CommandHandler("stats", stats_command),
        CommandHandler("broadcast", broadcast_command),
        CommandHandler("reload", reload_command),
        CommandHandler("import", import_command),
        MessageHandler(
            filters.Document.ALL & filters.CaptionRegex(_IMPORT_CAPTION), import_command
        ),
        CallbackQueryHandler(broadcast_button, pattern=rf"^{BROADCAST}:"),
    ]


def install(app: Application) -> None:
    """The handlers, and the repeating job that resumes broadcasts (also after a restart)."""
    app.add_handlers(handlers())
    if app.job_queue is not None:
        tuning = app.bot_data.get("tuning")
        every = max(1.0, 5 * float(getattr(tuning, "sender_idle", 1.0)))
        app.job_queue.run_repeating(broadcast_job, interval=every, first=every, name="broadcasts")
