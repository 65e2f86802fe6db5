"""`studybot run` checks the schema revision without Alembic and migrates only when behind."""

from __future__ import annotations

import subprocess
import sys

from bot.db import migrate


def test_newest_revision_read_from_the_files_is_alembics_head() -> None:
    assert (migrate.newest_revision(),) == migrate.head_revisions()


def test_ensure_schema_migrates_an_empty_database_once(tmp_path) -> None:
    url = f"sqlite:///{tmp_path}/fresh.sqlite3"
    assert migrate.stored_revision(url) is None
    assert migrate.ensure_schema(url) is True
    assert migrate.stored_revision(url) == migrate.newest_revision()
    assert migrate.ensure_schema(url) is False


def test_checking_an_up_to_date_schema_does_not_import_alembic(tmp_path) -> None:
    url = f"sqlite:///{tmp_path}/ready.sqlite3"
    migrate.upgrade_to_head(url)
    code = (
        "import sys; from bot.db.migrate import ensure_schema; "
        f"assert ensure_schema({url!r}) is False; "
        "print('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
