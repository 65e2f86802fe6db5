"""/studyday: a group's 集中学习日 schedule — list for everyone, add/cancel for administrators,
with inline keyboards (weekday → time) or the quick forms ``add fri 15:00``, ``list``,
``cancel <id>``."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, ContextTypes

from bot.core import sessions
from bot.core.errors import CoreError
from bot.handlers.common import call, edit_quietly, esc, is_chat_admin, reply
from bot.handlers.context import Here, chat_and_caller, in_group_with_args
from bot.handlers.settings import editable_text
from bot.i18n import t
from bot.services import studyday
from bot.services.studyday import ScheduleError, ScheduleView
from bot.views import callbacks

log = logging.getLogger(__name__)
TIMES = ("08:00", "09:00", "10:00", "14:00", "15:00", "16:00", "19:00", "20:00", "21:00")


async def studyday_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    found = await in_group_with_args(update, context)
    if found is None:
        return
    here, words = found[0], found[1].split()
    action = words[0].lower() if words else ""
    if action in ("", "list", "ls", "列表"):
        await _show(update, context, here, with_keyboard=action == "")
    elif action in ("add", "添加") and len(words) == 3:
        if await _admin(update, context, here, "add"):
            await reply(update, await _add(context, here, words[1], words[2]))
    elif action in ("cancel", "取消", "del", "delete") and len(words) == 2:
        if await _admin(update, context, here, "cancel"):
            await reply(update, await _cancel(context, here, words[1]))
    else:
        await reply(update, t(here.lang, "sd.usage"))


async def _show(
    update: Update, context: ContextTypes.DEFAULT_TYPE, here: Here, *, with_keyboard: bool
) -> None:
    views = await call(context, studyday.list_schedules, here.chat_id)
    admin = with_keyboard and await is_chat_admin(context, here.chat_id, here.caller.learner.id)
    text = _overview(here.lang, views, admin)
    await reply(update, text, reply_markup=_main_keyboard(here.lang, views) if admin else None)


async def _admin(update: Update, context: ContextTypes.DEFAULT_TYPE, here: Here, what: str) -> bool:
    """Asks Telegram each time; a refusal is answered and logged."""
    user_id = here.caller.learner.id
    if await is_chat_admin(context, here.chat_id, user_id):
        return True
    log.warning(
        "studyday %s refused: user %s is not an admin of chat %s", what, user_id, here.chat_id
    )
    if update.callback_query is not None:
        await update.callback_query.answer(t(here.lang, "error.admins_only"), show_alert=True)
    else:
        await reply(update, t(here.lang, "error.admins_only"))
    return False


async def _add(
    context: ContextTypes.DEFAULT_TYPE, here: Here, day_text: str, time_text: str
) -> str:
    lang = here.lang
    try:
        weekday = sessions.parse_weekday(day_text)
    except CoreError:
        return t(lang, "sd.error.bad_weekday", value=esc(day_text[:16]))
    try:
        minute = sessions.parse_minute(time_text)
    except CoreError:
        return t(lang, "sd.error.bad_time", value=esc(time_text[:16]))
    return await _add_at(context, here, weekday, minute)


async def _add_at(context: ContextTypes.DEFAULT_TYPE, here: Here, weekday: int, minute: int) -> str:
    try:
        view = await call(
            context, studyday.add_schedule, here.chat_id, weekday, minute, here.caller.learner.id
        )
    except ScheduleError as error:
        return _error(here.lang, error, "")
    return t(
        here.lang,
        "sd.added",
        id=view.id,
        weekday=sessions.weekday_label(view.weekday, here.lang),
        time=sessions.minute_label(view.minute),
        timezone=view.timezone,
        next=f"{view.next_at:%Y-%m-%d %H:%M}",
    )


async def _cancel(context: ContextTypes.DEFAULT_TYPE, here: Here, id_text: str) -> str:
    raw = id_text.lstrip("#")
    schedule_id = callbacks.parse_int(raw)
    if schedule_id is None or schedule_id <= 0:
        return t(here.lang, "sd.error.no_such", value=esc(id_text[:20]))
    try:
        view = await call(context, studyday.cancel_schedule, here.chat_id, schedule_id)
    except ScheduleError as error:
        return _error(here.lang, error, str(schedule_id))
    return t(
        here.lang,
        "sd.cancelled",
        id=view.id,
        weekday=sessions.weekday_label(view.weekday, here.lang),
        time=sessions.minute_label(view.minute),
    )


def _error(lang: str, error: ScheduleError, value: str) -> str:
    if error.code == "group_only":
        return t(lang, "error.group_only")
    if error.code in ("duplicate", "too_many", "no_such"):
        return t(lang, f"sd.error.{error.code}", max=studyday.MAX_SCHEDULES, value=esc(value))
    return t(lang, "error.generic")


# ------------------------------------------------------------------ buttons


async def studyday_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    here = await chat_and_caller(update, context)
    if query is None or here is None or not here.in_group:
        if query is not None:
            await query.answer()
        return
    if not await _admin(update, context, here, "button"):
        return
    parts = callbacks.unpack(query.data)[1:]
    lang = here.lang
    note = ""
    keyboard: InlineKeyboardMarkup | None = None
    match parts:
        case ["add"]:
            keyboard = _weekday_keyboard(lang)
        case ["d", day] if day.isdigit() and int(day) < 7:
            keyboard = _time_keyboard(lang, int(day))
        case ["a", day, hhmm] if day.isdigit() and int(day) < 7 and _hhmm(hhmm) is not None:
            note = await _add_at(context, here, int(day), _hhmm(hhmm) or 0)
        case ["c", sid] if callbacks.parse_int(sid) is not None:
            note = await _cancel(context, here, sid)
        case ["back"]:
            pass
        case _:
            await query.answer(t(lang, "error.stale_button"))
            return
    await query.answer(_plain(note)[:200] or None)
    views = await call(context, studyday.list_schedules, here.chat_id)
    if editable_text(query, context.bot.id):
        text = _overview(lang, views, True)
        if keyboard is not None:
            text += "\n\n" + (
                t(lang, "sd.pick_weekday")
                if parts[0] == "add"
                else t(lang, "sd.pick_time", weekday=sessions.weekday_label(int(parts[1]), lang))
            )
        if note:
            text = note + "\n\n" + text
        await edit_quietly(  # a replayed button changes nothing: not an error
            query,
            text,
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard or _main_keyboard(lang, views),
        )


def _hhmm(text: str) -> int | None:
    if len(text) != 4 or not text.isdigit():
        return None
    hours, minutes = int(text[:2]), int(text[2:])
    return hours * 60 + minutes if hours < 24 and minutes < 60 else None


def _plain(text: str) -> str:
    return text.replace("<b>", "").replace("</b>", "")


def _overview(lang: str, views: list[ScheduleView], admin: bool) -> str:
    timezone = views[0].timezone if views else ""
    lines = [t(lang, "sd.title", timezone=timezone).replace("（）", "").replace(" ()", "")]
    if not views:
        lines.append(t(lang, "sd.empty"))
    for v in views:
        lines.append(
            t(
                lang,
                "sd.item",
                id=v.id,
                weekday=sessions.weekday_label(v.weekday, lang),
                time=sessions.minute_label(v.minute),
                count=v.question_count,
                seconds=v.open_period,
                next=f"{v.next_at:%m-%d %H:%M}",
            )
        )
    if admin:
        lines.append("")
        lines.append(t(lang, "sd.admin_hint"))
    return "\n".join(lines)


def _button(text: str, *data: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=callbacks.pack(callbacks.STUDYDAY, *data))


def _main_keyboard(lang: str, views: list[ScheduleView]) -> InlineKeyboardMarkup:
    rows = [[_button(t(lang, "sd.button.add"), "add")]]
    cancels = [_button(t(lang, "sd.button.cancel", id=v.id), "c", v.id) for v in views]
    rows += [cancels[i : i + 2] for i in range(0, len(cancels), 2)]
    return InlineKeyboardMarkup(rows)


def _weekday_keyboard(lang: str) -> InlineKeyboardMarkup:
    days = [_button(sessions.weekday_label(d, lang), "d", d) for d in range(7)]
    return InlineKeyboardMarkup([days[:4], days[4:], [_button(t(lang, "sd.button.back"), "back")]])


def _time_keyboard(lang: str, weekday: int) -> InlineKeyboardMarkup:
    times = [_button(hhmm, "a", weekday, hhmm.replace(":", "")) for hhmm in TIMES]
    rows = [times[i : i + 3] for i in range(0, len(times), 3)]
    return InlineKeyboardMarkup([*rows, [_button(t(lang, "sd.button.back"), "back")]])


def handlers() -> list[BaseHandler]:
    return [
        CommandHandler("studyday", studyday_command),
        CallbackQueryHandler(studyday_button, pattern=rf"^{callbacks.STUDYDAY}:"),
    ]
