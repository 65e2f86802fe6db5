"""Reflections (读书心得)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.db.errors import InvalidRecord
from bot.db.models import REFLECTION_MAX_CHARS, Reflection
from bot.db.records import ReflectionRecord
from bot.db.repositories._common import affected, to_record


def add_reflection(
    session: Session,
    *,
    learner_id: int,
    text: str,
    study_day: date,
    now: datetime,
    chat_id: int | None = None,
) -> ReflectionRecord:
    """Store a reflection. The rules layer cleans the text; this refuses what cannot be stored
    (empty, over 4000 characters, NUL bytes, lone surrogates) before writing anything."""
    _check_text(text)
    reflection = Reflection(
        learner_id=learner_id,
        chat_id=chat_id,
        text=text,
        created_at=now,
        study_day=study_day,
        shared=False,
    )
    session.add(reflection)
    session.flush()
    return to_record(ReflectionRecord, reflection)


def get_reflection(session: Session, reflection_id: int) -> ReflectionRecord | None:
    reflection = session.get(Reflection, reflection_id)
    return to_record(ReflectionRecord, reflection) if reflection is not None else None


def recent_reflections(
    session: Session, learner_id: int, limit: int = 10
) -> list[ReflectionRecord]:
    """The learner's newest reflections first."""
    statement = (
        select(Reflection)
        .where(Reflection.learner_id == learner_id)
        .order_by(Reflection.created_at.desc(), Reflection.id.desc())
        .limit(limit)
    )
    return [to_record(ReflectionRecord, r) for r in session.scalars(statement)]


def count_reflections(
    session: Session, learner_ids: Iterable[int], since: datetime, until: datetime
) -> dict[int, int]:
    """Reflections per learner written in [since, until); learners with none are left out."""
    ids = list(learner_ids)
    if not ids:
        return {}
    statement = (
        select(Reflection.learner_id, func.count())
        .where(
            Reflection.learner_id.in_(ids),
            Reflection.created_at >= since,
            Reflection.created_at < until,
        )
        .group_by(Reflection.learner_id)
    )
    return {learner_id: int(count) for learner_id, count in session.execute(statement)}


def set_shared(session: Session, reflection_id: int, shared: bool = True) -> bool:
    changed = affected(
        session, update(Reflection).where(Reflection.id == reflection_id).values(shared=shared)
    )
    return changed > 0


def _check_text(text: str) -> None:
    if not text or len(text) > REFLECTION_MAX_CHARS:
        raise InvalidRecord(f"a reflection has 1 to {REFLECTION_MAX_CHARS} characters")
    if "\x00" in text:
        raise InvalidRecord("a reflection cannot contain NUL bytes")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise InvalidRecord("a reflection cannot contain lone surrogates") from error
