"""Font choice for the PNG renderers: a CJK font when one is installed, else DejaVu Sans only.

Without a CJK font, Chinese labels would be drawn as empty boxes (and matplotlib would warn
"Glyph missing from font"), so the renderers fall back to labels that need no CJK glyphs:
English words, dates and numbers. Install Debian's ``fonts-noto-cjk`` to get Chinese labels.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from bot.core.evaluation import Lang

if TYPE_CHECKING:
    from matplotlib.font_manager import FontProperties

#: Families tried in order; the first one matplotlib knows is used for CJK text.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "Noto Serif CJK SC",
)
BASE_FAMILY = "DejaVu Sans"


@lru_cache(maxsize=1)
def _installed() -> dict[str, str]:
    from matplotlib import font_manager

    return {entry.name: entry.fname for entry in font_manager.fontManager.ttflist}


@lru_cache(maxsize=1)
def cjk_family() -> str | None:
    """The installed CJK family matplotlib will use, or ``None``."""
    installed = _installed()
    return next((name for name in CJK_FAMILIES if name in installed), None)


def families() -> list[str]:
    cjk = cjk_family()
    return [cjk, BASE_FAMILY] if cjk else [BASE_FAMILY]


@lru_cache(maxsize=1)
def _covered() -> frozenset[int]:
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    installed = _installed()
    codes: set[int] = set()
    for family in families():
        path = installed.get(family) or font_manager.findfont(family)
        codes.update(FT2Font(path).get_charmap())
    return frozenset(codes)


def can_draw(text: str) -> bool:
    covered = _covered()
    return all(ord(ch) in covered for ch in text if not ch.isspace())


def drawable(text: str, fallback: str) -> str:
    """``text`` if every glyph is available, else ``fallback`` (which must be ASCII-safe)."""
    return text if can_draw(text) else fallback


def label_lang(lang: Lang) -> Lang:
    """The language the picture's labels can be drawn in."""
    return "zh" if lang == "zh" and cjk_family() else "en"


def font(size: float | None = None, weight: str = "normal") -> FontProperties:
    from matplotlib.font_manager import FontProperties

    return FontProperties(family=families(), size=size, weight=weight)
