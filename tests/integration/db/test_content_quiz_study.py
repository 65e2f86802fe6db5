"""Content sync, daily readings, quizzes, study days, streaks, review cards, study-day runs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

from bot.db.errors import InvalidRecord, RecordNotFound
from bot.db.records import ContentRow, ReviewCardRecord, StreakRecord
from bot.db.repositories import content, quiz, readings, review, study, studydays
from tests.integration.db.helpers import GROUP, NOW, corpus, group, learner, private_chat

DAY = date(2026, 11, 24)


def test_sync_content_upserts_and_retires(session: Session) -> None:
    corpus(session)
    assert content.active_item_ids(session, "excerpt") == ["ex-1", "ex-2"]
    assert content.active_item_ids(session, "quiz", tag="学习") == ["qz-1"]
    rows = [
        ContentRow("ex-1", "excerpt", "a01", {"text": "公生明"}, ("公道正派",)),  # unchanged
        ContentRow("ex-2", "excerpt", "a01", {"text": "廉生威。"}, ("廉洁",)),  # updated
        ContentRow("q-1", "quotation", "a02", {"text": "学而时习之"}, ("学习",)),
        ContentRow("qz-1", "quiz", "a02", {"question": "?", "options": ["a", "b"]}, ("学习",)),
        ContentRow("qz-3", "quiz", "a03", {"question": "new", "options": ["x", "y"]}),  # added
    ]
    report = content.sync_content(session, rows, NOW + timedelta(days=1))
    assert (report.added, report.updated, report.retired, report.unchanged) == (1, 1, 1, 3)
    assert content.active_item_ids(session, "quiz") == ["qz-1", "qz-3"]
    retired = content.get_item(session, "qz-2")
    assert retired is not None and retired.retired  # history can still reference it
    updated = content.get_item(session, "ex-2")
    assert updated is not None
    assert (updated.payload, updated.tags) == ({"text": "廉生威。"}, ("廉洁",))
    again = content.sync_content(session, rows, NOW + timedelta(days=2))
    assert (again.added, again.updated, again.retired, again.unchanged) == (0, 0, 0, 5)
    assert content.get_item(session, "nope") is None


def test_sync_content_rejects_bad_rows(session: Session) -> None:
    with pytest.raises(InvalidRecord):
        content.sync_content(session, [ContentRow("x", "poem", "a", {})], NOW)
    twice = [ContentRow("x", "quiz", "a", {}), ContentRow("x", "quiz", "a", {})]
    with pytest.raises(InvalidRecord):
        content.sync_content(session, twice, NOW)


def test_daily_reading_is_idempotent_and_rotation_ordered(session: Session) -> None:
    corpus(session)
    private_chat(session, 1)
    first = readings.create_daily_reading(
        session, chat_id=1, study_day=DAY, excerpt_id="ex-2", quotation_id="q-1", now=NOW
    )
    second = readings.create_daily_reading(
        session, chat_id=1, study_day=DAY, excerpt_id="ex-1", quotation_id=None, now=NOW
    )
    assert second == first and second.excerpt_id == "ex-2"
    readings.create_daily_reading(
        session,
        chat_id=1,
        study_day=DAY - timedelta(days=1),
        excerpt_id="ex-1",
        quotation_id=None,
        now=NOW,
    )
    assert readings.rotation_history(session, 1, "excerpt") == ["ex-1", "ex-2"]
    assert readings.rotation_history(session, 1, "quotation") == ["q-1"]
    assert readings.get_daily_reading(session, 1, DAY + timedelta(days=1)) is None
    with pytest.raises(InvalidRecord):
        readings.rotation_history(session, 1, "quiz")


def test_quiz_session_poll_and_answers(session: Session) -> None:
    corpus(session)
    private_chat(session, 1)
    run = quiz.create_session(
        session,
        chat_id=1,
        learner_id=1,
        kind="private",
        item_ids=["qz-1", "qz-2"],
        study_day=DAY,
        now=NOW,
    )
    assert (run.position, run.item_ids, run.finished_at) == (0, ("qz-1", "qz-2"), None)
    assert quiz.advance_session(session, run.id, NOW).position == 1
    done = quiz.advance_session(session, run.id, NOW + timedelta(minutes=1))
    assert done.finished_at == NOW + timedelta(minutes=1)
    assert quiz.advance_session(session, run.id, NOW) == done
    assert quiz.get_session(session, run.id) == done
    with pytest.raises(RecordNotFound):
        quiz.advance_session(session, 10**9, NOW)
    poll = quiz.record_poll(
        session,
        poll_id="p1",
        chat_id=1,
        item_id="qz-2",
        correct_option=2,
        option_count=3,
        opened_at=NOW,
        session_id=run.id,
        message_id=9,
    )
    assert quiz.get_poll(session, "p1") == poll and not poll.closed
    assert quiz.record_answer(
        session, learner_id=1, poll_id="p1", chosen_option=2, answered_at=NOW, study_day=DAY
    )
    assert not quiz.record_answer(
        session, learner_id=1, poll_id="p1", chosen_option=0, answered_at=NOW, study_day=DAY
    )
    with pytest.raises(InvalidRecord):
        quiz.record_answer(
            session, learner_id=1, poll_id="p1", chosen_option=3, answered_at=NOW, study_day=DAY
        )
    with pytest.raises(RecordNotFound):
        quiz.record_answer(
            session, learner_id=1, poll_id="zz", chosen_option=0, answered_at=NOW, study_day=DAY
        )
    (answer,) = quiz.answers_on(session, 1, DAY)
    assert (answer.item_id, answer.chat_id, answer.correct) == ("qz-2", 1, True)
    assert quiz.answers_on(session, 1, DAY + timedelta(days=1)) == []
    assert quiz.close_poll(session, "p1") and not quiz.close_poll(session, "p1")


def test_add_activity_accumulates(session: Session) -> None:
    learner(session, 1)
    study.add_activity(session, 1, DAY, read=True, reflection_chars=40)
    study.add_activity(session, 1, DAY, answers=3, correct=2, reflection_chars=10)
    day = study.add_activity(session, 1, DAY, answers=1, correct=1)
    assert (day.read, day.answers, day.correct, day.reflection_chars) == (True, 4, 3, 40)
    assert not day.counted
    assert study.set_counted(session, 1, DAY, True, NOW)
    assert not study.set_counted(session, 1, DAY + timedelta(days=1), True, NOW)
    study.add_activity(session, 1, DAY - timedelta(days=3), read=True)
    days = study.study_days(session, 1)
    assert [d.day for d in days] == [DAY - timedelta(days=3), DAY]
    assert days[1].counted and days[1].counted_at == NOW
    assert [d.day for d in study.study_days(session, 1, since=DAY)] == [DAY]
    with pytest.raises(InvalidRecord):
        study.add_activity(session, 1, DAY, answers=1, correct=2)


def test_streaks_and_excused_days(session: Session) -> None:
    learner(session, 1)
    assert study.get_streak(session, 1) is None
    streak = StreakRecord(1, 3, 5, 20, 1, DAY, DAY + timedelta(days=1), 60, 50, NOW, NOW)
    study.save_streak(session, streak)
    assert study.get_streak(session, 1) == streak
    later = StreakRecord(1, 4, 5, 21, 1, DAY, DAY + timedelta(days=2), 63, 52, NOW, NOW)
    study.save_streak(session, later)
    assert study.get_streak(session, 1) == later
    assert study.add_excused_days(session, 1, [DAY, DAY - timedelta(days=1), DAY]) == 2
    assert study.add_excused_days(session, 1, [DAY]) == 0
    assert study.excused_days(session, 1) == [DAY - timedelta(days=1), DAY]
    assert study.excused_days(session, 1, since=DAY) == [DAY]


def test_review_cards(session: Session) -> None:
    corpus(session)
    learner(session, 1)
    card = ReviewCardRecord(1, "qz-1", NOW + timedelta(days=2), '{"s": 1}', 1, 0, NOW)
    review.upsert_card(session, card)
    review.upsert_card(session, ReviewCardRecord(1, "qz-2", NOW, "{}", 0, 0, None))
    assert [c.item_id for c in review.cards_for(session, 1)] == ["qz-2", "qz-1"]
    assert review.cards_for(session, 1, ["qz-1"]) == [card]
    assert [c.item_id for c in review.due_cards(session, 1, NOW)] == ["qz-2"]
    moved = ReviewCardRecord(1, "qz-1", NOW, '{"s": 2}', 2, 1, NOW + timedelta(days=2))
    review.upsert_card(session, moved)
    assert review.cards_for(session, 1, ["qz-1"]) == [moved]


def test_studyday_schedules_and_runs(session: Session) -> None:
    group(session, members=(1,))
    schedule = studydays.create_schedule(
        session, chat_id=GROUP, weekday=5, minute=1200, now=NOW, theme="学习", created_by=1
    )
    assert (schedule.question_count, schedule.open_period, schedule.active) == (5, 60, True)
    assert studydays.list_schedules(session, GROUP) == [schedule]
    changed = studydays.update_schedule(session, schedule.id, minute=1230, question_count=8)
    assert (changed.minute, changed.question_count) == (1230, 8)
    studydays.update_schedule(session, schedule.id, active=False)
    assert studydays.list_schedules(session, GROUP) == []
    assert len(studydays.list_schedules(session, active_only=False)) == 1
    assert studydays.claim_run(session, schedule.id, GROUP, NOW, NOW)
    assert not studydays.claim_run(session, schedule.id, GROUP, NOW, NOW)
    run = studydays.get_run(session, schedule.id, NOW)
    assert run is not None and run.status == "running"
    assert studydays.running_runs(session, GROUP) == [run]
    quiz_run = quiz.create_session(
        session,
        chat_id=GROUP,
        learner_id=None,
        kind="studyday",
        item_ids=["a"],
        study_day=DAY,
        now=NOW,
    )
    assert studydays.update_run(session, run.id, quiz_session_id=quiz_run.id)
    assert studydays.update_run(session, run.id, status="finished", finished_at=NOW)
    finished = studydays.get_run(session, schedule.id, NOW)
    assert finished is not None and finished.quiz_session_id == quiz_run.id
    assert finished.status == "finished" and studydays.running_runs(session) == []
    with pytest.raises(RecordNotFound):
        studydays.update_schedule(session, 10**9, active=True)
