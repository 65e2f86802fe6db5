"""Leaderboard reads, reflections, and bad input that must change nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session, sessionmaker

from bot.db.errors import InvalidRecord
from bot.db.models import Reflection, StudyDay
from bot.db.records import StreakRecord
from bot.db.repositories import chats, leaderboard, learners, members, reflections, study
from bot.db.session import transaction
from tests.integration.db.helpers import GROUP, NOW, group, learner, private_chat

DAY = date(2026, 11, 24)


def _streak(learner_id: int, current: int, total: int, alive: date) -> StreakRecord:
    return StreakRecord(learner_id, current, current, total, 0, alive, alive, 0, 0, NOW, NOW)


def test_group_window_rows(session: Session) -> None:
    group(session, members=(1, 2, 3))
    group(session, -100555, members=(4,))
    members.remove_member(session, GROUP, 3)
    for offset in range(10):
        study.add_activity(session, 1, DAY - timedelta(days=offset), answers=3, correct=2)
        study.set_counted(session, 1, DAY - timedelta(days=offset), True, NOW)
    study.add_activity(session, 2, DAY, read=True, reflection_chars=50)
    study.add_activity(session, 3, DAY, answers=5, correct=5)
    study.add_activity(session, 4, DAY, answers=5, correct=5)
    study.save_streak(session, _streak(1, 10, 30, DAY))
    rows = leaderboard.group_window_rows(session, GROUP, DAY - timedelta(days=6), DAY)
    assert [r.learner_id for r in rows] == [1, 2]
    one, two = rows
    assert (one.counted_days, one.active_days, one.answers, one.correct) == (7, 7, 21, 14)
    assert (one.current_streak, one.total_days, one.alive_through) == (10, 30, DAY)
    assert (two.counted_days, two.active_days, two.reflection_chars) == (0, 1, 50)
    assert (two.current_streak, two.alive_through, two.display_name) == (0, None, "L2")
    assert leaderboard.group_window_rows(session, -1, DAY, DAY) == []


def test_global_rows_and_position(session: Session) -> None:
    for learner_id, current, total, alive in (
        (1, 5, 10, DAY),
        (2, 9, 9, DAY - timedelta(days=1)),  # lapsed: counts as 0
        (3, 5, 12, DAY + timedelta(days=1)),
        (4, 50, 50, DAY),  # not opted in
    ):
        learner(session, learner_id)
        study.save_streak(session, _streak(learner_id, current, total, alive))
        if learner_id != 4:
            learners.update_learner(session, learner_id, leaderboard_opt_in=True)
    learners.update_learner(session, 3, leaderboard_name="三号")
    rows = leaderboard.global_rows(session, DAY, limit=10)
    assert [(r.learner_id, r.current, r.total) for r in rows] == [(3, 5, 12), (1, 5, 10), (2, 0, 9)]
    assert rows[0].name == "三号" and rows[1].name == "L1"
    assert [r.learner_id for r in leaderboard.global_rows(session, DAY, 1, 1)] == [1]
    positions = [leaderboard.global_position(session, i, DAY) for i in (1, 2, 3, 4, 5)]
    assert positions == [2, 3, 1, None, None]


def test_global_window_rows(session: Session) -> None:
    for learner_id, days in ((1, 3), (2, 5), (3, 9)):
        learner(session, learner_id)
        for offset in range(days):
            study.add_activity(session, learner_id, DAY - timedelta(days=offset), answers=3)
            study.set_counted(session, learner_id, DAY - timedelta(days=offset), True, NOW)
        if learner_id != 3:
            learners.update_learner(session, learner_id, leaderboard_opt_in=True)
    study.save_streak(session, _streak(1, 3, 3, DAY))
    rows = leaderboard.global_window_rows(session, DAY - timedelta(days=3), DAY, DAY)
    assert [(r.learner_id, r.counted_days, r.current_streak) for r in rows] == [
        (1, 3, 3),
        (2, 4, 0),
    ]
    all_time = leaderboard.global_window_rows(session, None, DAY, DAY, limit=1)
    assert [(r.learner_id, r.counted_days) for r in all_time] == [(1, 3)]


def test_reflections(session: Session) -> None:
    private_chat(session, 1)
    learner(session, 2)
    first = reflections.add_reflection(
        session, learner_id=1, text="学而时习之", study_day=DAY, now=NOW, chat_id=1
    )
    reflections.add_reflection(
        session, learner_id=1, text="温故而知新", study_day=DAY, now=NOW + timedelta(hours=1)
    )
    reflections.add_reflection(session, learner_id=2, text="x" * 4000, study_day=DAY, now=NOW)
    assert [r.text for r in reflections.recent_reflections(session, 1, 5)] == [
        "温故而知新",
        "学而时习之",
    ]
    assert reflections.count_reflections(session, [1, 2, 3], NOW, NOW + timedelta(hours=1)) == {
        1: 1,
        2: 1,
    }
    assert reflections.count_reflections(session, [], NOW, NOW) == {}
    assert reflections.get_reflection(session, first.id) == first
    assert reflections.get_reflection(session, 10**9) is None
    assert reflections.set_shared(session, first.id)
    assert reflections.recent_reflections(session, 1, 5)[1].shared
    assert not reflections.set_shared(session, 10**9)


@pytest.mark.parametrize("text", ["", "x" * 4001, "x" * 100_000, "a\x00b", "lone \ud800 surrogate"])
def test_bad_reflection_changes_nothing(factory: sessionmaker[Session], text: str) -> None:
    with transaction(factory) as session:
        learner(session, 1)
        reflections.add_reflection(session, learner_id=1, text="ok", study_day=DAY, now=NOW)
    with pytest.raises(InvalidRecord), transaction(factory) as session:
        study.add_activity(session, 1, DAY, read=True, reflection_chars=len(text))
        reflections.add_reflection(session, learner_id=1, text=text, study_day=DAY, now=NOW)
    with factory() as session:
        assert [r.text for r in reflections.recent_reflections(session, 1, 10)] == ["ok"]
        assert study.study_days(session, 1) == []


def test_database_refuses_what_the_repository_would(factory: sessionmaker[Session]) -> None:
    """The CHECK constraints hold even for writes that bypass the repositories."""
    with transaction(factory) as session:
        learner(session, 1)
    bad_rows = [
        Reflection(learner_id=1, text="x" * 4001, created_at=NOW, study_day=DAY, shared=False),
        StudyDay(learner_id=1, day=DAY, read=False, answers=1, correct=2, reflection_chars=0),
    ]
    for row in bad_rows:
        with pytest.raises((IntegrityError, StatementError)), transaction(factory) as session:
            session.add(row)
    with pytest.raises(IntegrityError), transaction(factory) as session:
        chats.upsert_chat(session, chat_id=5, type="private", title=None, now=NOW)
        chats.update_chat(session, 5, push_minute=1440)
    with pytest.raises(IntegrityError), transaction(factory) as session:
        chats.upsert_chat(session, chat_id=6, type="channel", title=None, now=NOW)
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(Reflection)) == 0
        assert chats.get_chat(session, 5) is None and chats.get_chat(session, 6) is None


def test_naive_datetimes_are_refused(session: Session) -> None:
    with pytest.raises(StatementError, match="naive datetime"):
        chats.upsert_chat(
            session, chat_id=5, type="private", title=None, now=NOW.replace(tzinfo=None)
        )
