"""/streak: the learner's streak, what is missing today, and a calendar picture."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import BaseHandler, CommandHandler, ContextTypes

from bot.handlers.common import call, reply
from bot.handlers.context import chat_and_caller
from bot.i18n import t
from bot.services import progress
from bot.services.progress import DayStatus
from bot.views.quiz import today_status_text

CALENDAR_WEEKS = 8


async def streak(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    here = await chat_and_caller(update, context)
    if here is None:
        return
    status = await call(context, progress.day_status, here.caller.learner.id)
    text = _summary(status, here.lang)
    picture = await call(context, progress.calendar_png, here.caller.learner.id, CALENDAR_WEEKS)
    if picture is None:
        await reply(update, text)
        return
    caption = text + "\n\n" + t(here.lang, "streak.calendar_caption", weeks=CALENDAR_WEEKS)
    await context.bot.send_photo(here.chat_id, picture, caption=caption, parse_mode=ParseMode.HTML)


def _summary(status: DayStatus, lang: str) -> str:
    s = status.streak
    return t(
        lang,
        "streak.summary",
        current=s.current,
        longest=s.longest,
        total=s.total,
        freezes=s.freezes,
        today_status=today_status_text(status, lang),
    )


def handlers() -> list[BaseHandler]:
    return [CommandHandler("streak", streak)]
