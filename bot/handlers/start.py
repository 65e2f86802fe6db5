"""/start, /help, and the bot's first steps in a private chat."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, ContextTypes, filters

from bot.handlers.common import call, esc, person_of, reply, services
from bot.i18n import t
from bot.services import people


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_user is None:
        return
    caller = await call(context, people.ensure_learner, person_of(update.effective_user))
    lang, chat = caller.lang, caller.private_chat
    push_time = f"{chat.push_minute // 60:02d}:{chat.push_minute % 60:02d}"
    values = {
        "name": esc(caller.learner.display_name),
        "push_time": push_time,
        "timezone": chat.timezone,
    }
    if caller.is_new:
        text = t(
            lang,
            "welcome",
            min_answers=services(context).defaults.requirement.min_answers,
            **values,
        )
    else:
        text = t(lang, "welcome.back", **values)
    if chat.paused:
        await call(context, people.set_paused, chat.id, False)
    group = await _group_from_payload(context, update)
    if group is not None:
        text += "\n\n" + t(lang, "welcome.from_group", group=esc(group))
    await reply(update, text)


async def _group_from_payload(context: ContextTypes.DEFAULT_TYPE, update: Update) -> str | None:
    """`/start g<chat id>` from a group's invitation: join that group's study records."""
    if not context.args or update.effective_user is None:
        return None
    payload = context.args[0]
    if not payload.startswith("g") or not payload[1:].lstrip("-").isdigit():
        return None
    chat = await call(context, people.get_chat, int(payload[1:]))
    if chat is None or chat.type == "private":
        return None
    await call(context, people.note_member, chat.id, person_of(update.effective_user), True)
    return chat.title or ""


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_user is None:
        return
    caller = await call(context, people.ensure_learner, person_of(update.effective_user))
    await reply(update, t(caller.lang, "help"))


def handlers() -> list[BaseHandler]:
    return [
        CommandHandler("start", start, filters=filters.ChatType.PRIVATE),
        CommandHandler("help", help_command),
    ]
