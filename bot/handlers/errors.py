"""The last line: log the failure (never the token), tell a private-chat user politely."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, NetworkError, RetryAfter
from telegram.ext import ContextTypes

from bot.i18n import t

log = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    error = context.error
    if isinstance(error, (Forbidden, RetryAfter)) or type(error) is NetworkError:
        log.warning("telegram refused or failed a request: %s", error)
        return
    log.error("handler failed on update %s", getattr(update, "update_id", "?"), exc_info=error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if update.effective_chat.type != "private":
        return
    try:
        await context.bot.send_message(update.effective_chat.id, t("zh", "error.generic"))
    except Exception:  # the apology is best effort: never let the error handler fail
        log.warning("could not send the apology", exc_info=True)
