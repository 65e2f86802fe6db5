"""Reading a document to import (.txt, .md, .docx, .pdf) into plain text, refusing bad files."""

from __future__ import annotations

import re
from pathlib import Path

SUFFIXES = (".txt", ".md", ".docx", ".pdf")
_MIN_CHINESE_SHARE = 0.3
_MIN_CHINESE_CHARS = 20
_MARKDOWN_MARKUP = re.compile(r"^\s{0,3}(?:#{1,6}\s*|>\s*|[-*+]\s+)|\*\*|__", re.MULTILINE)


class ImportRefused(ValueError):
    """A document that cannot be imported; the message is one line, fit for the terminal."""


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data:
        raise ImportRefused(f"{name}: binary file, not text")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportRefused(f"{name}: not UTF-8 or GB18030 text")


def _docx_text(path: Path) -> str:
    import docx  # python-docx, only needed for imports

    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises several unrelated types for broken files
        raise ImportRefused(f"{path.name}: unreadable .docx ({type(error).__name__})") from error
    return "\n".join(p.text for p in document.paragraphs)


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError, OSError) as error:
        raise ImportRefused(f"{path.name}: unreadable .pdf ({type(error).__name__})") from error


def chinese_share(text: str) -> tuple[int, float]:
    letters = [c for c in text if not c.isspace()]
    chinese = sum(1 for c in letters if "\u4e00" <= c <= "\u9fff" or "\u2e80" <= c <= "\u2fdf")
    return chinese, (chinese / len(letters) if letters else 0.0)


def read_document(path: Path) -> str:
    """The document's text; ImportRefused when missing, empty, binary, unreadable or not Chinese."""
    if not path.is_file():
        raise ImportRefused(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportRefused(
            f"{path.name}: unsupported type {suffix or '(none)'}; use {', '.join(SUFFIXES)}"
        )
    if path.stat().st_size == 0:
        raise ImportRefused(f"{path.name}: empty file")
    if suffix == ".docx":
        text = _docx_text(path)
    elif suffix == ".pdf":
        text = _pdf_text(path)
    else:
        text = _decode(path.read_bytes(), path.name)
    if suffix == ".md":
        text = _MARKDOWN_MARKUP.sub("", text)
    if not text.strip():
        raise ImportRefused(f"{path.name}: no text in the document")
    chinese, share = chinese_share(text)
    if chinese < _MIN_CHINESE_CHARS or share < _MIN_CHINESE_SHARE:
        raise ImportRefused(f"{path.name}: not Chinese text ({share:.0%} Chinese characters)")
    return text
