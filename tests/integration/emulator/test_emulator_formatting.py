"""Properties of the entity parser: correctly escaped text is never refused."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st
from telegram.helpers import escape_markdown

from bot.sandbox.emulator.errors import ValidationError
from bot.sandbox.emulator.formatting import parse_text, utf16_len

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)


@given(TEXT)
def test_html_escaped_text_round_trips(text: str) -> None:
    plain, entities = parse_text(html.escape(text, quote=False), "HTML")
    assert plain == text
    assert entities == []


@given(TEXT)
def test_markdown_v2_escaped_text_round_trips(text: str) -> None:
    plain, entities = parse_text(escape_markdown(text, version=2), "MarkdownV2")
    assert plain == text
    assert entities == []


@given(TEXT, TEXT)
def test_html_bold_entity_offsets_are_utf16(before: str, inside: str) -> None:
    markup = f"{html.escape(before)}<b>{html.escape(inside)}</b>"
    plain, entities = parse_text(markup, "HTML")
    assert plain == before + inside
    if inside:
        assert entities == [
            {"type": "bold", "offset": utf16_len(before), "length": utf16_len(inside)}
        ]


def test_emoji_count_two_utf16_units() -> None:
    assert utf16_len("📚学") == 3


@pytest.mark.parametrize("text", ["v1.0", "1+1=2", "(x)", "end!"])
def test_unescaped_reserved_characters_are_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="reserved"):
        parse_text(text, "MarkdownV2")
