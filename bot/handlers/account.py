"""/deleteme: erase everything stored about the learner, after a confirmation."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, ContextTypes, filters

from bot.handlers.common import call, edit_quietly, reply
from bot.handlers.context import chat_and_caller
from bot.i18n import t
from bot.services import people
from bot.views import callbacks

log = logging.getLogger(__name__)


async def deleteme(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    here = await chat_and_caller(update, context)
    if here is None:
        return
    user_id = here.caller.learner.id
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(here.lang, "deleteme.button.yes"),
                    callback_data=callbacks.pack(callbacks.DELETE_ME, "yes", user_id),
                ),
                InlineKeyboardButton(
                    t(here.lang, "deleteme.button.no"),
                    callback_data=callbacks.pack(callbacks.DELETE_ME, "no", user_id),
                ),
            ]
        ]
    )
    await reply(update, t(here.lang, "deleteme.confirm"), reply_markup=keyboard)


async def deleteme_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    parts = callbacks.unpack(query.data)
    owner = callbacks.parse_int(parts[2]) if len(parts) == 3 else None
    if owner is None or parts[1] not in ("yes", "no"):
        await query.answer(t("zh", "error.stale_button"))
        return
    if owner != user.id:
        log.warning("user %s pressed the erase button of user %s: refused", user.id, owner)
        await query.answer(t("zh", "error.not_yours"), show_alert=True)
        return
    caller = await call(context, people.ensure_learner_if_known, user.id)
    lang = caller.lang if caller else "zh"
    if parts[1] == "no":
        await query.answer()
        await edit_quietly(query, t(lang, "deleteme.cancelled"))
        return
    counts = await call(context, people.erase, user.id)
    log.info("erased learner %s: %s", user.id, counts)
    await query.answer()
    await edit_quietly(query, t(lang, "deleteme.done"))


def handlers() -> list[BaseHandler]:
    return [
        CommandHandler("deleteme", deleteme, filters=filters.ChatType.PRIVATE),
        CallbackQueryHandler(deleteme_button, pattern=rf"^{callbacks.DELETE_ME}:"),
    ]
