"""/note, /notes, replies to the daily push, and sharing a reflection with a group."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.core.errors import CoreError
from bot.core.text import REFLECTION_MAX_CHARS, REFLECTION_MIN_CHARS
from bot.handlers.common import call, command_args, error_text, reply
from bot.handlers.context import Here, chat_and_caller
from bot.i18n import t
from bot.services import reflections
from bot.views import callbacks

PREVIEW_CHARS = 120


async def note_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    here = await chat_and_caller(update, context)
    if here is None or update.effective_message is None:
        return
    text = command_args(update.effective_message)
    if not text:
        await reply(
            update, t(here.lang, "note.usage", min=REFLECTION_MIN_CHARS, max=REFLECTION_MAX_CHARS)
        )
        return
    await _save(update, context, here, text)


async def reply_to_push(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Text sent as a reply to one of the bot's messages is a reflection."""
    message = update.effective_message
    if message is None or message.reply_to_message is None or message.text is None:
        return
    author = message.reply_to_message.from_user
    if author is None or author.id != context.bot.id:
        return
    here = await chat_and_caller(update, context)
    if here is None:
        return
    if here.in_group and len(message.text.strip()) < REFLECTION_MIN_CHARS:
        return  # a short reply in a group is conversation, not a reflection
    await _save(update, context, here, message.text)


async def _save(update: Update, context: ContextTypes.DEFAULT_TYPE, here: Here, text: str) -> None:
    try:
        saved = await call(context, reflections.save, here.caller.learner.id, here.chat_id, text)
    except CoreError as error:
        await reply(update, error_text(here.lang, error))
        return
    counted = t(here.lang, "note.counts") if not saved.status.missing.reading else ""
    message = t(here.lang, "note.saved", chars=len(saved.reflection.text), counted=counted)
    if saved.status.just_completed:
        message += "\n" + t(here.lang, "studyday.completed_now", streak=saved.status.streak.current)
    buttons = [
        [
            InlineKeyboardButton(
                t(here.lang, "note.button.share", group=(g.title or "")[:30]),
                callback_data=callbacks.pack(callbacks.SHARE_NOTE, saved.reflection.id, g.id),
            )
        ]
        for g in saved.groups[:5]
        if g.type != "private" and not here.in_group
    ]
    await reply(update, message, reply_markup=InlineKeyboardMarkup(buttons) if buttons else None)


async def notes_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    here = await chat_and_caller(update, context)
    if here is None:
        return
    items = await call(context, reflections.recent, here.caller.learner.id, 5)
    if not items:
        await reply(update, t(here.lang, "note.list.empty"))
        return
    lines = [t(here.lang, "note.list.title")]
    for item in items:
        preview = item.text if len(item.text) <= PREVIEW_CHARS else item.text[:PREVIEW_CHARS] + "…"
        lines.append(
            t(here.lang, "note.list.item", day=item.study_day.isoformat(), text=escape(preview))
        )
    await reply(update, "\n\n".join(lines))


async def share_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    here = await chat_and_caller(update, context)
    if query is None or here is None:
        return
    parts = callbacks.unpack(query.data)
    ids = [callbacks.parse_int(p) for p in parts[1:]]
    if len(ids) != 2 or None in ids:
        await query.answer(t(here.lang, "error.stale_button"))
        return
    reflection_id, group_id = ids
    shared = await call(context, reflections.share, here.caller.learner.id, reflection_id, group_id)
    if shared is None:
        await query.answer(t(here.lang, "error.stale_button"))
        return
    await context.bot.send_message(
        shared.chat_id,
        t("zh", "note.shared_post", name=escape(shared.author_name), text=escape(shared.text)),
        parse_mode="HTML",
    )
    await query.answer(t(here.lang, "note.shared"))


def handlers() -> list[BaseHandler]:
    return [
        CommandHandler("note", note_command),
        CommandHandler("notes", notes_command),
        CallbackQueryHandler(share_button, pattern=rf"^{callbacks.SHARE_NOTE}:"),
        MessageHandler(filters.REPLY & filters.TEXT & ~filters.COMMAND, reply_to_push),
    ]
