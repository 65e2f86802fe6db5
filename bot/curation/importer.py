"""`studybot content import`: add documents to content/sources through the same pipeline.

Everything is checked in memory first; content/ is only written when every file is accepted.
"""

from __future__ import annotations

import re
from pathlib import Path

from bot.curation.build import BuildResult, Step, generate
from bot.curation.documents import ImportRefused, read_document
from bot.curation.noise import clean_title
from bot.curation.normalize import normalize_line
from bot.curation.paths import ContentPaths
from bot.curation.sources import SourceDoc, read_sources, split_document, write_sources
from bot.curation.store import write_corpus

_ID = re.compile(r"^a(\d+)$")


def _next_number(existing: list[SourceDoc]) -> int:
    numbers = [int(m.group(1)) for d in existing if (m := _ID.match(d.id))]
    return max(numbers, default=0) + 1


def _as_sources(text: str, path: Path, first_number: int) -> list[SourceDoc]:
    docs = split_document(text, path.name, first_number)
    if docs:
        return docs
    lines = [line for line in text.splitlines() if line.strip()]
    first = clean_title(normalize_line(lines[0]))
    title = first if len(first) <= 40 else path.stem
    provenance = f"{path.name} lines 1-{len(text.splitlines())}"
    return [SourceDoc(f"a{first_number:02d}", title, provenance, text.strip("\n"))]


def _yield_of(result: BuildResult, article_id: str) -> int:
    corpus = result.corpus
    excerpts = sum(1 for e in corpus.excerpts if e.article_id == article_id)
    return excerpts + sum(1 for q in corpus.quotations if q.article_id == article_id)


def import_documents(
    paths: ContentPaths, files: list[Path], step: Step
) -> tuple[list[SourceDoc], BuildResult]:
    existing = read_sources(paths.sources) if paths.sources.exists() else []
    new_docs: list[SourceDoc] = []
    for path in files:
        step(f"reading {path.name}")
        text = read_document(path)
        new_docs.extend(_as_sources(text, path, _next_number([*existing, *new_docs])))
    result = generate(paths, [*existing, *new_docs], step)
    for doc in new_docs:
        if _yield_of(result, doc.id) == 0:
            raise ImportRefused(
                f"{doc.provenance.split()[0]}: yields no study material after cleaning"
            )
    write_sources(new_docs, paths.sources)
    write_corpus(result.corpus, paths.curated, result.manifest())
    return new_docs, result
