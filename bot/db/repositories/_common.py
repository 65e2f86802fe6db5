"""Helpers shared by the repositories."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any, TypeVar, cast

from sqlalchemy import CursorResult, Executable, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.db.errors import InvalidRecord
from bot.db.models import Base

R = TypeVar("R")


def dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def table_of(model: type[Base]) -> Table:
    """The Core table of a model (typed as a ``Table``, which it is)."""
    return cast(Table, model.__table__)


def affected(session: Session, statement: Executable, **options: Any) -> int:
    """Execute an UPDATE or DELETE and return how many rows it changed."""
    result = session.execute(statement, execution_options=options)
    return int(cast(CursorResult[Any], result).rowcount)


def upsert_insert(session: Session, model: type[Base]) -> Any:
    """A dialect INSERT offering ``on_conflict_do_nothing`` and ``on_conflict_do_update``."""
    if dialect(session) == "postgresql":
        return postgresql.insert(table_of(model))
    return sqlite.insert(table_of(model))


def to_record(cls: type[R], source: Any) -> R:
    """Build the frozen record ``cls`` from an ORM object or a row with the same field names."""
    mapping = source._mapping if hasattr(source, "_mapping") else None
    values = {
        f.name: (mapping[f.name] if mapping is not None else getattr(source, f.name))
        for f in dataclasses.fields(cls)  # type: ignore[arg-type]
    }
    return cls(**values)


def checked_changes(changes: dict[str, Any], allowed: Iterable[str]) -> dict[str, Any]:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise InvalidRecord(f"cannot change {', '.join(sorted(unknown))}")
    return changes


def inserted(session: Session, statement: Any, key: Any) -> bool:
    """Run an INSERT … ON CONFLICT DO NOTHING; True if it added the row.

    Uses RETURNING rather than rowcount: with an implicit RETURNING of the generated id,
    psycopg reports no row count.
    """
    return session.execute(statement.returning(key)).first() is not None
