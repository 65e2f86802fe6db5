"""/settings with its inline keyboard, and the quick forms /time, /tz, /pause, /resume, /name."""

from __future__ import annotations

import logging
from html import escape

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, ContextTypes

from bot.core.errors import CoreError
from bot.db.records import ChatRecord
from bot.handlers.common import call, command_args, edit_quietly, error_text, is_chat_admin, reply
from bot.handlers.context import Here, chat_and_caller
from bot.i18n import t
from bot.services import people
from bot.services.people import PushSchedule
from bot.views import callbacks

PUSH_TIMES = ("06:30", "07:00", "07:30", "08:00", "09:00", "12:00", "18:00", "20:00", "21:30")
ZONES = (
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Tokyo",
    "Asia/Singapore",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "Australia/Sydney",
    "UTC",
)
QUIZ_LENGTHS = (3, 5, 10)
log = logging.getLogger(__name__)


async def settings_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    here = await chat_and_caller(update, context)
    if here is None or not await _may_change(update, context, here):
        return
    chat = await call(context, people.get_chat, here.chat_id)
    if chat is not None:
        await reply(update, _overview(here, chat), reply_markup=_main_keyboard(here, chat))


async def time_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _quick(update, context, "settings.usage.time", _set_time)


async def tz_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _quick(update, context, "settings.usage.tz", _set_tz)


async def pause_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    here = await chat_and_caller(update, context)
    if here is not None and await _may_change(update, context, here):
        await call(context, people.set_paused, here.chat_id, True)
        await reply(update, t(here.lang, "settings.paused"))


async def resume_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    here = await chat_and_caller(update, context)
    if here is not None and await _may_change(update, context, here):
        schedule = await call(context, people.set_paused, here.chat_id, False)
        await reply(update, t(here.lang, "settings.resumed", next_push=schedule.next_push_local))


async def name_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    here = await chat_and_caller(update, context)
    if here is None or update.effective_message is None:
        return
    name = command_args(update.effective_message)
    if not name:
        await reply(update, t(here.lang, "settings.usage.name"))
        return
    try:
        learner = await call(context, people.show_on_board, here.caller.learner.id, name)
    except CoreError as error:
        await reply(update, error_text(here.lang, error))
        return
    await reply(
        update, t(here.lang, "settings.name_set", name=escape(learner.leaderboard_name or ""))
    )


async def _quick(
    update: Update, context: ContextTypes.DEFAULT_TYPE, usage: str, action: object
) -> None:
    here = await chat_and_caller(update, context)
    if here is None or update.effective_message is None:
        return
    if not await _may_change(update, context, here):
        return
    value = command_args(update.effective_message)
    if not value:
        await reply(update, t(here.lang, usage))
        return
    try:
        text = await action(context, here, value)  # type: ignore[operator]
    except CoreError as error:
        text = error_text(here.lang, error)
    await reply(update, text)


async def _set_time(context: ContextTypes.DEFAULT_TYPE, here: Here, value: str) -> str:
    schedule: PushSchedule = await call(context, people.set_push_time, here.chat_id, value)
    return t(
        here.lang,
        "settings.time_set",
        push_time=schedule.push_time.strftime("%H:%M"),
        timezone=schedule.timezone,
        next_push=schedule.next_push_local,
    )


async def _set_tz(context: ContextTypes.DEFAULT_TYPE, here: Here, value: str) -> str:
    schedule: PushSchedule = await call(context, people.set_timezone, here.chat_id, value)
    return t(
        here.lang, "settings.tz_set", timezone=schedule.timezone, next_push=schedule.next_push_local
    )


async def settings_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    here = await chat_and_caller(update, context)
    if query is None or here is None:
        return
    parts = callbacks.unpack(query.data)[1:]
    if here.in_group and not await is_chat_admin(context, here.chat_id, here.caller.learner.id):
        log.warning(
            "settings button %r refused: user %s is not an admin of chat %s",
            query.data,
            here.caller.learner.id,
            here.chat_id,
        )
        await query.answer(t(here.lang, "error.admins_only"), show_alert=True)
        return
    try:
        outcome = await _apply(context, here, parts)
    except CoreError as error:  # a forged time such as "set:t:9999": refused, nothing changed
        await query.answer(error_text(here.lang, error)[:200])
        return
    if outcome is None:
        await query.answer(t(here.lang, "error.stale_button"))
        return
    note, keyboard = outcome
    await query.answer(note[:200] if note else None)
    here = await chat_and_caller(update, context) or here  # the language may have changed
    chat = await call(context, people.get_chat, here.chat_id)
    if chat is not None and editable_text(query, context.bot.id):
        await edit_quietly(
            query,
            _overview(here, chat),
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard or _main_keyboard(here, chat),
        )


def editable_text(query: CallbackQuery, bot_id: int) -> bool:
    """The pressed button sits on a text message of the bot's: a forged press on a poll, a
    photo or someone else's message is answered but edits nothing (the edit would fail)."""
    message = query.message
    author = getattr(message, "from_user", None)
    return getattr(message, "text", None) is not None and (author is None or author.id == bot_id)


async def _apply(
    context: ContextTypes.DEFAULT_TYPE, here: Here, parts: list[str]
) -> tuple[str, InlineKeyboardMarkup | None] | None:
    """Carries out one settings button; None when the button does not parse (stale/forged)."""
    match parts:
        case ["time"]:
            return "", _choices("t", [(p, p.replace(":", "")) for p in PUSH_TIMES])
        case ["tz"]:
            return "", _choices("z", [(z, str(i)) for i, z in enumerate(ZONES)])
        case ["t", hhmm] if len(hhmm) == 4 and hhmm.isdigit():
            return await _set_time(context, here, f"{hhmm[:2]}:{hhmm[2:]}"), None
        case ["z", index] if index.isdigit() and int(index) < len(ZONES):
            return await _set_tz(context, here, ZONES[int(index)]), None
        case ["pause"]:
            await call(context, people.set_paused, here.chat_id, True)
            return t(here.lang, "settings.paused"), None
        case ["resume"]:
            schedule = await call(context, people.set_paused, here.chat_id, False)
            return t(here.lang, "settings.resumed", next_push=schedule.next_push_local), None
        case ["lang"] if not here.in_group:
            new = "en" if here.lang == "zh" else "zh"
            await call(context, people.set_language, here.caller.learner.id, new)
            return t(new, "settings.lang_set"), None
        case ["board", flag] if flag in ("on", "off") and not here.in_group:
            return await _set_board(context, here, flag == "on"), None
        case ["ql", n] if n.isdigit() and int(n) in QUIZ_LENGTHS:
            await call(context, people.set_quiz_length, here.chat_id, int(n))
            return t(here.lang, "settings.quiz_length_set", n=int(n)), None
    return None


async def _set_board(context: ContextTypes.DEFAULT_TYPE, here: Here, on: bool) -> str:
    change = people.show_on_board if on else people.hide_from_board
    learner = await call(context, change, here.caller.learner.id)
    if on:
        return t(here.lang, "settings.board_set_on", name=learner.leaderboard_name or "")
    return t(here.lang, "settings.board_set_off")


async def _may_change(update: Update, context: ContextTypes.DEFAULT_TYPE, here: Here) -> bool:
    """In groups only administrators change settings (asked of Telegram each time)."""
    if not here.in_group or await is_chat_admin(context, here.chat_id, here.caller.learner.id):
        return True
    message = update.effective_message
    command = (message.text or "").split(maxsplit=1)[0][:64] if message else "?"
    log.warning(
        "settings %s refused: user %s is not an admin of chat %s",
        command,
        here.caller.learner.id,
        here.chat_id,
    )
    await reply(update, t(here.lang, "error.admins_only"))
    return False


def _overview(here: Here, chat: ChatRecord) -> str:
    lang = here.lang
    push_time = f"{chat.push_minute // 60:02d}:{chat.push_minute % 60:02d}"
    push_state = t(lang, "settings.off" if chat.paused else "settings.on")
    if here.in_group:
        return t(
            lang,
            "settings.title.group",
            push_time=push_time,
            timezone=chat.timezone,
            push_state=push_state,
            quiz_length=chat.quiz_length,
        )
    learner = here.caller.learner
    board = (
        t(lang, "settings.board.visible", name=escape(learner.leaderboard_name or ""))
        if learner.leaderboard_opt_in
        else t(lang, "settings.board.hidden")
    )
    language = "中文" if lang == "zh" else "English"
    return t(
        lang,
        "settings.title",
        push_time=push_time,
        timezone=chat.timezone,
        push_state=push_state,
        language=language,
        board=board,
    )


def _button(text: str, *data: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=callbacks.pack(callbacks.SETTINGS, *data))


def _main_keyboard(here: Here, chat: ChatRecord) -> InlineKeyboardMarkup:
    lang = here.lang
    pause = (
        _button(t(lang, "settings.button.resume"), "resume")
        if chat.paused
        else _button(t(lang, "settings.button.pause"), "pause")
    )
    rows = [
        [
            _button(t(lang, "settings.button.time"), "time"),
            _button(t(lang, "settings.button.tz"), "tz"),
        ],
        [pause],
    ]
    if here.in_group:
        rows.append(
            [_button(t(lang, "settings.button.quiz_length", n=n), "ql", n) for n in QUIZ_LENGTHS]
        )
    else:
        on = here.caller.learner.leaderboard_opt_in
        board = (
            _button(t(lang, "settings.button.board_off"), "board", "off")
            if on
            else _button(t(lang, "settings.button.board_on"), "board", "on")
        )
        rows.append([board, _button(t(lang, "settings.button.lang"), "lang")])
    return InlineKeyboardMarkup(rows)


def _choices(kind: str, options: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    buttons = [_button(label, kind, value) for label, value in options]
    return InlineKeyboardMarkup([buttons[i : i + 3] for i in range(0, len(buttons), 3)])


def handlers() -> list[BaseHandler]:
    return [
        CommandHandler("settings", settings_command),
        CommandHandler("time", time_command),
        CommandHandler("tz", tz_command),
        CommandHandler("pause", pause_command),
        CommandHandler("resume", resume_command),
        CommandHandler("name", name_command),
        CallbackQueryHandler(settings_button, pattern=rf"^{callbacks.SETTINGS}:"),
    ]
