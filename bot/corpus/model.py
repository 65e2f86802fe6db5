"""What the curated corpus is made of.

These dataclasses are the contract between the content pipeline (``bot.curation``), which writes
``content/curated/*.yaml``, and the bot, which only reads them through ``bot.corpus.loader``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class QuizKind(StrEnum):
    COMPLETE_QUOTE = "complete_quote"  # 公生明，____
    ATTRIBUTION = "attribution"  # who said it / where does it come from
    KEY_TERM = "key_term"  # a key term blanked out of an excerpt
    LIST_RECALL = "list_recall"  # the named lists: 四可, 五型, 四个表率 …
    TRUE_FALSE = "true_false"


@dataclass(frozen=True, slots=True)
class Article:
    id: str  # stable, e.g. "a03"
    title: str
    provenance: str  # where the text came from (file and line range of the source)


@dataclass(frozen=True, slots=True)
class Excerpt:
    id: str  # stable, e.g. "ex-a03-0007"
    article_id: str
    text: str  # 40 to 300 characters, self-contained
    tags: tuple[str, ...] = ()  # theme tags, e.g. ("公道正派", "学习")


@dataclass(frozen=True, slots=True)
class Quotation:
    id: str  # stable, e.g. "q-0012"
    text: str  # 公生明，廉生威
    article_id: str  # the article it appears in
    attribution: str | None = None  # 《论语·为政》, 韩愈 … ; None where not certain
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class QuizItem:
    id: str  # stable, e.g. "qz-complete-0003"
    kind: QuizKind
    question: str  # 1-300 characters
    options: tuple[str, ...]  # 2-12 options, each 1-100 characters
    correct_index: int
    explanation: str  # at most 200 characters and 2 line feeds, cites the article
    article_id: str
    tags: tuple[str, ...] = ()
    source_id: str | None = None  # the excerpt or quotation it was made from


@dataclass(frozen=True, slots=True)
class Corpus:
    articles: dict[str, Article] = field(default_factory=dict)
    excerpts: tuple[Excerpt, ...] = ()
    quotations: tuple[Quotation, ...] = ()
    quiz_items: tuple[QuizItem, ...] = ()
