"""Reading documents to import, and refusing bad ones with a one-line reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.curation.documents import ImportRefused, read_document

CHINESE = "组工干部要始终坚持公道正派，争当勤政为民的表率。公道正派是我们党的优良传统。"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"  \n\n ", "no text"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        (
            "english.txt",
            b"This is an English document about nothing in particular." * 5,
            "not Chinese",
        ),
        ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "unreadable .pdf"),
        ("broken.docx", b"PK\x03\x04 not a real zip", "unreadable .docx"),
        ("notes.rtf", CHINESE.encode(), "unsupported type"),
    ],
)
def test_bad_documents_are_refused(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportRefused) as error:
        read_document(path)
    message = str(error.value)
    assert reason in message
    assert "\n" not in message


def test_text_docx_and_gb18030_are_read(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph(CHINESE)
    document.save(tmp_path / "a.docx")
    (tmp_path / "b.txt").write_bytes(CHINESE.encode("gb18030"))
    assert CHINESE in read_document(tmp_path / "a.docx")
    assert read_document(tmp_path / "b.txt") == CHINESE


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportRefused, match="no such file"):
        read_document(tmp_path / "nope.txt")
