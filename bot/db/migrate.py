"""Apply the Alembic migrations in the repository's top-level ``migrations/`` programmatically.

Alembic is imported only when a migration has to run: `studybot run` on an up-to-date database
checks the revision with one query (`ensure_schema`) and starts without it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from bot.db.session import default_database_url, make_engine, normalize_url

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
_ASSIGNMENT = re.compile(
    r"^(revision|down_revision)(?:\s*:\s*[^=]+)?\s*=\s*['\"]([^'\"]+)['\"]", re.M
)


def alembic_config(url: str | None = None) -> Config:
    """An Alembic ``Config`` for ``url`` without reading ``alembic.ini``."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    resolved = normalize_url(url or default_database_url())
    config.set_main_option("sqlalchemy.url", resolved.replace("%", "%%"))
    return config


def ensure_schema(url: str | None = None) -> bool:
    """Migrates the database to head if it is behind; True if a migration ran."""
    if stored_revision(url) == newest_revision():
        return False
    upgrade_to_head(url)
    return True


def upgrade_to_head(url: str | None = None) -> str | None:
    """Bring the database at ``url`` to the newest revision; returns that revision."""
    from alembic import command

    command.upgrade(alembic_config(url), "head")
    return current_revision(url)


def upgrade_to(url: str | None, revision: str) -> None:
    from alembic import command

    command.upgrade(alembic_config(url), revision)


def downgrade_to(url: str | None, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(url), revision)


def head_revisions() -> tuple[str, ...]:
    from alembic.script import ScriptDirectory

    return tuple(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())


def newest_revision() -> str | None:
    """The head of the (linear) revision files, read without importing Alembic."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        found = dict(_ASSIGNMENT.findall(path.read_text(encoding="utf-8")))
        if "revision" in found:
            revisions.add(found["revision"])
            parents.add(found.get("down_revision"))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def stored_revision(url: str | None = None) -> str | None:
    """The revision recorded in the database (None: empty database or no version table)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:
        return None
    finally:
        engine.dispose()


def current_revision(url: str | None = None) -> str | None:
    """The revision the database is at (None for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
