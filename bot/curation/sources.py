"""Source documents: the seed split into one file per article, each with title and provenance."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.curation.noise import clean_title
from bot.curation.normalize import compact, normalize_line

_FRONT = "---"
_FRONT_MATTER_MARKERS = re.compile(r"^(汇报人|本文共有|第\s*1\s*页)")
_NO_TITLE_END = "。！？；，：,.;:!?"
SOURCE_SUFFIXES = (".txt", ".md")


@dataclass(frozen=True, slots=True)
class SourceDoc:
    id: str  # a01, a02 …
    title: str
    provenance: str
    body: str


@dataclass(frozen=True, slots=True)
class _Section:
    title_line: int  # 0-based index of the title line
    body_start: int  # 0-based index of the first body line


def _title_key(line: str) -> str:
    return compact(clean_title(normalize_line(line)))


def _could_be_title(line: str) -> bool:
    text = normalize_line(line)
    return 4 <= len(compact(text)) <= 40 and not text.endswith(tuple(_NO_TITLE_END))


def _continues_title(key: str, line: str) -> bool:
    return bool(key) and compact(re.sub(r"第\s*\d+\s*页\s*共\s*\d+\s*页", "", line)).startswith(key)


def _section_at(lines: list[str], i: int) -> _Section | None:
    if not _could_be_title(lines[i]):
        return None
    key = _title_key(lines[i])
    following = lines[i + 1] if i + 1 < len(lines) else ""
    if not following.strip() or _FRONT_MATTER_MARKERS.match(following.strip()):
        return _Section(i, i + 1)
    if _continues_title(key, following):
        return _Section(i, i + 1)
    for j in range(i + 2, len(lines)):
        if len(lines[j]) > len(lines[i]) + 20 and _continues_title(key, lines[j]):
            return _Section(i, j)
    return None


def find_sections(lines: list[str]) -> list[_Section]:
    sections = [s for i in range(len(lines)) if (s := _section_at(lines, i))]
    return sorted(sections, key=lambda s: s.body_start)


def split_document(text: str, source_name: str, first_number: int = 1) -> list[SourceDoc]:
    """Split a concatenation of articles at their title lines."""
    lines = text.splitlines()
    sections = find_sections(lines)
    boundaries = sorted({s.title_line for s in sections} | {s.body_start for s in sections})
    docs = []
    for number, section in enumerate(sections, start=first_number):
        end = next((b for b in boundaries if b > section.body_start), len(lines))
        if section.body_start > section.title_line + 1:
            end = next((b for b in boundaries if b > section.body_start), len(lines))
        body = "\n".join(lines[section.body_start : end]).strip("\n")
        lines_note = _line_range(section, end)
        docs.append(
            SourceDoc(
                id=f"a{number:02d}",
                title=clean_title(normalize_line(lines[section.title_line])),
                provenance=f"{source_name} {lines_note}",
                body=body,
            )
        )
    return docs


def _line_range(section: _Section, end: int) -> str:
    first, last = section.body_start + 1, end
    if section.body_start == section.title_line + 1:
        return f"lines {section.title_line + 1}-{last}"
    return f"lines {section.title_line + 1}, {first}-{last}"


def render_source(doc: SourceDoc) -> str:
    return (
        f"{_FRONT}\nid: {doc.id}\ntitle: {doc.title}\nprovenance: {doc.provenance}\n{_FRONT}\n"
        f"{doc.body}\n"
    )


def parse_source(text: str, fallback_id: str) -> SourceDoc:
    """Read a source file: a small front matter (id, title, provenance) then the raw body."""
    header: dict[str, str] = {}
    body = text
    if text.startswith(_FRONT + "\n"):
        head, _, body = text[len(_FRONT) + 1 :].partition(f"\n{_FRONT}\n")
        for line in head.splitlines():
            key, _, value = line.partition(":")
            header[key.strip()] = value.strip()
    body = body.removesuffix("\n")
    return SourceDoc(
        id=header.get("id", fallback_id),
        title=header.get("title", fallback_id),
        provenance=header.get("provenance", "unknown"),
        body=body,
    )


def read_sources(directory: Path) -> list[SourceDoc]:
    files = sorted(p for p in directory.iterdir() if p.suffix in SOURCE_SUFFIXES)
    return [parse_source(p.read_text(encoding="utf-8"), p.stem) for p in files]


def source_filename(doc: SourceDoc) -> str:
    return f"{doc.id}.txt"


def write_sources(docs: list[SourceDoc], directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for doc in docs:
        path = directory / source_filename(doc)
        path.write_text(render_source(doc), encoding="utf-8")
        paths.append(path)
    return paths
