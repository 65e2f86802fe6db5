"""The day's reading message: excerpt, quotation and the two buttons."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.corpus.model import Quotation
from bot.i18n import t
from bot.services.readings import Reading
from bot.views import callbacks


def quotation_text(quotation: Quotation, lang: str) -> str:
    text = f"「{escape(quotation.text, quote=False)}」"
    if quotation.attribution:
        text += "\n" + t(lang, "reading.attribution", attribution=escape(quotation.attribution))
    return text


def reading_text(reading: Reading, lang: str, *, footer: bool = False) -> str:
    if reading.excerpt is None:
        return t(lang, "reading.empty")
    parts = [
        t(lang, "reading.title", day=reading.day.isoformat()),
        escape(reading.excerpt.text, quote=False),
    ]
    if reading.article_title:
        parts[-1] += "\n" + t(lang, "reading.source", article=escape(reading.article_title))
    if reading.quotation is not None:
        parts.append(
            t(lang, "reading.quote_title") + "\n" + quotation_text(reading.quotation, lang)
        )
    if footer:
        parts.append(t(lang, "push.footer"))
    return "\n\n".join(parts)


def reading_keyboard(reading: Reading, lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "reading.button.read"),
                    callback_data=callbacks.read_button_data(reading.day),
                ),
                InlineKeyboardButton(
                    t(lang, "reading.button.quiz"), callback_data=callbacks.pack(callbacks.QUIZ)
                ),
            ]
        ]
    )
