"""Engine settings, the default URL and the ``studybot db`` commands."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from bot.db.cli import db_app
from bot.db.session import default_database_url, make_engine, make_session_factory, transaction


def test_default_url_is_a_per_user_sqlite_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    url = default_database_url()
    assert url.startswith("sqlite:///") and url.endswith("studybot.sqlite3")
    assert "studybot" in Path(url.removeprefix("sqlite:///")).parent.as_posix()


def test_database_url_overrides_and_is_normalised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://u@h:5432/db")
    assert default_database_url() == "postgresql+psycopg://u@h:5432/db"


def test_sqlite_engine_pragmas(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'sub' / 'x.sqlite3'}")
    with engine.connect() as connection:
        pragma = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "busy_timeout", "foreign_keys", "synchronous")
        }
    engine.dispose()
    assert pragma == {
        "journal_mode": "wal",
        "busy_timeout": 10_000,
        "foreign_keys": 1,
        "synchronous": 1,
    }


def test_two_sqlite_writers_wait_instead_of_failing(tmp_path: Path) -> None:
    """The bot and a CLI command share the file: a second writer waits for the first."""
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    bot, cli = make_engine(url), make_engine(url)
    with bot.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (n INTEGER)")
    started = threading.Event()

    def slow_writer() -> None:
        with transaction(make_session_factory(bot)) as session:
            session.execute(text("INSERT INTO t VALUES (1)"))
            started.set()
            threading.Event().wait(0.5)

    thread = threading.Thread(target=slow_writer)
    thread.start()
    started.wait()
    with transaction(make_session_factory(cli)) as session:  # blocks until the first commits
        session.execute(text("UPDATE t SET n = n + 1"))
    thread.join()
    with cli.connect() as connection:
        assert connection.exec_driver_sql("SELECT n FROM t").scalar() == 2
    bot.dispose()
    cli.dispose()


def test_cli_upgrade_and_current(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    runner = CliRunner()
    before = runner.invoke(db_app, ["current"])
    assert before.exit_code == 0 and "none (empty)" in before.output
    result = runner.invoke(db_app, ["upgrade"])
    assert result.exit_code == 0, result.output
    assert "cli.sqlite3" in result.output and "(head)" in result.output
    after = runner.invoke(db_app, ["current"])
    assert after.exit_code == 0 and "(head)" in after.output and "none" not in after.output
