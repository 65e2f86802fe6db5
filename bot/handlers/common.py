"""What every handler shares: reaching the services, choosing the language, replying safely."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from telegram import CallbackQuery, Chat, LinkPreviewOptions, Message, Update, User
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.core.errors import CoreError, InvalidPushTime, InvalidText, InvalidTimezone
from bot.db.session import retry_transient
from bot.i18n import language_for, t
from bot.services.context import ServiceContext
from bot.services.people import Person

log = logging.getLogger(__name__)
T = TypeVar("T")

SERVICES_KEY = "services"


def services(context: ContextTypes.DEFAULT_TYPE) -> ServiceContext:
    ctx: ServiceContext = context.bot_data[SERVICES_KEY]
    return ctx


async def call(context: ContextTypes.DEFAULT_TYPE, fn: Callable[..., T], *args: Any) -> T:
    """Run a (synchronous, database-bound) service off the event loop.

    An update is already confirmed to Telegram when it reaches a handler, so a database that
    is briefly away (restarting, SQLite file locked) must not drop it: the service is run
    again, with backoff, for up to a minute (``bot.db.session.retry_transient``).
    """
    return await retry_transient(
        fn, services(context), *args, what=getattr(fn, "__name__", "service")
    )


def person_of(user: User) -> Person:
    name = " ".join(p for p in (user.first_name, user.last_name) if p) or str(user.id)
    return Person(
        user_id=user.id,
        display_name=name[:64],
        username=user.username,
        language=language_for(user.language_code),
    )


def is_group(chat: Chat | None) -> bool:
    return chat is not None and chat.type in (Chat.GROUP, Chat.SUPERGROUP)


def command_args(message: Message) -> str:
    """The text after the command word, untouched (``/note 今天…`` → ``今天…``)."""
    text = message.text or ""
    _, _, rest = text.partition(" ")
    return rest.strip()


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def error_text(lang: str, error: CoreError) -> str:
    """A core rule's refusal in the learner's language."""
    if isinstance(error, InvalidTimezone):
        return t(lang, "error.invalid_timezone", value=esc(error.name[:64]))
    if isinstance(error, InvalidPushTime):
        return t(lang, "error.invalid_push_time", value=esc(error.text[:32]))
    if isinstance(error, InvalidText):
        key = f"error.{error.code}"
        return t(lang, key, min=error.min_chars, max=error.max_chars)
    return t(lang, "error.generic")


async def reply(update: Update, text: str, **kwargs: Any) -> Message | None:
    message = update.effective_message
    if message is None:
        return None
    return await message.reply_text(
        text,
        parse_mode=ParseMode.HTML,
        do_quote=False,
        link_preview_options=LinkPreviewOptions(is_disabled=True),
        **kwargs,
    )


async def edit_quietly(query: CallbackQuery, text: str, **kwargs: Any) -> None:
    """Edits the button's message; a replayed button that changes nothing is not an error."""
    try:
        await query.edit_message_text(text, **kwargs)
    except BadRequest as error:
        if "not modified" not in error.message.lower():
            raise


async def is_chat_admin(context: ContextTypes.DEFAULT_TYPE, chat_id: int, user_id: int) -> bool:
    """Asks Telegram, never assumes: the group's creator and administrators only."""
    member = await context.bot.get_chat_member(chat_id, user_id)
    return member.status in ("creator", "administrator")
