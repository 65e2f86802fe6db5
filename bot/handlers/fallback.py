"""What is left: edited messages and channel posts are dropped early; unknown commands and
stray text get a short answer in private chats and silence in groups."""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    ApplicationHandlerStop,
    BaseHandler,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.handlers.common import call, person_of, reply
from bot.i18n import t
from bot.services import people


async def drop_unwanted(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs before every other handler (group -1): edits and channel posts change nothing."""
    if update.edited_message or update.edited_channel_post or update.channel_post:
        raise ApplicationHandlerStop
    if update.effective_user is not None and update.effective_user.is_bot and update.message:
        raise ApplicationHandlerStop


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _answer(update, context, "unknown_command")


async def stray_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _answer(update, context, "stray_text")


async def _answer(update: Update, context: ContextTypes.DEFAULT_TYPE, key: str) -> None:
    if update.effective_user is None:
        return
    caller = await call(context, people.ensure_learner, person_of(update.effective_user))
    await reply(update, t(caller.lang, key))


async def unknown_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button no handler knows (an old version's, or forged): answered, so it stops spinning."""
    query = update.callback_query
    if query is None or update.effective_user is None:
        return
    caller = await call(context, people.ensure_learner_if_known, update.effective_user.id)
    await query.answer(t(caller.lang if caller else "zh", "error.stale_button"))


def early_handlers() -> list[BaseHandler]:
    return [TypeHandler(Update, drop_unwanted)]


def late_handlers() -> list[BaseHandler]:
    private = filters.ChatType.PRIVATE
    return [
        MessageHandler(private & filters.COMMAND, unknown_command),
        MessageHandler(private & ~filters.COMMAND & ~filters.StatusUpdate.ALL, stray_text),
        CallbackQueryHandler(unknown_button),
    ]
