"""Helpers shared by the repositories."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar, cast

from sqlalchemy import CursorResult, Executable, Row, Select, Table, bindparam, select
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


# --- the hot path: statements built once -------------------------------------------------------
# Building a statement with its values inlined (``select(t).where(t.c.id == 5)``) costs more
# than running it on SQLite: every call constructs the expression and its cache key again.
# The statements below are built once per table and take their values as parameters, which
# makes a lookup by id about three times cheaper than ``Session.get``. Used where every update
# pays for it (who is writing, in which chat).


@functools.cache
def _select_by_id(table: Table) -> Select[Any]:
    return select(table).where(table.c.id == bindparam("id"))


def row_by_id(session: Session, model: type[Base], row_id: int) -> Row[Any] | None:
    return session.execute(_select_by_id(table_of(model)), {"id": row_id}).first()


@functools.cache
def _upsert_returning(dialect_name: str, table: Table, refreshed: tuple[str, ...]) -> Any:
    insert = postgresql.insert(table) if dialect_name == "postgresql" else sqlite.insert(table)
    if not refreshed:
        return insert.on_conflict_do_nothing(index_elements=[table.c.id]).returning(*table.c)
    return insert.on_conflict_do_update(
        index_elements=[table.c.id], set_={name: insert.excluded[name] for name in refreshed}
    ).returning(*table.c)


def insert_if_absent(
    session: Session, model: type[Base], values: Mapping[str, Any]
) -> Row[Any] | None:
    """Insert the row ``values`` unless its id exists; the new row, or None if it existed."""
    statement = _upsert_returning(dialect(session), table_of(model), ())
    return session.execute(statement, dict(values)).first()


def upsert_returning(
    session: Session, model: type[Base], values: Mapping[str, Any], refreshed: tuple[str, ...]
) -> Row[Any]:
    """Insert the row ``values``, or, if its id exists, set only the ``refreshed`` columns to
    the new values; returns the row as it now is (one statement)."""
    statement = _upsert_returning(dialect(session), table_of(model), refreshed)
    return session.execute(statement, dict(values)).one()


def record_of(cls: type[R], table: Table, values: Sequence[Any]) -> R:
    """The record ``cls`` from ``values`` in the order of ``table``'s columns (a slice of a
    joined row)."""
    return to_record(cls, dict(zip(table.c.keys(), values, strict=True)))


def to_record(cls: type[R], source: Any) -> R:
    """Build the frozen record ``cls`` from an ORM object or a row with the same field names."""
    mapping = source if isinstance(source, dict) else getattr(source, "_mapping", None)
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
