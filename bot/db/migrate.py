"""Apply the Alembic migrations in the repository's top-level ``migrations/`` programmatically."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from bot.db.session import default_database_url, make_engine, normalize_url

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def alembic_config(url: str | None = None) -> Config:
    """An Alembic ``Config`` for ``url`` without reading ``alembic.ini``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    resolved = normalize_url(url or default_database_url())
    config.set_main_option("sqlalchemy.url", resolved.replace("%", "%%"))
    return config


def upgrade_to_head(url: str | None = None) -> str | None:
    """Bring the database at ``url`` to the newest revision; returns that revision."""
    command.upgrade(alembic_config(url), "head")
    return current_revision(url)


def upgrade_to(url: str | None, revision: str) -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade_to(url: str | None, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)


def head_revisions() -> tuple[str, ...]:
    return tuple(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())


def current_revision(url: str | None = None) -> str | None:
    """The revision the database is at (None for an empty database)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
