"""Fixtures for the database tests: every repository test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete
from sqlalchemy.orm import Session, sessionmaker

# Make the shared helpers in tests/support importable however pytest was started.
_ROOT = str(Path(__file__).resolve().parents[3])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from bot.db.migrate import upgrade_to_head  # noqa: E402
from bot.db.models import Base  # noqa: E402
from bot.db.session import make_engine, make_session_factory  # noqa: E402
from tests.support.databases import empty_database  # noqa: E402

BACKEND_PARAMS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(scope="session", params=BACKEND_PARAMS)
def migrated_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """One database per backend for the whole session, migrated to head."""
    with empty_database(request.param) as url:
        upgrade_to_head(url)
        yield url


@pytest.fixture(scope="session")
def engine(migrated_url: str) -> Iterator[Engine]:
    engine = make_engine(migrated_url)
    yield engine
    engine.dispose()


@pytest.fixture
def factory(engine: Engine) -> Iterator[sessionmaker[Session]]:
    """A session factory on a migrated database that every test leaves empty."""
    yield make_session_factory(engine)
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(delete(table))


@pytest.fixture
def session(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose work the test commits itself (or not)."""
    with factory() as session:
        yield session


@pytest.fixture(params=BACKEND_PARAMS)
def empty_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A new empty database on each backend."""
    with empty_database(request.param) as url:
        yield url
