"""Top-level fixtures shared by every test package."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    """A fresh, empty SQLite database file for this test only (migrated by whoever uses it)."""
    yield f"sqlite:///{tmp_path / 'studybot-test.sqlite3'}"
