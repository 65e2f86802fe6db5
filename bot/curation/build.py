"""The build: sources → cleaned articles → excerpts, quotations, quiz bank → curated YAML."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.corpus.model import Article, Corpus, Excerpt, QuizItem, Quotation
from bot.curation.classics import ClassicsTable, load_classics
from bot.curation.cleaning import CleanArticle, clean_article
from bot.curation.excerpts import build_excerpts
from bot.curation.ids import ids_of
from bot.curation.noise import Removal
from bot.curation.overrides import OverrideResult, apply_overrides, load_overrides, unknown_ids
from bot.curation.paths import ContentPaths
from bot.curation.quality import excerpt_problems, text_problems
from bot.curation.quiz.attribution import attribution_items
from bot.curation.quiz.complete_quote import complete_quote_items
from bot.curation.quiz.key_term import key_term_items
from bot.curation.quiz.limits import quiz_problems
from bot.curation.quiz.list_recall import list_recall_items, load_lists
from bot.curation.quiz.true_false import true_false_items
from bot.curation.quotations import FoundQuotation, QuotationCollector
from bot.curation.segmenter import Segmenter
from bot.curation.sources import SourceDoc, read_sources
from bot.curation.spinner import load_spinner_table
from bot.curation.store import write_corpus
from bot.curation.themes import tag_words

Step = Callable[[str], None]
Tagger = Callable[[str], tuple[str, ...]]


@dataclass(slots=True)
class BuildResult:
    corpus: Corpus
    removals: dict[str, list[Removal]] = field(default_factory=dict)  # article id → removals
    spun_articles: list[str] = field(default_factory=list)
    skipped_lists: list[str] = field(default_factory=list)
    invalid: list[tuple[str, str]] = field(default_factory=list)  # (id, reason)
    overrides: OverrideResult = field(default_factory=OverrideResult)
    seconds: float = 0.0

    def manifest(self) -> dict[str, Any]:
        return {
            "counts": {
                "articles": len(self.corpus.articles),
                "excerpts": len(self.corpus.excerpts),
                "quotations": len(self.corpus.quotations),
                "quiz_items": len(self.corpus.quiz_items),
            },
            "retired": [{"id": k, "reason": v} for k, v in self.overrides.retired.items()],
            "overrides_applied": self.overrides.applied,
            "overrides_unknown": self.overrides.unknown,
        }


def _no_step(_: str) -> None:
    return None


def _valid(
    items: list[Any], check: Callable[[Any], list[str]], invalid: list[tuple[str, str]]
) -> list[Any]:
    kept, seen = [], set()
    for item in items:
        problems = check(item)
        if item.id in seen:
            problems = ["duplicate id", *problems]
        if problems:
            invalid.append((item.id, "; ".join(problems)))
        else:
            seen.add(item.id)
            kept.append(item)
    return kept


@dataclass(slots=True)
class _Material:
    """What the cleaning pass yields, for the quiz generators."""

    articles: list[CleanArticle] = field(default_factory=list)
    excerpts: list[Excerpt] = field(default_factory=list)
    quotations: list[FoundQuotation] = field(default_factory=list)


class _Words:
    """Segmentation with jieba, each distinct text cut once per build."""

    def __init__(self, segmenter: Segmenter) -> None:
        self.segmenter = segmenter
        self._cut: dict[str, list[str]] = {}

    def __call__(self, text: str) -> list[str]:
        if text not in self._cut:
            self._cut[text] = self.segmenter.words(text)
        return self._cut[text]

    def tags(self, text: str) -> tuple[str, ...]:
        return tag_words(self(text))


def generate(paths: ContentPaths, sources: list[SourceDoc], step: Step = _no_step) -> BuildResult:
    """Everything the build produces, in memory; nothing is written."""
    started = time.perf_counter()
    table = load_spinner_table(paths.spinner)
    classics = load_classics(paths.classics)
    step("loading jieba and the domain dictionary")
    words = _Words(Segmenter(paths.dictionary))
    result = BuildResult(Corpus())
    material = _Material()
    collector = QuotationCollector(classics, words.tags)
    seen: list[str] = []
    for doc in sources:
        step(f"cleaning {doc.id} {doc.title}")
        article = clean_article(doc, table, seen)
        material.articles.append(article)
        if article.spun:
            result.spun_articles.append(article.id)
        collector.collect(article)
        misattributed = _drop_misattributed(article, classics)
        tagger = _with_fallback(words.tags, words.tags(article.text)[:1])
        found, dropped = build_excerpts(article, tagger)
        material.excerpts.extend(found)
        result.removals[article.id] = [*article.removals, *misattributed, *dropped]
    material.quotations = collector.found
    overrides = load_overrides(paths.overrides)
    generated = _edit_material(material, overrides, result.overrides)
    step("generating the quiz bank")
    quiz = _quiz_bank(paths, material, classics, words, result)
    result.overrides.unknown = unknown_ids(overrides, generated | ids_of(quiz))
    _finish(result, material, apply_overrides(quiz, overrides, result.overrides))
    result.seconds = time.perf_counter() - started
    return result


def _with_fallback(tagger: Tagger, fallback: tuple[str, ...]) -> Tagger:
    """A tagger that falls back to the article's main theme for text without a theme word."""

    def tag(text: str) -> tuple[str, ...]:
        return tagger(text) or fallback

    return tag


def _drop_misattributed(article: CleanArticle, classics: ClassicsTable) -> list[Removal]:
    """Keep sentences that credit a line to a source the table does not confirm out of readings."""
    removed = []
    kept = []
    for sentence in article.sentences:
        line = classics.misattributes(sentence.text)
        if line:
            removed.append(Removal(f"出处存疑或有误（文章称{line.claimed}）", sentence.text))
        else:
            kept.append(sentence)
    article.sentences = kept
    return removed


def _quiz_bank(
    paths: ContentPaths,
    material: _Material,
    classics: ClassicsTable,
    words: _Words,
    result: BuildResult,
) -> list[QuizItem]:
    articles, found = material.articles, material.quotations
    titles = {a.id: a.title for a in articles}
    texts = {a.id: a.text for a in articles}
    lists, result.skipped_lists = list_recall_items(
        load_lists(paths.lists),
        {a.title: (a.id, a.text) for a in articles},
        _with_fallback(words.tags, ("党性",)),
    )
    terms = words.segmenter.terms
    return [
        *complete_quote_items(found, titles),
        *attribution_items(found, classics, titles),
        *key_term_items(material.excerpts, words, terms, titles, texts),
        *lists,
        *true_false_items(found, classics, titles),
    ]


def _edit_material(
    material: _Material, overrides: dict[str, dict[str, Any]], result: OverrideResult
) -> set[str]:
    """Apply the editor's overrides to excerpts and quotations before quizzes are made from them.

    So a retired quotation yields no quiz, and an attribution the editor changed is not asked
    with the old answer. Returns the ids generated before editing.
    """
    generated = ids_of(material.excerpts, [f.quotation for f in material.quotations])
    material.excerpts = apply_overrides(material.excerpts, overrides, result)
    quotations = [f.quotation for f in material.quotations]
    edited = {q.id: q for q in apply_overrides(quotations, overrides, result)}
    material.quotations = [
        dataclasses.replace(f, quotation=edited[f.quotation.id])
        for f in material.quotations
        if f.quotation.id in edited
    ]
    return generated


def _finish(result: BuildResult, material: _Material, quiz: list[QuizItem]) -> None:
    """Keep only items that pass every check."""
    excerpts = material.excerpts
    quotations: list[Quotation] = [f.quotation for f in material.quotations]
    result.corpus = Corpus(
        articles={a.id: Article(a.id, a.title, a.provenance) for a in material.articles},
        excerpts=tuple(_valid(excerpts, excerpt_problems, result.invalid)),
        quotations=tuple(_valid(quotations, lambda q: text_problems(q.text), result.invalid)),
        quiz_items=tuple(_valid(quiz, quiz_problems, result.invalid)),
    )


def build(paths: ContentPaths, step: Step = _no_step) -> BuildResult:
    """Rebuild content/curated from content/sources (and the reference tables and overrides)."""
    result = generate(paths, read_sources(paths.sources), step)
    step("writing content/curated")
    write_corpus(result.corpus, paths.curated, result.manifest())
    return result
