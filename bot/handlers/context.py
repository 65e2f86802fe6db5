"""Who is speaking and where: the learner, their language, and the chat of the update."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Update
from telegram.ext import ContextTypes

from bot.handlers.common import call, command_args, is_group, person_of, reply
from bot.i18n import t
from bot.services import people
from bot.services.people import Caller


@dataclass(frozen=True, slots=True)
class Here:
    caller: Caller
    chat_id: int
    in_group: bool

    @property
    def lang(self) -> str:
        return self.caller.lang


async def chat_and_caller(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Here | None:
    """Registers the sender (and, in a group, the group and the membership) on the way."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or user.is_bot:
        return None
    person = person_of(user)
    if is_group(chat):
        caller = await call(context, people.enter_group, person, chat.id, chat.type, chat.title)
        return Here(caller=caller, chat_id=chat.id, in_group=True)
    caller = await call(context, people.ensure_learner, person)
    return Here(caller=caller, chat_id=caller.private_chat.id, in_group=False)


async def in_group_with_args(
    update: Update, context: ContextTypes.DEFAULT_TYPE
) -> tuple[Here, str] | None:
    """For group-only commands: the caller and the command's arguments, or None after telling
    a private-chat user that the command belongs in a group."""
    here = await chat_and_caller(update, context)
    if here is None or update.effective_message is None:
        return None
    if not here.in_group:
        await reply(update, t(here.lang, "error.group_only"))
        return None
    return here, command_args(update.effective_message)
