"""/report week|month (anyone in a group) and /export (administrators: files sent privately)."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden
from telegram.ext import BaseHandler, CommandHandler, ContextTypes

from bot.core.evaluation import EvaluationError, Lang, Period
from bot.delivery.sessions import send_report
from bot.handlers.common import call, esc, is_chat_admin, reply, services
from bot.handlers.context import in_group_with_args
from bot.i18n import t
from bot.services import evaluation

log = logging.getLogger(__name__)


async def report_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    found = await in_group_with_args(update, context)
    if found is None:
        return
    here, word = found[0], found[1].lower()
    if word not in ("", "week", "month", "本周", "本月", "周", "月"):
        await reply(update, t(here.lang, "report.usage"))
        return
    period = await call(context, evaluation.period_from, here.chat_id, word)
    await send_report(services(context), context.bot, here.chat_id, here.chat_id, period)


async def export_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    found = await in_group_with_args(update, context)
    if found is None:
        return
    here, text = found
    user_id = here.caller.learner.id
    if not await is_chat_admin(context, here.chat_id, user_id):
        log.warning("export refused: user %s is not an admin of chat %s", user_id, here.chat_id)
        await reply(update, t(here.lang, "error.admins_only"))
        return
    try:
        period = await call(context, evaluation.period_from, here.chat_id, text)
    except EvaluationError as error:
        await reply(update, esc(str(error)[:300]) + "\n" + t(here.lang, "export.usage"))
        return
    lang: Lang = "en" if here.lang == "en" else "zh"
    try:
        await _send_files(context, here.chat_id, user_id, period, lang)
    except Forbidden:
        await reply(update, t(here.lang, "export.start_first"))
        return
    await reply(update, t(here.lang, "export.sent", period=period.label(lang)))


async def _send_files(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, user_id: int, period: Period, lang: Lang
) -> None:
    result = await call(context, evaluation.report, chat_id, period)
    xlsx, csv = await call(context, _files, result.evaluation, lang)
    stem = f"studybot-{abs(chat_id)}-{period.code()}"
    title = result.evaluation.chat_title[:96]  # a plain caption: no HTML, no escaping
    caption = t(lang, "export.caption", title=title, period=period.label(lang))
    await context.bot.send_document(user_id, xlsx, filename=f"{stem}.xlsx", caption=caption)
    await context.bot.send_document(user_id, csv, filename=f"{stem}.csv")


def _files(ctx: object, ev: evaluation.GroupEvaluation, lang: Lang) -> tuple[bytes, bytes]:
    from bot.reports.export import export_csv, export_xlsx

    return export_xlsx(ev, lang), export_csv(ev, lang)


def handlers() -> list[BaseHandler]:
    return [CommandHandler("report", report_command), CommandHandler("export", export_command)]
