"""Leaderboard reads: a group's window from study_days, the global all-time board from streaks.

Neither query touches quiz_answers: study_days holds the per-day aggregates.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Integer, Select, and_, bindparam, case, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from bot.db.models import GroupMember, Learner, Streak, StudyDay
from bot.db.records import GlobalRow, WindowRow


def group_window_rows(session: Session, chat_id: int, start: date, end: date) -> list[WindowRow]:
    """Every active member of the group with their activity in [start, end] and streak state."""
    params = {"chat_id": chat_id, "start": start, "end": end}
    rows = session.connection().execute(_group_window_statement(), params)
    return [WindowRow(*row) for row in rows]  # columns in WindowRow's field order


@cache
def _group_window_statement() -> Select[*tuple[Any, ...]]:
    """Built once: constructing the statement costs more than SQLite takes to run it.

    Members come from the group_members primary key, their days from the study_days primary
    key range, their streak from the streaks primary key.
    """
    chat_id = bindparam("chat_id", type_=GroupMember.chat_id.type)
    window = _window_totals(
        GroupMember,
        GroupMember.learner_id == StudyDay.learner_id,
        GroupMember.chat_id == chat_id,
        GroupMember.active,
        StudyDay.day >= bindparam("start", type_=StudyDay.day.type),
        StudyDay.day <= bindparam("end", type_=StudyDay.day.type),
    )
    return (
        select(GroupMember.learner_id, *_row_columns(window))
        .join(Learner, Learner.id == GroupMember.learner_id)
        .outerjoin(window, window.c.learner_id == GroupMember.learner_id)
        .outerjoin(Streak, Streak.learner_id == GroupMember.learner_id)
        .where(GroupMember.chat_id == chat_id, GroupMember.active)
        .order_by(GroupMember.learner_id)
    )


def global_window_rows(
    session: Session, start: date | None, end: date, today: date, limit: int = 1000
) -> list[WindowRow]:
    """Opted-in learners with their activity in [start, end] (all time when start is None),
    the most promising first (live streak, then total); the caller ranks them exactly."""
    since = [StudyDay.day >= start] if start is not None else []
    window = _window_totals(
        Learner,
        Learner.id == StudyDay.learner_id,
        Learner.leaderboard_opt_in,
        StudyDay.day <= end,
        *since,
    )
    current = _effective_current(today)
    statement = (
        select(Learner.id.label("learner_id"), *_row_columns(window))
        .join(window, window.c.learner_id == Learner.id)
        .outerjoin(Streak, Streak.learner_id == Learner.id)
        .where(Learner.leaderboard_opt_in)
        .order_by(func.coalesce(current, 0).desc(), window.c.counted_days.desc(), Learner.id)
        .limit(limit)
    )
    return [WindowRow(**row._asdict()) for row in session.execute(statement)]


_TOTALS = ("counted_days", "active_days", "answers", "correct", "reflection_chars")


def _window_totals(joined: Any, on: ColumnElement[bool], *where: Any) -> Any:
    """Per learner, the sums of their study days that pass `where` (a subquery)."""
    return (
        select(
            StudyDay.learner_id,
            func.sum(case((StudyDay.counted, 1), else_=0)).label("counted_days"),
            func.count().label("active_days"),
            func.sum(StudyDay.answers).label("answers"),
            func.sum(StudyDay.correct).label("correct"),
            func.sum(StudyDay.reflection_chars).label("reflection_chars"),
        )
        .join(joined, on)
        .where(*where)
        .group_by(StudyDay.learner_id)
        .subquery()
    )


def _row_columns(window: Any) -> list[Any]:
    """WindowRow's columns after the learner id, in its field order."""
    return [
        Learner.display_name,
        Learner.leaderboard_name,
        *(func.coalesce(window.c[name], 0).label(name) for name in _TOTALS),
        func.coalesce(Streak.current, 0).label("current_streak"),
        func.coalesce(Streak.longest, 0).label("longest_streak"),
        func.coalesce(Streak.total, 0).label("total_days"),
        Streak.alive_through,
        Streak.reached_at,
    ]


def _effective_current(today: date) -> ColumnElement[int]:
    """A streak counts only while alive: ``alive_through`` is today or later."""
    return case((Streak.alive_through >= today, Streak.current), else_=0).cast(Integer)


def global_rows(session: Session, today: date, limit: int = 10, offset: int = 0) -> list[GlobalRow]:
    """Opted-in learners by (live current streak, total study days) descending, then by id."""
    current = _effective_current(today).label("current")
    statement = (
        select(
            Learner.id.label("learner_id"),
            func.coalesce(Learner.leaderboard_name, Learner.display_name).label("name"),
            current,
            Streak.longest,
            Streak.total,
            Streak.answers_total,
            Streak.correct_total,
            Streak.reached_at,
        )
        .join(Streak, Streak.learner_id == Learner.id)
        .where(Learner.leaderboard_opt_in)
        .order_by(current.desc(), Streak.total.desc(), Learner.id)
        .limit(limit)
        .offset(offset)
    )
    return [GlobalRow(**row._asdict()) for row in session.execute(statement)]


def global_position(session: Session, learner_id: int, today: date) -> int | None:
    """1-based place of the learner on the global board; None if not on it."""
    mine = session.execute(
        select(_effective_current(today), Streak.total)
        .join(Learner, Learner.id == Streak.learner_id)
        .where(Streak.learner_id == learner_id, Learner.leaderboard_opt_in)
    ).first()
    if mine is None:
        return None
    my_current, my_total = mine
    current = _effective_current(today)
    ahead = or_(
        current > my_current,
        and_(current == my_current, Streak.total > my_total),
        and_(current == my_current, Streak.total == my_total, Learner.id < learner_id),
    )
    statement = (
        select(func.count())
        .select_from(Streak)
        .join(Learner, Learner.id == Streak.learner_id)
        .where(Learner.leaderboard_opt_in, ahead)
    )
    return int(session.execute(statement).scalar_one()) + 1
