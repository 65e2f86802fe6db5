"""The bot's loader: fast, validating, and free of jieba."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from bot.corpus.loader import CorpusError, default_content_dir, load_corpus
from bot.curation.paths import ContentPaths

REPO = Path(__file__).resolve().parents[3]


def test_repo_corpus_loads_quickly() -> None:
    started = time.perf_counter()
    corpus = load_corpus(default_content_dir())
    assert time.perf_counter() - started < 1.0
    assert corpus.excerpts and corpus.quiz_items and corpus.quotations


def test_content_dir_can_be_overridden(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("STUDYBOT_CONTENT_DIR", str(tmp_path))
    assert default_content_dir() == tmp_path
    monkeypatch.delenv("STUDYBOT_CONTENT_DIR")
    assert default_content_dir() == REPO / "content"


@pytest.mark.parametrize(
    ("file", "content", "message"),
    [
        ("quiz.yaml", "- id: qz-1\n  kind: riddle\n", "unknown quiz kind"),
        ("quiz.yaml", "{not: [valid", "not valid YAML"),
        ("excerpts.yaml", "just a string\n", "expected a list"),
        ("excerpts.yaml", "- id: ex-1\n  article_id: a01\n", "'text' must be a non-empty string"),
    ],
)
def test_malformed_files_raise_a_clear_error(
    built: tuple[ContentPaths, object], tmp_path: Path, file: str, content: str, message: str
) -> None:
    import shutil

    root = tmp_path / "content"
    shutil.copytree(built[0].curated, root / "curated")
    (root / "curated" / file).write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        load_corpus(root)


def test_bad_correct_index_and_unknown_article(
    built: tuple[ContentPaths, object], tmp_path: Path
) -> None:
    import shutil

    root = tmp_path / "content"
    shutil.copytree(built[0].curated, root / "curated")
    path = root / "curated" / "quiz.yaml"
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    items[0]["correct_index"] = 9
    path.write_text(yaml.dump(items, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CorpusError, match="correct_index"):
        load_corpus(root)
    items[0]["correct_index"] = 0
    items[0]["article_id"] = "a77"
    path.write_text(yaml.dump(items, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CorpusError, match="unknown article 'a77'"):
        load_corpus(root)


def test_missing_curated_file(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="missing"):
        load_corpus(tmp_path)


def test_loading_the_corpus_never_imports_jieba() -> None:
    code = (
        "import sys\n"
        "from bot.corpus.loader import load_corpus, default_content_dir\n"
        "import bot.curation.cli\n"
        "corpus = load_corpus(default_content_dir())\n"
        "assert corpus.quiz_items\n"
        "print('jieba' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
