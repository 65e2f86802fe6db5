"""Load the curated corpus (content/curated/*.yaml). Never imports jieba."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import yaml

from bot.corpus.model import Article, Corpus, Excerpt, QuizItem, QuizKind, Quotation

ENV_VAR = "STUDYBOT_CONTENT_DIR"
CURATED = "curated"
T = TypeVar("T")


class CorpusError(ValueError):
    """A curated file is missing or malformed; the message names the file and the entry."""


def default_content_dir() -> Path:
    """The repository's content/ directory, or $STUDYBOT_CONTENT_DIR when set."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "content"


def _loader() -> type[yaml.SafeLoader]:
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_list(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        raise CorpusError(f"{path}: missing (run `studybot content build`)")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_loader())
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise CorpusError(f"{path}: not valid YAML: {error}") from error
    data = data or []
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
        raise CorpusError(f"{path}: expected a list of entries")
    return data


def _str(entry: dict[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value:
        raise CorpusError(f"{where}: field {key!r} must be a non-empty string")
    return value


def _strs(entry: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CorpusError(f"{where}: field {key!r} must be a list of strings")
    return tuple(value)


def _optional_str(entry: dict[str, Any], key: str, where: str) -> str | None:
    value = entry.get(key)
    if value is not None and not isinstance(value, str):
        raise CorpusError(f"{where}: field {key!r} must be a string or null")
    return value


def _article(e: dict[str, Any], where: str) -> Article:
    return Article(_str(e, "id", where), _str(e, "title", where), _str(e, "provenance", where))


def _excerpt(e: dict[str, Any], where: str) -> Excerpt:
    return Excerpt(
        _str(e, "id", where),
        _str(e, "article_id", where),
        _str(e, "text", where),
        _strs(e, "tags", where),
    )


def _quotation(e: dict[str, Any], where: str) -> Quotation:
    return Quotation(
        _str(e, "id", where),
        _str(e, "text", where),
        _str(e, "article_id", where),
        _optional_str(e, "attribution", where),
        _strs(e, "tags", where),
    )


def _quiz(e: dict[str, Any], where: str) -> QuizItem:
    try:
        kind = QuizKind(str(e.get("kind")))
    except ValueError as error:
        raise CorpusError(f"{where}: unknown quiz kind {e.get('kind')!r}") from error
    options = _strs(e, "options", where)
    index = e.get("correct_index")
    if not isinstance(index, int) or not 0 <= index < len(options):
        raise CorpusError(f"{where}: correct_index must point into the {len(options)} options")
    return QuizItem(
        _str(e, "id", where),
        kind,
        _str(e, "question", where),
        options,
        index,
        _str(e, "explanation", where),
        _str(e, "article_id", where),
        _strs(e, "tags", where),
        _optional_str(e, "source_id", where),
    )


def _parse(path: Path, make: Callable[[dict[str, Any], str], T]) -> list[T]:
    entries = _read_list(path)
    items = [
        make(e, f"{path.name} entry {n} ({e.get('id', '?')})") for n, e in enumerate(entries, 1)
    ]
    ids = [i.id for i in items]  # type: ignore[attr-defined]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise CorpusError(f"{path.name}: duplicate id(s) {', '.join(duplicates)}")
    return items


def load_corpus(content_dir: Path) -> Corpus:
    """Read and check content_dir/curated/*.yaml; raise CorpusError naming any malformed entry."""
    curated = content_dir / CURATED
    articles = {a.id: a for a in _parse(curated / "articles.yaml", _article)}
    excerpts = _parse(curated / "excerpts.yaml", _excerpt)
    quotations = _parse(curated / "quotations.yaml", _quotation)
    quiz = _parse(curated / "quiz.yaml", _quiz)
    items: list[Excerpt | Quotation | QuizItem] = [*excerpts, *quotations, *quiz]
    for item in items:
        if item.article_id not in articles:
            raise CorpusError(f"{item.id}: unknown article {item.article_id!r}")
    return Corpus(articles, tuple(excerpts), tuple(quotations), tuple(quiz))
