"""Fresh migrated databases of either backend for integration tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory

from tests.support.postgres import require_postgres, temporary_postgres_database

BACKENDS = ("sqlite", "postgres")


@contextmanager
def empty_database(backend: str) -> Iterator[str]:
    """The URL of a new, empty database on ``backend`` ('sqlite' or 'postgres')."""
    if backend == "sqlite":
        with TemporaryDirectory(prefix="studybot-db-") as directory:
            yield f"sqlite:///{Path(directory) / 'test.sqlite3'}"
        return
    if backend != "postgres":
        raise ValueError(f"unknown backend {backend!r}")
    require_postgres()
    with temporary_postgres_database() as url:
        yield url
