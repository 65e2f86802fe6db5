"""A throw-away PostgreSQL database for tests, on the local server (127.0.0.1:5432, user postgres).

Tests that need PostgreSQL skip with a reason when no server answers, unless
``STUDYBOT_REQUIRE_POSTGRES=1`` (CI sets it): then they fail.

    with temporary_postgres_database() as url:   # postgresql+psycopg://postgres@…/studybot_test_…
        ...

or, in a conftest: ``pg_url = postgres_database_fixture(scope="session")``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import pytest
from psycopg import sql

SERVER_ENV = "STUDYBOT_TEST_POSTGRES"  # e.g. postgresql://postgres@127.0.0.1:5432
DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432"
REQUIRE_ENV = "STUDYBOT_REQUIRE_POSTGRES"


def server_url() -> str:
    return os.environ.get(SERVER_ENV, DEFAULT_SERVER).rstrip("/")


def postgres_required() -> bool:
    return os.environ.get(REQUIRE_ENV, "") not in ("", "0", "false", "no")


def unavailable_reason() -> str | None:
    """Why the server cannot be used, or None when it answers."""
    try:
        with psycopg.connect(f"{server_url()}/postgres", connect_timeout=3) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as error:
        return f"no PostgreSQL server at {server_url()} ({error.__class__.__name__}: {error})"
    return None


def require_postgres() -> None:
    """Skip the calling test when no server is reachable; fail instead when CI requires it."""
    reason = unavailable_reason()
    if reason is None:
        return
    if postgres_required():
        pytest.fail(f"{REQUIRE_ENV}=1 but {reason}")
    pytest.skip(reason)


@contextmanager
def temporary_postgres_database(prefix: str = "studybot_test") -> Iterator[str]:
    """Create a uniquely named database, yield its psycopg URL, drop it afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    _admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"{server_url().replace('postgresql://', 'postgresql+psycopg://', 1)}/{name}"
    finally:
        _admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _admin(statement: sql.Composed) -> None:
    with psycopg.connect(f"{server_url()}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def postgres_database_fixture(scope: Any = "function") -> Callable[..., Iterator[str]]:
    """A pytest fixture yielding the URL of a fresh database (skips/fails as above)."""

    @pytest.fixture(scope=scope)
    def _fixture() -> Iterator[str]:
        require_postgres()
        with temporary_postgres_database() as url:
            yield url

    return _fixture
