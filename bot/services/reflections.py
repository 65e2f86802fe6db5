"""Reading reflections (读书心得): saved, counted toward the study day, shared on request."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.text import REFLECTION_MAX_CHARS, REFLECTION_MIN_CHARS, clean_user_text
from bot.db.records import ChatRecord, ReflectionRecord
from bot.db.repositories import chats, learners, members, reflections
from bot.services.context import ServiceContext
from bot.services.progress import DayStatus, learner_today, record_activity


@dataclass(frozen=True, slots=True)
class Saved:
    reflection: ReflectionRecord
    status: DayStatus
    groups: tuple[ChatRecord, ...]  # where the author may share it


@dataclass(frozen=True, slots=True)
class SharedReflection:
    author_name: str
    text: str
    chat_id: int


def save(ctx: ServiceContext, learner_id: int, chat_id: int, text: str) -> Saved:
    cleaned = clean_user_text(text, min_chars=REFLECTION_MIN_CHARS, max_chars=REFLECTION_MAX_CHARS)
    now = ctx.clock.now()
    with ctx.transaction() as session:
        day = learner_today(session, learner_id, now, ctx.defaults.timezone)
        record = reflections.add_reflection(
            session, learner_id=learner_id, chat_id=chat_id, text=cleaned, now=now, study_day=day
        )
        status = record_activity(ctx, session, learner_id, reflection_chars=len(cleaned))
        groups = tuple(
            chat
            for chat_id_ in members.group_ids_of(session, learner_id)
            if (chat := chats.get_chat(session, chat_id_)) is not None
        )
        return Saved(record, status, groups)


def recent(ctx: ServiceContext, learner_id: int, limit: int = 5) -> list[ReflectionRecord]:
    with ctx.transaction() as session:
        return reflections.recent_reflections(session, learner_id, limit)


def share(
    ctx: ServiceContext, learner_id: int, reflection_id: int, group_id: int
) -> SharedReflection | None:
    """Only the author may share, only to a group they belong to, and only once."""
    with ctx.transaction() as session:
        record = reflections.get_reflection(session, reflection_id)
        if record is None or record.learner_id != learner_id or record.shared:
            return None
        if learner_id not in members.member_ids(session, group_id):
            return None
        learner = learners.get_learner(session, learner_id)
        reflections.set_shared(session, reflection_id, True)
        name = learner.display_name if learner else str(learner_id)
        return SharedReflection(author_name=name, text=record.text, chat_id=group_id)
