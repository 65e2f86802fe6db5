"""Quotations: classical lines (checked against the classics table) and sayings the texts quote."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.corpus.model import Quotation
from bot.curation.classics import ClassicLine, ClassicsTable
from bot.curation.cleaning import CleanArticle
from bot.curation.ids import quotation_id
from bot.curation.normalize import compact

_QUOTED = re.compile(r"“([^“”]{4,120})”")
_SAYING_MIN, _SAYING_MAX = 8, 40
_CUE_GAP = 8  # 胡锦涛同志明确指出：“…
_SLOGAN_WORDS = ("部门", "形象", "组工", "干部")


@dataclass(frozen=True, slots=True)
class FoundQuotation:
    quotation: Quotation
    context: str  # the sentence it was found in
    classic: ClassicLine | None = None


def _clean_quote(text: str) -> str:
    return text.strip().rstrip("。！？，；")


def _speaker_for(sentence: str, quote_start: int, table: ClassicsTable) -> str | None:
    before = sentence[:quote_start]
    for speaker in table.speakers:
        cue_at = before.rfind(speaker.cue)
        if cue_at < 0 or quote_start - cue_at - len(speaker.cue) > _CUE_GAP:
            continue
        if speaker.requires is None or speaker.requires in sentence:
            return speaker.name
    return None


def _is_saying(text: str) -> bool:
    """A quoted saying has clauses and is short; quoted lists (with 、) are slogans, not sayings."""
    if any(word in text for word in _SLOGAN_WORDS) or "、" in text:
        return False
    return _SAYING_MIN <= len(text) <= _SAYING_MAX and bool(re.search("[，；]", text))


class QuotationCollector:
    """Collects quotations across articles, keeping the first occurrence of each line."""

    def __init__(self, table: ClassicsTable, tagger: Callable[[str], tuple[str, ...]]) -> None:
        self.table = table
        self.tagger = tagger
        self.found: list[FoundQuotation] = []
        self._keys: set[str] = set()
        self._article_tags: tuple[str, ...] = ()

    def _add(
        self,
        text: str,
        article_id: str,
        attribution: str | None,
        context: str,
        classic: ClassicLine | None = None,
    ) -> None:
        key = compact(text)
        if key in self._keys or any(key in k or k in key for k in self._keys if len(key) >= 6):
            return
        self._keys.add(key)
        tags = (classic.tags if classic else ()) or self.tagger(f"{text}。{context}")
        tags = tags or self._article_tags
        quotation = Quotation(quotation_id(text), text, article_id, attribution, tags)
        self.found.append(FoundQuotation(quotation, context, classic))

    def collect(self, article: CleanArticle) -> None:
        self._article_tags = self.tagger(article.text)[:1]
        for sentence in article.sentences:
            self._from_classics(sentence.text, article.id)
            for match in _QUOTED.finditer(sentence.text):
                self._from_quote(match, sentence.text, article.id)

    def _from_classics(self, sentence: str, article_id: str) -> None:
        key = compact(sentence)
        for line in self.table.lines:
            if line.found_in(key):
                self._add(line.text, article_id, line.attribution, sentence, line)

    def _from_quote(self, match: re.Match[str], sentence: str, article_id: str) -> None:
        text = _clean_quote(match.group(1))
        if self.table.lookup(text):
            return  # classical lines are taken from the table, with the checked attribution
        speaker = _speaker_for(sentence, match.start(), self.table)
        if speaker:
            self._add(text, article_id, speaker, sentence)
        elif _is_saying(text):
            self._add(text, article_id, None, sentence)
