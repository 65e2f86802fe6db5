"""From a raw source article to clean, de-duplicated sentences, noting what was removed and why."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.curation.noise import Removal, has_placeholder, line_noise, strip_inline
from bot.curation.normalize import compact, normalize_line
from bot.curation.sentences import (
    is_heading,
    is_heading_sentence,
    join_broken_lines,
    split_sentences,
)
from bot.curation.sources import SourceDoc
from bot.curation.spinner import SpinnerTable, is_spun, repair, still_garbled

_LEADING_JUNK = re.compile(r"^[\d\s、.．-]+")
_REDACTED_SPEAKER = re.compile(r"^同志(?:指出|提出|说|强调)")
_MIN_DUPLICATE = 12
_DOUBLED = re.compile(r"([\u4e00-\u9fff“”]{6,30})\1")  # a heading glued to its own repeat


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    block: int  # sentences of one block (between headings) may be joined into an excerpt
    quizzable: bool = True  # False for repaired-but-doubtful text


@dataclass(slots=True)
class CleanArticle:
    id: str
    title: str
    provenance: str
    sentences: list[Sentence] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    removals: list[Removal] = field(default_factory=list)
    spun: bool = False
    text: str = ""  # the cleaned prose, for finding quotations and lists


def _title_pattern(title: str) -> re.Pattern[str]:
    chars = [re.escape(c) for c in compact(title)]
    return re.compile(r"[\s“”‘’\d]*" + r"[\s“”‘’]*".join(chars) + r"[\s“”‘’]*")


def strip_title_repeats(line: str, title: str) -> tuple[str, int]:
    """Remove copies of the title (or of its tail) glued to the front of the first line."""
    key = compact(title)
    count = 0
    changed = True
    while changed:
        changed = False
        for cut in range(0, max(1, len(key) - 6)):
            match = _title_pattern(key[cut:]).match(line)
            if match:
                line = _LEADING_JUNK.sub("", line[match.end() :])
                count += 1
                changed = True
                break
    return line, count


def _clean_lines(doc: SourceDoc, removals: list[Removal]) -> list[str]:
    lines: list[str] = []
    for raw in doc.body.splitlines():
        line = normalize_line(raw)
        if not line:
            continue
        rule = line_noise(line)
        if rule:
            removals.append(Removal(rule.reason, line))
            continue
        line, inline = strip_inline(line)
        removals.extend(inline)
        for match in _DOUBLED.finditer(line):
            removals.append(Removal("重复标题", match.group(1)))
        line = _DOUBLED.sub(r"\1", line)
        if line:
            lines.append(line)
    return lines


def _drop_title_repeats(lines: list[str], title: str, removals: list[Removal]) -> list[str]:
    for index, line in enumerate(lines[:3]):
        stripped, count = strip_title_repeats(line, title)
        if count:
            removals.append(Removal("重复标题", title))
            lines[index] = stripped
    return [line for line in lines if line and compact(line) != compact(title)]


class _Deduplicator:
    """Drops a sentence equal to, contained in, or containing an earlier one."""

    def __init__(self, seen: list[str]) -> None:
        self.seen = seen

    def is_duplicate(self, sentence: str) -> bool:
        key = compact(sentence)
        for old in self.seen:
            if key == old or (
                min(len(key), len(old)) >= _MIN_DUPLICATE and (key in old or old in key)
            ):
                return True
        self.seen.append(key)
        return False


def _sentence_problem(sentence: str, spun: bool, table: SpinnerTable) -> str | None:
    if has_placeholder(sentence):
        return "占位符XX"
    if _REDACTED_SPEAKER.match(sentence):
        return "讲话人姓名缺失"
    if spun and still_garbled(sentence, table):
        return "洗稿措辞无法可靠还原"
    if len(compact(sentence)) < 4:
        return "残句"
    return None


def clean_article(doc: SourceDoc, table: SpinnerTable, seen: list[str]) -> CleanArticle:
    """Clean one article. `seen` carries sentence keys across articles to drop duplicates."""
    article = CleanArticle(doc.id, doc.title, doc.provenance)
    lines = _drop_title_repeats(_clean_lines(doc, article.removals), doc.title, article.removals)
    lines = join_broken_lines(lines)
    article.spun = is_spun("".join(lines), table)
    dedup = _Deduplicator(seen)
    block = 0
    for line in lines:
        if is_heading(line):
            article.headings.append(line)
            block += 1
            continue
        for sentence in split_sentences(repair(line, table) if article.spun else line):
            if is_heading_sentence(sentence):
                article.headings.append(sentence)
                block += 1
                continue
            problem = _sentence_problem(sentence, article.spun, table)
            if problem:
                article.removals.append(Removal(problem, sentence))
                block += 1
            elif dedup.is_duplicate(sentence):
                article.removals.append(Removal("重复段落", sentence))
            else:
                article.sentences.append(Sentence(sentence, block))
    article.text = "".join([*article.headings, *(s.text for s in article.sentences)])
    return article
