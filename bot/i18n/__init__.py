"""Interface texts in Chinese (the default) and English.

`t(lang, key, **values)` formats one message. Texts use Telegram HTML; values that come from
users or the corpus are escaped by the caller with `html.escape`.
"""

from __future__ import annotations

from bot.i18n.en import MESSAGES as EN
from bot.i18n.zh import MESSAGES as ZH

LANGUAGES = ("zh", "en")
_CATALOGS = {"zh": ZH, "en": EN}


def language_for(language_code: str | None) -> str:
    """The interface language for a Telegram `language_code`: English for English users."""
    return "en" if (language_code or "").lower().startswith("en") else "zh"


def t(lang: str, key: str, /, **values: object) -> str:
    catalog = _CATALOGS.get(lang, ZH)
    template = catalog.get(key) or ZH[key]
    return template.format(**values) if values else template
