"""Validation of free text typed by users (reflections, display names, …)."""

from __future__ import annotations

from bot.core.errors import InvalidText

REFLECTION_MIN_CHARS = 30
REFLECTION_MAX_CHARS = 4000

_ALLOWED_CONTROLS = frozenset("\n\t")


def _is_forbidden_control(ch: str) -> bool:
    """C0 controls (except newline and tab), DEL and C1 controls are rejected."""
    cp = ord(ch)
    return (cp < 0x20 and ch not in _ALLOWED_CONTROLS) or 0x7F <= cp <= 0x9F


def clean_user_text(text: str, *, max_chars: int, min_chars: int = 1) -> str:
    """Return ``text`` stripped of surrounding whitespace, or raise :class:`InvalidText`.

    Rules: ``\\r\\n`` and lone ``\\r`` become ``\\n``; lone surrogates (text that cannot be
    UTF-8 encoded) → ``bad_unicode``; NUL and any other C0 control except newline and tab,
    DEL and C1 controls → ``control_chars``; fewer than ``min_chars`` or more than
    ``max_chars`` code points after stripping → ``too_short`` / ``too_long``.
    Checks run in that order, so a huge text full of NUL bytes reports ``control_chars``.
    """
    if min_chars < 0 or max_chars < min_chars:
        raise ValueError(f"bad limits: min_chars={min_chars}, max_chars={max_chars}")
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")

    def fail(code: str, message: str) -> InvalidText:
        return InvalidText(message, code=code, min_chars=min_chars, max_chars=max_chars)

    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise fail("bad_unicode", "The text contains invalid Unicode (a lone surrogate).") from None
    if any(_is_forbidden_control(ch) for ch in text if ch < "\xa0"):
        # \r is allowed as a line break only; normalise it before the control check fails it.
        normalised = text.replace("\r\n", "\n").replace("\r", "\n")
        if any(_is_forbidden_control(ch) for ch in normalised if ch < "\xa0"):
            raise fail("control_chars", "The text contains control characters such as NUL.")
        text = normalised
    cleaned = text.strip()
    if len(cleaned) > max_chars:
        raise fail(
            "too_long", f"The text is too long: {len(cleaned)} characters, at most {max_chars}."
        )
    if len(cleaned) < min_chars:
        raise fail(
            "too_short", f"The text is too short: {len(cleaned)} characters, at least {min_chars}."
        )
    return cleaned
