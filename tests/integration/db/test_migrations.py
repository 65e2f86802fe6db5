"""Migrations: empty → head matches the models, every revision round-trips, one head only."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from bot.db.migrate import (
    alembic_config,
    current_revision,
    downgrade_to,
    head_revisions,
    upgrade_to,
    upgrade_to_head,
)
from bot.db.models import Base
from bot.db.session import make_engine


def _diff(url: str) -> list[object]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_single_head() -> None:
    assert len(head_revisions()) == 1


def test_empty_to_head_matches_models(empty_url: str) -> None:
    assert current_revision(empty_url) is None
    head = upgrade_to_head(empty_url)
    assert head == head_revisions()[0]
    assert _tables(empty_url) == set(Base.metadata.tables)
    assert _diff(empty_url) == []


def test_upgrade_is_idempotent(empty_url: str) -> None:
    first = upgrade_to_head(empty_url)
    assert upgrade_to_head(empty_url) == first


def test_every_revision_upgrades_downgrades_and_upgrades_again(empty_url: str) -> None:
    script = ScriptDirectory.from_config(alembic_config(empty_url))
    revisions = list(reversed(list(script.walk_revisions())))  # oldest first
    assert revisions, "no migrations found"
    for revision in revisions:
        below = revision.down_revision or "base"
        upgrade_to(empty_url, revision.revision)
        tables_at_revision = _tables(empty_url)
        downgrade_to(empty_url, below if isinstance(below, str) else below[0])
        upgrade_to(empty_url, revision.revision)
        assert current_revision(empty_url) == revision.revision
        assert _tables(empty_url) == tables_at_revision
    downgrade_to(empty_url, "base")
    assert _tables(empty_url) == set()
    upgrade_to_head(empty_url)
    assert _diff(empty_url) == []
