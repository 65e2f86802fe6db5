from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.errors import InvalidText
from bot.core.text import REFLECTION_MAX_CHARS, REFLECTION_MIN_CHARS, clean_user_text


def reject(text: str, code: str, *, max_chars: int = 100, min_chars: int = 1) -> InvalidText:
    with pytest.raises(InvalidText) as info:
        clean_user_text(text, max_chars=max_chars, min_chars=min_chars)
    assert info.value.code == code
    return info.value


def test_strips_and_keeps_newlines_and_tabs() -> None:
    assert clean_user_text("  今天读了《论语》\n\t学而时习之  ", max_chars=100) == (
        "今天读了《论语》\n\t学而时习之"
    )
    assert clean_user_text("a\r\nb\rc", max_chars=10) == "a\nb\nc"


def test_rejections() -> None:
    assert "NUL" in str(reject("hello\x00world", "control_chars"))
    reject("bell\x07", "control_chars")
    reject("c1\x85", "control_chars")
    reject("lone \ud800 surrogate", "bad_unicode")
    error = reject("x" * 100_000, "too_long", max_chars=REFLECTION_MAX_CHARS)
    assert error.max_chars == REFLECTION_MAX_CHARS and "4000" in str(error)
    reject("   ", "too_short")
    reject("short", "too_short", min_chars=REFLECTION_MIN_CHARS)


def test_limits_count_code_points_after_stripping() -> None:
    text = "学" * REFLECTION_MAX_CHARS
    assert clean_user_text(f"  {text}  ", max_chars=REFLECTION_MAX_CHARS) == text
    reject(text + "学", "too_long", max_chars=REFLECTION_MAX_CHARS)


def test_input_is_never_modified_on_error() -> None:
    original = "keep\x00me"
    with pytest.raises(InvalidText):
        clean_user_text(original, max_chars=100)
    assert original == "keep\x00me"


@settings(deadline=None)
@given(st.text(max_size=300), st.integers(0, 50), st.integers(50, 200))
def test_clean_or_clear_error(text: str, min_chars: int, max_chars: int) -> None:
    try:
        cleaned = clean_user_text(text, max_chars=max_chars, min_chars=min_chars)
    except InvalidText as error:
        assert error.code in {"too_long", "too_short", "control_chars", "bad_unicode"}
        assert (error.min_chars, error.max_chars) == (min_chars, max_chars)
    else:
        assert min_chars <= len(cleaned) <= max_chars
        assert cleaned == cleaned.strip()
        cleaned.encode("utf-8")
        assert all(
            ch in "\n\t" or not (ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F) for ch in cleaned
        )
