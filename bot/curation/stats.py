"""`studybot content stats`: counts per kind, per article and per theme."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from bot.corpus.model import Corpus
from bot.curation.themes import THEME_NAMES


@dataclass(frozen=True, slots=True)
class ArticleCounts:
    article_id: str
    title: str
    excerpts: int
    quotations: int
    quiz_items: int


def kind_counts(corpus: Corpus) -> dict[str, int]:
    counts = {
        "articles": len(corpus.articles),
        "excerpts": len(corpus.excerpts),
        "quotations": len(corpus.quotations),
        "attributed quotations": sum(1 for q in corpus.quotations if q.attribution),
        "quiz items": len(corpus.quiz_items),
    }
    for kind, n in sorted(Counter(q.kind.value for q in corpus.quiz_items).items()):
        counts[f"  quiz: {kind}"] = n
    return counts


def article_counts(corpus: Corpus) -> list[ArticleCounts]:
    def count(items: tuple, article_id: str) -> int:
        return sum(1 for i in items if i.article_id == article_id)

    return [
        ArticleCounts(
            a.id,
            a.title,
            count(corpus.excerpts, a.id),
            count(corpus.quotations, a.id),
            count(corpus.quiz_items, a.id),
        )
        for a in sorted(corpus.articles.values(), key=lambda a: a.id)
    ]


def theme_counts(corpus: Corpus) -> dict[str, tuple[int, int, int]]:
    """theme → (excerpts, quotations, quiz items)."""

    def count(items: tuple, theme: str) -> int:
        return sum(1 for i in items if theme in i.tags)

    return {
        t: (count(corpus.excerpts, t), count(corpus.quotations, t), count(corpus.quiz_items, t))
        for t in THEME_NAMES
    }
