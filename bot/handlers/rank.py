"""/rank: the group's board in a group, the global board in a private chat."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, ContextTypes

from bot.core.ranking import Window
from bot.handlers.common import call, edit_quietly, reply
from bot.handlers.context import Here, chat_and_caller
from bot.i18n import t
from bot.services import leaderboard
from bot.services.leaderboard import Board
from bot.views import callbacks
from bot.views.quiz import percent


async def rank_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    here = await chat_and_caller(update, context)
    if here is None:
        return
    window = _window(context.args[0] if context.args else "week")
    text, keyboard = await _render(context, here, window)
    await reply(update, text, reply_markup=keyboard)


async def rank_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    here = await chat_and_caller(update, context)
    if query is None or here is None:
        return
    parts = callbacks.unpack(query.data)
    if len(parts) != 2 or parts[1] not in Window.__members__.values():
        await query.answer(t(here.lang, "error.stale_button"))
        return
    await query.answer()
    text, keyboard = await _render(context, here, Window(parts[1]))
    if query.message is not None:
        await edit_quietly(query, text, parse_mode=ParseMode.HTML, reply_markup=keyboard)


def _window(arg: str) -> Window:
    aliases = {
        "week": Window.WEEK,
        "本周": Window.WEEK,
        "month": Window.MONTH,
        "本月": Window.MONTH,
    }
    return aliases.get(arg.lower(), Window.ALL if arg.lower() in ("all", "全部") else Window.WEEK)


async def _render(
    context: ContextTypes.DEFAULT_TYPE, here: Here, window: Window
) -> tuple[str, InlineKeyboardMarkup]:
    viewer = here.caller.learner.id
    if here.in_group:
        board = await call(context, leaderboard.group_board, here.chat_id, viewer, window)
    else:
        board = await call(context, leaderboard.global_board, viewer, window)
    return board_text(board, here, window), _keyboard(here.lang)


def board_text(board: Board, here: Here, window: Window) -> str:
    lang = here.lang
    window_name = t(lang, f"rank.window.{window.value}")
    if here.in_group:
        lines = [t(lang, "rank.title.group", title=escape(board.title), window=window_name)]
    else:
        lines = [t(lang, "rank.title.global", window=window_name)]
    for ranked in board.rows:
        s = ranked.standing
        lines.append(
            t(
                lang,
                "rank.row",
                position=ranked.position,
                name=escape(s.name),
                streak=s.current_streak,
                total=s.total_days,
                accuracy=percent(s.correct, s.answers),
            )
        )
    if not board.rows:
        lines.append(t(lang, "rank.empty"))
    if board.my_position is not None:
        lines.append(t(lang, "rank.you", position=board.my_position))
    elif not here.in_group:
        lines.append(t(lang, "rank.you_hidden"))
    lines.append(f"<i>{t(lang, 'rank.rule')}</i>")
    return "\n".join(lines)


def _keyboard(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, f"rank.window.{w.value}"),
                    callback_data=callbacks.pack(callbacks.RANK, w.value),
                )
                for w in Window
            ]
        ]
    )


def handlers() -> list[BaseHandler]:
    return [
        CommandHandler("rank", rank_command),
        CallbackQueryHandler(rank_button, pattern=rf"^{callbacks.RANK}:"),
    ]
