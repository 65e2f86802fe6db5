"""Lines, headings and sentences of cleaned Chinese text."""

from __future__ import annotations

import re

SENTENCE_END = "。！？"
CLOSERS = "”’）》"
_LINE_END_OK = SENTENCE_END + CLOSERS + "；…"
_CONTINUATION_START = "”’）》，。、；：！？"
_CLAUSE_END = "，、：；"
_FIRST_CLAUSE = re.compile(r"^[^，。、；：！？“”]*")


_ORDINAL_HEADING = re.compile(r"^([一二三四五六七八九十]+[、是要]|争当|\d+[.．、])")


def is_heading(line: str) -> bool:
    """A short line without closing punctuation: a section heading, not prose."""
    return len(line) <= 40 and not line.endswith(tuple(_LINE_END_OK))


def is_heading_sentence(sentence: str) -> bool:
    """A short numbered sentence that only announces the next section (一要学会进取。)."""
    return len(sentence) <= 25 and bool(_ORDINAL_HEADING.match(sentence))


def _continues(previous: str, line: str) -> bool:
    if line.startswith(tuple(_CONTINUATION_START)):
        return True
    if previous.count("“") > previous.count("”"):
        return True
    if previous.endswith(tuple(_LINE_END_OK)):
        return False
    if previous.endswith(tuple(_CLAUSE_END)):
        return True
    first_clause = _FIRST_CLAUSE.match(line)
    return first_clause is not None and 0 < len(first_clause.group(0)) <= 2 and len(line) > 2


def join_broken_lines(lines: list[str]) -> list[str]:
    """Join a line broken in the middle of a sentence back onto the line it belongs to."""
    joined: list[str] = []
    for line in lines:
        if joined and _continues(joined[-1], line):
            joined[-1] += line
        else:
            joined.append(line)
    return joined


def split_sentences(text: str) -> list[str]:
    """Split at 。！？ (with any closing quotes), never inside an open “quotation”."""
    sentences: list[str] = []
    depth = 0
    start = 0
    i = 0
    while i < len(text):
        char = text[i]
        depth += (char == "“") - (char == "”")
        depth = max(depth, 0)
        if char in SENTENCE_END and depth == 0:
            end = i + 1
            while end < len(text) and text[end] in CLOSERS:
                end += 1
            sentences.append(text[start:end])
            start = i = end
            continue
        if char in CLOSERS and depth == 0 and i > 0 and text[i - 1] in SENTENCE_END:
            sentences.append(text[start : i + 1])
            start = i + 1
        i += 1
    if text[start:].strip():
        sentences.append(text[start:])
    return [s.strip() for s in sentences if s.strip()]


def quotes_balanced(text: str) -> bool:
    return text.count("“") == text.count("”")
