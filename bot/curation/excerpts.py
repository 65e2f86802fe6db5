"""Self-contained reading passages (40 to 300 characters) cut from the cleaned sentences."""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import groupby

from bot.corpus.model import Excerpt
from bot.curation.cleaning import CleanArticle, Sentence
from bot.curation.ids import excerpt_id
from bot.curation.noise import Removal

MIN_CHARS = 40
MAX_CHARS = 300
TARGET_CHARS = 180
_DEPENDENT_START = re.compile(
    r"^(这|那|因此|所以|但|然而|同时|而且|并且|其中|此外|否则|他们|他|它|也|如此|由此|可见)"
)
_ORDINAL_START = re.compile(
    r"^(首先|其次|再次|最后|另外|第[一二三四五六七八九十]+)[，,]|^[一二三四五六七八九十]+[、是要]|^\d+[.．、]"
)


def _is_dependent(sentence: str) -> bool:
    return bool(_DEPENDENT_START.match(sentence))


def _split_long(sentence: str) -> list[str]:
    """A sentence too long for one passage, cut after its semicolons."""
    if len(sentence) <= MAX_CHARS:
        return [sentence]
    parts = [p + "；" for p in sentence.split("；")]
    parts[-1] = parts[-1][:-1]
    return [p for p in parts if p]


def _pack_block(sentences: list[str]) -> list[list[str]]:
    """Group a block's sentences greedily into passages; never start one on a dependent sentence."""
    passages: list[list[str]] = []
    current: list[str] = []
    for sentence in (part for s in sentences for part in _split_long(s)):
        size = sum(map(len, current))
        if current and size + len(sentence) > TARGET_CHARS and not _is_dependent(sentence):
            passages.append(current)
            current = [sentence]
        elif not current and _is_dependent(sentence):
            if passages and sum(map(len, passages[-1])) + len(sentence) <= MAX_CHARS:
                passages[-1].append(sentence)
        else:
            current.append(sentence)
    if current:
        passages.append(current)
    return _merge_short(passages)


def _merge_short(passages: list[list[str]]) -> list[list[str]]:
    merged: list[list[str]] = []
    for passage in passages:
        size = sum(map(len, passage))
        if merged and size < MIN_CHARS and sum(map(len, merged[-1])) + size <= MAX_CHARS:
            merged[-1].extend(passage)
        else:
            merged.append(passage)
    return merged


def passage_text(sentences: list[str]) -> str:
    return _ORDINAL_START.sub("", "".join(sentences))


def build_excerpts(
    article: CleanArticle, tagger: Callable[[str], tuple[str, ...]]
) -> tuple[list[Excerpt], list[Removal]]:
    excerpts: list[Excerpt] = []
    dropped: list[Removal] = []
    blocks = groupby(article.sentences, key=lambda s: s.block)
    for _, group in blocks:
        block: list[Sentence] = list(group)
        for passage in _pack_block([s.text for s in block]):
            text = passage_text(passage)
            if not MIN_CHARS <= len(text) <= MAX_CHARS:
                dropped.append(Removal("摘录长度不在40-300字之间", text))
                continue
            excerpts.append(Excerpt(excerpt_id(article.id, text), article.id, text, tagger(text)))
    return excerpts, dropped
