"""Fast look-ups over a loaded corpus: by id, by kind, by theme."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from bot.corpus.model import Corpus, Excerpt, QuizItem, Quotation


@dataclass(frozen=True)
class CorpusIndex:
    corpus: Corpus
    excerpts: dict[str, Excerpt] = field(init=False)
    quotations: dict[str, Quotation] = field(init=False)
    quiz_items: dict[str, QuizItem] = field(init=False)
    themes: dict[str, tuple[str, ...]] = field(init=False)  # theme → quiz item ids

    def __post_init__(self) -> None:
        object.__setattr__(self, "excerpts", {e.id: e for e in self.corpus.excerpts})
        object.__setattr__(self, "quotations", {q.id: q for q in self.corpus.quotations})
        object.__setattr__(self, "quiz_items", {q.id: q for q in self.corpus.quiz_items})
        by_theme: dict[str, list[str]] = defaultdict(list)
        for item in self.corpus.quiz_items:
            for tag in item.tags:
                by_theme[tag].append(item.id)
        object.__setattr__(self, "themes", {k: tuple(v) for k, v in by_theme.items()})

    def article_title(self, article_id: str) -> str:
        article = self.corpus.articles.get(article_id)
        return article.title if article else ""

    def excerpts_on(self, theme: str) -> list[Excerpt]:
        return [e for e in self.corpus.excerpts if theme in e.tags]

    def quotations_on(self, theme: str) -> list[Quotation]:
        return [q for q in self.corpus.quotations if theme in q.tags]

    def richest_themes(self, min_quiz_items: int) -> list[str]:
        """Themes with enough quiz items for a session, the best stocked first."""
        ranked = sorted(self.themes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        return [theme for theme, ids in ranked if len(ids) >= min_quiz_items]
