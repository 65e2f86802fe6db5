"""`studybot content lint`: check the curated corpus and name every bad entry with the reason."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from bot.corpus.loader import CorpusError, load_corpus
from bot.corpus.model import Corpus
from bot.curation.ids import ids_of
from bot.curation.overrides import OverrideError, load_overrides
from bot.curation.paths import ContentPaths
from bot.curation.quality import excerpt_problems, text_problems
from bot.curation.quiz.limits import quiz_problems
from bot.curation.store import read_manifest
from bot.curation.themes import THEME_NAMES


@dataclass(frozen=True, slots=True)
class LintIssue:
    item_id: str
    reason: str

    def __str__(self) -> str:
        return f"{self.item_id}: {self.reason}"


def _tag_issues(item_id: str, tags: tuple[str, ...]) -> list[LintIssue]:
    unknown = [t for t in tags if t not in THEME_NAMES]
    issues = [LintIssue(item_id, f"unknown theme tag(s) {', '.join(unknown)}")] if unknown else []
    if not tags:
        issues.append(LintIssue(item_id, "no theme tag"))
    return issues


def _item_issues(corpus: Corpus) -> list[LintIssue]:
    issues: list[LintIssue] = []
    for excerpt in corpus.excerpts:
        issues += [LintIssue(excerpt.id, p) for p in excerpt_problems(excerpt)]
        issues += _tag_issues(excerpt.id, excerpt.tags)
    for quote in corpus.quotations:
        issues += [LintIssue(quote.id, p) for p in text_problems(quote.text)]
        issues += _tag_issues(quote.id, quote.tags)
    sources = ids_of(corpus.excerpts, corpus.quotations)
    for item in corpus.quiz_items:
        texts = (item.question, *item.options, item.explanation)
        issues += [LintIssue(item.id, p) for p in quiz_problems(item)]
        issues += [LintIssue(item.id, p) for t in texts for p in text_problems(t)]
        issues += _tag_issues(item.id, item.tags)
        if item.source_id and item.source_id not in sources:
            issues.append(LintIssue(item.id, f"source {item.source_id} does not exist"))
    return issues


def _duplicates(corpus: Corpus) -> list[LintIssue]:
    ids: Counter[str] = Counter()
    for group in (corpus.excerpts, corpus.quotations, corpus.quiz_items):
        ids.update(i.id for i in group)
    issues = [LintIssue(i, "id used more than once") for i, n in ids.items() if n > 1]
    seen: dict[tuple[str, ...], str] = {}
    for item in corpus.quiz_items:
        key = (item.question, *sorted(item.options))
        if key in seen:
            issues.append(LintIssue(item.id, f"same question and options as {seen[key]}"))
        seen.setdefault(key, item.id)
    texts: dict[str, str] = {}
    for excerpt in corpus.excerpts:
        if excerpt.text in texts:
            issues.append(LintIssue(excerpt.id, f"same text as {texts[excerpt.text]}"))
        texts.setdefault(excerpt.text, excerpt.id)
    return issues


def _override_issues(paths: ContentPaths, corpus: Corpus) -> list[LintIssue]:
    try:
        overrides = load_overrides(paths.overrides)
    except (OverrideError, ValueError) as error:
        return [LintIssue("overrides.yaml", str(error))]
    retired = {r["id"] for r in read_manifest(paths.curated).get("retired", [])}
    known = ids_of(corpus.excerpts, corpus.quotations, corpus.quiz_items) | retired
    return [
        LintIssue(i, "override for an id that no longer exists")
        for i in overrides
        if i not in known
    ]


def lint(paths: ContentPaths) -> list[LintIssue]:
    try:
        corpus = load_corpus(paths.root)
    except CorpusError as error:
        return [LintIssue("corpus", str(error))]
    return [*_item_issues(corpus), *_duplicates(corpus), *_override_issues(paths, corpus)]
