"""Reading and writing the curated YAML files."""

from __future__ import annotations

import dataclasses
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from bot.corpus.model import Article, Corpus

FILES = {
    "articles": "articles.yaml",
    "excerpts": "excerpts.yaml",
    "quotations": "quotations.yaml",
    "quiz_items": "quiz.yaml",
}
MANIFEST = "manifest.yaml"


def _plain(item: Any) -> dict[str, Any]:
    data = dataclasses.asdict(item)
    for key, value in data.items():
        if isinstance(value, tuple):
            data[key] = list(value)
        elif hasattr(value, "value"):
            data[key] = value.value
    return data


def dump_yaml(data: Any) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000)


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


def write_corpus(corpus: Corpus, curated_dir: Path, manifest: dict[str, Any]) -> None:
    """Write every curated file. Each file is replaced atomically."""
    lists: dict[str, list[Any]] = {
        "articles": sorted(corpus.articles.values(), key=lambda a: a.id),
        "excerpts": list(corpus.excerpts),
        "quotations": list(corpus.quotations),
        "quiz_items": list(corpus.quiz_items),
    }
    rendered = {name: dump_yaml([_plain(i) for i in items]) for name, items in lists.items()}
    for name, text in rendered.items():
        _write_atomic(curated_dir / FILES[name], text)
    _write_atomic(curated_dir / MANIFEST, dump_yaml(manifest))


def read_manifest(curated_dir: Path) -> dict[str, Any]:
    path = curated_dir / MANIFEST
    if not path.exists():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def article_dict(articles: list[Article]) -> dict[str, Article]:
    return {a.id: a for a in articles}
