"""Character-level normalisation of Chinese study text.

NFKC would fix the Kangxi radicals but also turn full-width punctuation into ASCII, so only the
radical and compatibility-ideograph blocks are folded, and ASCII punctuation between Chinese
characters is turned into its full-width form.
"""

from __future__ import annotations

import re
import unicodedata

_RADICAL_BLOCKS = ((0x2E80, 0x2EFF), (0x2F00, 0x2FDF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))
_FULL_WIDTH = {
    ",": "，",
    ":": "：",
    ";": "；",
    "?": "？",
    "!": "！",
    "(": "（",
    ")": "）",
}
_HAN = r"\u4e00-\u9fff"
_CJK_CONTEXT = rf"[{_HAN}“”‘’《》（）、。，：；？！…—]"
_ASCII_PUNCT = re.compile(
    rf"(?<={_CJK_CONTEXT})\s*([,:;?!()])\s*|\s*([,:;?!()])\s*(?={_CJK_CONTEXT})"
)
_SPACE_BETWEEN_CJK = re.compile(rf"(?<={_CJK_CONTEXT})[ \t\u3000\u00a0]+(?={_CJK_CONTEXT})")
_REPLACEMENT_CHAR = "\ufffd"
_SENTENCE_END = "。！？"


def _is_radical(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _RADICAL_BLOCKS)


def fold_radicals(text: str) -> str:
    """Map Kangxi/CJK radicals and compatibility ideographs to the ordinary ideograph."""
    return "".join(unicodedata.normalize("NFKC", c) if _is_radical(c) else c for c in text)


def full_width_punctuation(text: str) -> str:
    """Turn ASCII punctuation next to Chinese text into full-width punctuation."""

    def repl(match: re.Match[str]) -> str:
        return _FULL_WIDTH[match.group(1) or match.group(2)]

    previous = None
    while previous != text:
        previous, text = text, _ASCII_PUNCT.sub(repl, text)
    return text


def drop_cjk_spaces(text: str) -> str:
    """Remove spaces that sit between two Chinese characters or punctuation marks."""
    return _SPACE_BETWEEN_CJK.sub("", text)


def cut_truncated(text: str) -> str:
    """Cut a line holding a replacement character back to its last complete sentence."""
    position = text.find(_REPLACEMENT_CHAR)
    if position < 0:
        return text
    head = text[:position]
    last_end = max(head.rfind(mark) for mark in _SENTENCE_END)
    if last_end < 0:
        return ""
    end = last_end + 1
    if end < len(head) and head[end] == "”":
        end += 1
    return head[:end]


def normalize_line(text: str) -> str:
    """All character-level fixes for one line of source text."""
    text = cut_truncated(text)
    text = fold_radicals(text)
    text = text.replace("\u3000", " ").strip()
    text = full_width_punctuation(text)
    return drop_cjk_spaces(text).strip()


def compact(text: str) -> str:
    """The text without punctuation, quotes or spaces, for matching and de-duplication."""
    return "".join(c for c in text if unicodedata.category(c)[0] in "LN")
