"""Who belongs to which group chat."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.db.models import GroupMember
from bot.db.repositories._common import affected, upsert_insert


def add_member(session: Session, chat_id: int, learner_id: int, now: datetime) -> None:
    """The learner is (again) a member; ``joined_at`` keeps the first join."""
    statement = upsert_insert(session, GroupMember).values(
        chat_id=chat_id, learner_id=learner_id, joined_at=now, active=True
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[GroupMember.chat_id, GroupMember.learner_id], set_={"active": True}
        )
    )


def remove_member(session: Session, chat_id: int, learner_id: int) -> bool:
    """The learner left the group; False if they were not an active member."""
    changed = affected(
        session,
        update(GroupMember)
        .where(
            GroupMember.chat_id == chat_id,
            GroupMember.learner_id == learner_id,
            GroupMember.active,
        )
        .values(active=False),
    )
    return changed > 0


def member_ids(session: Session, chat_id: int) -> list[int]:
    """Active members of the group, in id order."""
    statement = (
        select(GroupMember.learner_id)
        .where(GroupMember.chat_id == chat_id, GroupMember.active)
        .order_by(GroupMember.learner_id)
    )
    return list(session.scalars(statement))


def group_ids_of(session: Session, learner_id: int) -> list[int]:
    """Groups the learner is an active member of."""
    statement = (
        select(GroupMember.chat_id)
        .where(GroupMember.learner_id == learner_id, GroupMember.active)
        .order_by(GroupMember.chat_id)
    )
    return list(session.scalars(statement))
