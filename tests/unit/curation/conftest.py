from __future__ import annotations

from pathlib import Path

import pytest

from bot.curation.classics import ClassicsTable, load_classics
from bot.curation.spinner import SpinnerTable, load_spinner_table

CONTENT = Path(__file__).resolve().parents[3] / "content"


@pytest.fixture(scope="session")
def spinner_table() -> SpinnerTable:
    return load_spinner_table(CONTENT / "reference" / "spinner.yaml")


@pytest.fixture(scope="session")
def classics() -> ClassicsTable:
    return load_classics(CONTENT / "reference" / "classics.yaml")
