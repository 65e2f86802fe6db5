"""`studybot content import`: good documents join the corpus; bad ones change nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.corpus.loader import load_corpus
from bot.curation.build import build
from bot.curation.cli import content_app
from bot.curation.paths import ContentPaths

NEW_ARTICLE = """如何做一名合格的组工干部

如何做一名合格的组工干部组工干部要把学习作为终身任务,坚持学以致用,不断提高政治素养和业务能力。
组工干部要坚持公道正派,在选人用人上做到出于公心,不搞亲亲疏疏,让干部群众信得过。
要严守纪律,廉洁自律,自觉抵制各种诱惑,始终保持清正廉洁的政治本色。
要热情服务党员、干部和人才,把组织部门建成党员之家、干部之家和人才之家。
"""


def _snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _import(content: ContentPaths, *files: Path):  # type: ignore[no-untyped-def]
    args = ["import", *map(str, files), "--content-dir", str(content.root)]
    return CliRunner().invoke(content_app, args)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty file"),
        ("binary.txt", bytes(range(256)) * 4, "binary"),
        (
            "english.md",
            b"# Notes\n\nNothing Chinese in here at all, just English prose.\n" * 3,
            "not Chinese",
        ),
        ("broken.pdf", b"%PDF-1.7 garbage", "unreadable .pdf"),
        ("broken.docx", b"not a zip at all", "unreadable .docx"),
    ],
)
def test_bad_file_is_refused_and_nothing_changes(
    content: ContentPaths, tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    build(content)
    before = _snapshot(content.root)
    bad = tmp_path / name
    bad.write_bytes(data)
    result = _import(content, bad)
    assert result.exit_code == 1
    assert message in result.output
    assert result.output.strip().count("\n") == 0  # one line
    assert _snapshot(content.root) == before


def test_document_that_yields_nothing_is_refused(content: ContentPaths, tmp_path: Path) -> None:
    build(content)
    before = _snapshot(content.root)
    copy = tmp_path / "again.txt"
    copy.write_text((content.sources / "a03.txt").read_text(encoding="utf-8").split("---\n", 2)[2])
    result = _import(content, copy)
    assert result.exit_code == 1
    assert "yields no study material" in result.output
    assert _snapshot(content.root) == before


def test_one_bad_file_among_good_ones_changes_nothing(
    content: ContentPaths, tmp_path: Path
) -> None:
    build(content)
    before = _snapshot(content.root)
    good = tmp_path / "good.txt"
    good.write_text(NEW_ARTICLE, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    assert _import(content, good, bad).exit_code == 1
    assert _snapshot(content.root) == before


def test_docx_article_is_imported(content: ContentPaths, tmp_path: Path) -> None:
    import docx

    build(content)
    document = docx.Document()
    for line in NEW_ARTICLE.splitlines():
        document.add_paragraph(line)
    path = tmp_path / "new.docx"
    document.save(path)
    result = _import(content, path)
    assert result.exit_code == 0, result.output
    assert (content.sources / "a12.txt").exists()
    corpus = load_corpus(content.root)
    assert corpus.articles["a12"].title == "如何做一名合格的组工干部"
    new = [e for e in corpus.excerpts if e.article_id == "a12"]
    assert new and all("如何做一名合格的组工干部如何" not in e.text for e in new)


def test_markdown_article_is_imported_without_its_markup(
    content: ContentPaths, tmp_path: Path
) -> None:
    build(content)
    lines = NEW_ARTICLE.splitlines()
    markdown = "\n".join(
        [f"# {lines[0]}", "", *[f"**{line}**" if line else line for line in lines[2:]]]
    )
    path = tmp_path / "new.md"
    path.write_text(markdown, encoding="utf-8")
    result = _import(content, path)
    assert result.exit_code == 0, result.output
    corpus = load_corpus(content.root)
    assert corpus.articles["a12"].title == "如何做一名合格的组工干部"
    assert all("*" not in e.text for e in corpus.excerpts if e.article_id == "a12")
