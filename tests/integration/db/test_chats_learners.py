"""Chats, learners, members, and erasing a learner."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.db.errors import InvalidRecord, RecordNotFound
from bot.db.models import Base
from bot.db.repositories import (
    chats,
    deliveries,
    learners,
    members,
    quiz,
    readings,
    reflections,
    study,
)
from bot.db.session import transaction
from tests.integration.db.helpers import GROUP, NOW, corpus, group, learner, private_chat

DAY = date(2026, 11, 24)


def test_upsert_chat_keeps_settings(session: Session) -> None:
    created = chats.upsert_chat(session, chat_id=5, type="private", title=None, now=NOW)
    assert (created.push_minute, created.subscribed, created.created_at) == (480, True, NOW)
    chats.update_chat(session, 5, push_minute=1200, timezone="Europe/Berlin")
    again = chats.upsert_chat(session, chat_id=5, type="private", title="x", now=NOW)
    assert (again.push_minute, again.timezone, again.title) == (1200, "Europe/Berlin", "x")
    assert chats.get_chat(session, 6) is None


def test_update_chat_rejects_unknown_fields_and_chats(session: Session) -> None:
    chats.upsert_chat(session, chat_id=5, type="private", title=None, now=NOW)
    with pytest.raises(InvalidRecord):
        chats.update_chat(session, 5, id=6)
    with pytest.raises(RecordNotFound):
        chats.update_chat(session, 99, paused=True)


def test_due_chats_and_blocking(session: Session) -> None:
    for chat_id, minutes, paused in ((1, -5, False), (2, -1, False), (3, 1, False), (4, -9, True)):
        chats.upsert_chat(session, chat_id=chat_id, type="private", title=None, now=NOW)
        chats.set_next_push_at(session, chat_id, NOW + timedelta(minutes=minutes))
        chats.update_chat(session, chat_id, paused=paused)
    assert [c.id for c in chats.due_chats(session, NOW, 10)] == [1, 2]
    assert [c.id for c in chats.due_chats(session, NOW, 1)] == [1]
    assert chats.mark_chat_blocked(session, 1)
    assert not chats.mark_chat_blocked(session, 77)
    assert [c.id for c in chats.due_chats(session, NOW, 10)] == [2]
    chats.set_next_push_at(session, 2, None)
    assert chats.due_chats(session, NOW, 10) == []


def test_migrate_chat_moves_every_row(session: Session) -> None:
    corpus(session)
    group(session, GROUP, members=(1, 2))
    chats.update_chat(session, GROUP, push_minute=600, timezone="Asia/Tokyo")
    chats.set_next_push_at(session, GROUP, NOW)
    readings.create_daily_reading(
        session, chat_id=GROUP, study_day=DAY, excerpt_id="ex-1", quotation_id=None, now=NOW
    )
    deliveries.enqueue(session, GROUP, DAY, "daily", NOW)
    quiz.record_poll(
        session,
        poll_id="p1",
        chat_id=GROUP,
        item_id="qz-1",
        correct_option=0,
        option_count=2,
        opened_at=NOW,
    )
    quiz.record_answer(
        session, learner_id=1, poll_id="p1", chosen_option=0, answered_at=NOW, study_day=DAY
    )
    # The supergroup was already seen, with member 2 and a reading of its own for DAY.
    group(session, -100999, members=(2,))
    readings.create_daily_reading(
        session, chat_id=-100999, study_day=DAY, excerpt_id="ex-2", quotation_id=None, now=NOW
    )
    moved = chats.migrate_chat(session, GROUP, -100999, NOW)
    assert moved["group_members"] == 1 and moved["quiz_answers"] == 1
    assert moved["daily_readings"] == 0 and moved["deliveries"] == 1
    new = chats.get_chat(session, -100999)
    assert new is not None
    assert (new.type, new.push_minute, new.timezone, new.next_push_at) == (
        "supergroup",
        600,
        "Asia/Tokyo",
        NOW,
    )
    old = chats.get_chat(session, GROUP)
    assert old is not None and old.migrated_to_chat_id == -100999 and not old.subscribed
    assert members.member_ids(session, -100999) == [1, 2]
    assert members.member_ids(session, GROUP) == []
    reading = readings.get_daily_reading(session, -100999, DAY)
    assert reading is not None and reading.excerpt_id == "ex-2"
    poll = quiz.get_poll(session, "p1")
    assert poll is not None and poll.chat_id == -100999
    assert chats.due_chats(session, NOW, 10)[0].id == -100999


def test_learner_upsert_update_and_get(session: Session) -> None:
    created = learners.upsert_learner(session, learner_id=7, display_name="甲", now=NOW)
    assert created.language == "zh" and not created.leaderboard_opt_in
    learners.update_learner(session, 7, leaderboard_opt_in=True, timezone="Asia/Tokyo")
    again = learners.upsert_learner(session, learner_id=7, display_name="乙", username="b", now=NOW)
    assert (again.display_name, again.username, again.timezone) == ("乙", "b", "Asia/Tokyo")
    assert again.leaderboard_opt_in
    with pytest.raises(RecordNotFound):
        learners.update_learner(session, 8, language="en")


def test_members(session: Session) -> None:
    group(session, members=(3, 1, 2))
    assert members.member_ids(session, GROUP) == [1, 2, 3]
    assert members.remove_member(session, GROUP, 2)
    assert not members.remove_member(session, GROUP, 2)
    assert members.member_ids(session, GROUP) == [1, 3]
    members.add_member(session, GROUP, 2, NOW)
    assert members.member_ids(session, GROUP) == [1, 2, 3]
    assert members.group_ids_of(session, 2) == [GROUP]


def test_erase_learner_removes_every_record(factory: sessionmaker[Session]) -> None:
    with transaction(factory) as session:
        corpus(session)
        private_chat(session, 1)
        learner(session, 2)
        group(session, members=(1, 2))
        deliveries.enqueue(session, 1, DAY, "daily", NOW)
        readings.create_daily_reading(
            session, chat_id=1, study_day=DAY, excerpt_id="ex-1", quotation_id=None, now=NOW
        )
        quiz.create_session(
            session,
            chat_id=1,
            learner_id=1,
            kind="private",
            item_ids=["qz-1"],
            study_day=DAY,
            now=NOW,
        )
        for poll_id, chat_id in (("p1", 1), ("p2", GROUP)):
            quiz.record_poll(
                session,
                poll_id=poll_id,
                chat_id=chat_id,
                item_id="qz-1",
                correct_option=1,
                option_count=2,
                opened_at=NOW,
            )
        for learner_id in (1, 2):
            quiz.record_answer(
                session,
                learner_id=learner_id,
                poll_id="p2",
                chosen_option=1,
                answered_at=NOW,
                study_day=DAY,
            )
            study.add_activity(session, learner_id, DAY, answers=1, correct=1)
            reflections.add_reflection(
                session, learner_id=learner_id, text="心得", study_day=DAY, now=NOW, chat_id=GROUP
            )
        quiz.record_answer(
            session, learner_id=1, poll_id="p1", chosen_option=0, answered_at=NOW, study_day=DAY
        )
        study.add_excused_days(session, 1, [DAY])
    with transaction(factory) as session:
        report = learners.erase_learner(session, 1)
    assert report["learners"] == 1 and report["chats"] == 1
    assert report["quiz_answers"] == 2 and report["study_days"] == 1
    assert report["deliveries"] == 1 and report["daily_readings"] == 1
    with factory() as session:
        assert learners.get_learner(session, 1) is None
        assert learners.get_learner(session, 2) is not None
        assert members.member_ids(session, GROUP) == [2]
        for table in Base.metadata.sorted_tables:
            for column in ("learner_id", "created_by"):
                if column in table.c:
                    count = session.scalar(
                        select(func.count()).select_from(table).where(table.c[column] == 1)
                    )
                    assert count == 0, table.name
            if "chat_id" in table.c:
                count = session.scalar(
                    select(func.count()).select_from(table).where(table.c.chat_id == 1)
                )
                assert count == 0, table.name


def test_learner_with_chat_in_one_lookup(session: Session) -> None:
    assert learners.get_learner_with_chat(session, 7) == (None, None)
    learners.upsert_learner(session, learner_id=7, display_name="甲", now=NOW)
    assert learners.get_learner_with_chat(session, 7) == (learners.get_learner(session, 7), None)
    chats.upsert_chat(session, chat_id=7, type="private", title="甲", now=NOW)
    chats.update_chat(session, 7, push_minute=1200)
    learner, chat = learners.get_learner_with_chat(session, 7)
    assert learner == learners.get_learner(session, 7)
    assert chat == chats.get_chat(session, 7)
    assert chat is not None and chat.push_minute == 1200


def test_create_chat_if_absent_never_overwrites(session: Session) -> None:
    settings = {
        "type": "private",
        "title": "甲",
        "now": NOW,
        "language": "en",
        "timezone": "Europe/Berlin",
        "push_minute": 420,
        "quiz_length": 5,
        "next_push_at": NOW + timedelta(hours=1),
    }
    created = chats.create_chat_if_absent(session, chat_id=8, **settings)
    assert created == chats.get_chat(session, 8)
    assert created is not None and (created.language, created.push_minute) == ("en", 420)
    assert chats.create_chat_if_absent(session, chat_id=8, **{**settings, "title": "乙"}) is None
    assert chats.get_chat(session, 8) == created
