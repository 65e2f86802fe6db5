"""/today, /quote and the "read" button."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, ContextTypes

from bot.handlers.common import call, reply
from bot.handlers.context import chat_and_caller
from bot.i18n import t
from bot.services import readings
from bot.views import callbacks
from bot.views.reading import quotation_text, reading_keyboard, reading_text


async def today(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    here = await chat_and_caller(update, context)
    if here is None:
        return
    reading = await call(context, readings.today_for_chat, here.chat_id)
    # Showing the reading is not reading it: the ✅ button (as on the push) marks it read.
    await reply(
        update, reading_text(reading, here.lang), reply_markup=reading_keyboard(reading, here.lang)
    )


async def quote(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    here = await chat_and_caller(update, context)
    if here is None or update.effective_message is None:
        return
    quotation = await call(context, readings.random_quotation, update.effective_message.message_id)
    if quotation is None:
        await reply(update, t(here.lang, "reading.empty"))
        return
    await reply(update, t(here.lang, "quote.title") + "\n" + quotation_text(quotation, here.lang))


async def read_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None or update.effective_user is None:
        return
    here = await chat_and_caller(update, context)
    parts = callbacks.unpack(query.data)
    day = callbacks.parse_day(parts[1]) if len(parts) == 2 else None
    if (
        here is None
        or day is None
        or not await call(context, readings.is_current_day, here.chat_id, day)
    ):
        lang = here.lang if here else "zh"
        await query.answer(t(lang, "error.stale_button"))
        return
    status = await call(context, readings.mark_read, update.effective_user.id)
    key = "reading.marked" if status.newly_read else "reading.already_marked"
    text = t(here.lang, key)
    if status.just_completed:
        text += "\n" + t(here.lang, "studyday.completed_now", streak=status.streak.current)
    await query.answer(text, show_alert=status.just_completed)


def handlers() -> list[BaseHandler]:
    return [
        CommandHandler("today", today),
        CommandHandler("quote", quote),
        CallbackQueryHandler(read_button, pattern=rf"^{callbacks.READ}(:|$)"),
    ]
