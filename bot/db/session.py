"""Engine and session factory: SQLite (embedded default) or PostgreSQL through ``DATABASE_URL``.

Nothing is created at import time; the application builds one engine at start-up.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import platformdirs
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 10_000
T = TypeVar("T")


def default_sqlite_path() -> Path:
    """The embedded database file under the per-user data directory."""
    return Path(platformdirs.user_data_dir("studybot")) / "studybot.sqlite3"


def default_database_url() -> str:
    """``DATABASE_URL`` if set, else the SQLite file under the per-user data directory."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return normalize_url(url)
    return f"sqlite:///{default_sqlite_path()}"


def normalize_url(url: str) -> str:
    """Let ``postgres://`` and ``postgresql://`` URLs use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(url: str | None = None, *, sqlite_foreign_keys: bool = True) -> Engine:
    """An engine for ``url`` (default: :func:`default_database_url`).

    SQLite: WAL journal, a busy timeout and ``synchronous=NORMAL`` so that the bot and a CLI
    command can share the file; foreign keys enforced; every transaction starts with
    ``BEGIN IMMEDIATE`` so that writers queue on the busy timeout instead of failing when a
    read turns into a write. PostgreSQL: psycopg 3, without ``pool_pre_ping``: a ping is one
    more round trip on every transaction (a tenth of the updates per second), and a
    connection the server dropped is caught anyway: SQLAlchemy discards the pool on the
    disconnect error and ``retry_transient`` runs the unit of work again.
    """
    url = normalize_url(url or default_database_url())
    if not is_sqlite(url):
        return create_engine(url)
    _ensure_sqlite_directory(url)
    engine = create_engine(url)
    _configure_sqlite(engine, foreign_keys=sqlite_foreign_keys)
    return engine


def _ensure_sqlite_directory(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _configure_sqlite(engine: Engine, *, foreign_keys: bool) -> None:
    memory = make_url(engine.url).database in (None, "", ":memory:")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (below)
        cursor = dbapi_connection.cursor()
        if not memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose loaded objects stay readable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commits on success, rolls everything back on any exception."""
    with factory.begin() as session:
        yield session


# ------------------------------------------------------------------ transient database errors

TRANSIENT_MARKERS = (
    "database is locked",
    "database table is locked",
    "disk i/o error",
    "server closed the connection",
    "connection refused",
    "connection is closed",
    "terminating connection",
    "the database system is starting up",
    "the database system is shutting down",
    "not currently accepting connections",
    "could not connect",
    "connection failed",
    "consuming input failed",
    "connection timeout",
    "the connection is lost",
)


def is_transient(error: BaseException) -> bool:
    """True for an error that a later attempt of the same transaction can get past:
    the database restarting, refusing connections for a while, a dropped connection,
    or SQLite's file being locked by another process for longer than the busy timeout.

    Constraint violations, programming errors and data errors are never transient.
    """
    from sqlalchemy.exc import DBAPIError, OperationalError

    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if not isinstance(error, OperationalError):
        return False
    if "sqlite" not in type(error.orig).__module__:
        return True  # psycopg: connection trouble, deadlock, serialization failure, cancel
    text = str(error).lower()  # sqlite3 also says OperationalError for "no such table"
    return any(marker in text for marker in TRANSIENT_MARKERS)


RETRY_SECONDS = 60.0  # how long a unit of work keeps trying while the database is away


def retry_delays(first: float = 0.1, cap: float = 2.0) -> Iterator[float]:
    """0.1, 0.2, 0.4 … seconds, at most ``cap``: short at first, so a blip costs little."""
    delay = first
    while True:
        yield delay
        delay = min(cap, delay * 2)


async def retry_transient(
    fn: Callable[..., T],
    *args: Any,
    what: str = "database work",
    budget: float = RETRY_SECONDS,
) -> T:
    """Run the synchronous, database-bound ``fn(*args)`` in a thread; while it fails with a
    transient database error, wait (backoff up to 2 s) and run it again, for at most ``budget``
    seconds, then let the last error through.

    Each attempt is a whole unit of work (its transaction was rolled back), so running it
    again is safe. This is the one place the bot waits out a database outage: handlers
    (``bot.handlers.common.call``), the push planner and the sender use it.
    """
    import asyncio
    import logging
    import time

    log = logging.getLogger(__name__)
    deadline = time.monotonic() + budget
    delays = retry_delays()
    attempt = 0
    while True:
        attempt += 1
        try:
            return await asyncio.to_thread(fn, *args)
        except Exception as error:
            if not is_transient(error) or time.monotonic() >= deadline:
                raise
            delay = next(delays)
            log.warning(
                "%s: database unavailable (attempt %d, %s), retrying in %.1fs",
                what,
                attempt,
                str(error).splitlines()[0][:200],
                delay,
            )
            await asyncio.sleep(delay)


def run_with_retry(fn: Callable[..., T], *args: Any, what: str, budget: float = RETRY_SECONDS) -> T:
    """The blocking twin of :func:`retry_transient`, for code already on a worker thread."""
    import logging
    import time

    deadline = time.monotonic() + budget
    delays = retry_delays()
    while True:
        try:
            return fn(*args)
        except Exception as error:
            if not is_transient(error) or time.monotonic() >= deadline:
                raise
            delay = next(delays)
            logging.getLogger(__name__).warning(
                "%s: database unavailable (%s), retrying in %.1fs",
                what,
                str(error).splitlines()[0][:200],
                delay,
            )
            time.sleep(delay)
