from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.curation.build import BuildResult, build
from bot.curation.paths import ContentPaths

REPO_CONTENT = Path(__file__).resolve().parents[3] / "content"


def copy_inputs(target: Path) -> ContentPaths:
    """A private content/ with the repo's sources, dictionary and reference tables (no output)."""
    shutil.copytree(REPO_CONTENT / "sources", target / "sources")
    shutil.copytree(REPO_CONTENT / "reference", target / "reference")
    shutil.copy(REPO_CONTENT / "dictionary.txt", target / "dictionary.txt")
    return ContentPaths(target)


@pytest.fixture
def content(tmp_path: Path) -> ContentPaths:
    return copy_inputs(tmp_path / "content")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[ContentPaths, BuildResult]:
    paths = copy_inputs(tmp_path_factory.mktemp("built") / "content")
    return paths, build(paths)
