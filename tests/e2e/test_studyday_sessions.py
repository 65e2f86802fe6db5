# ruff: noqa: F401, F811  (the fixture `sd` is imported from test_studyday_support)
"""集中学习日 end to end: scheduling (administrators only), a full session with members who
answer, answer late or not at all, the summary's figures, and sessions missed while down."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta
from typing import Any

import pytest
from test_studyday_support import ALICE, BOB, LI, WANG, StudyWorld, choose, sd

from bot.services import quiz as quiz_service


def _next_weekday_at(world: StudyWorld, days_ahead: int, hour: int) -> datetime:
    day = (world.now_local() + timedelta(days=days_ahead)).date()
    return datetime(day.year, day.month, day.day, hour, 0)


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


async def test_administrator_schedules_and_others_are_refused(sd: StudyWorld) -> None:
    group = await sd.group("学习一群", admins=[WANG], members=[LI])
    await sd.says(LI, "/studyday add fri 15:00", chat_id=group)
    assert sd.last_text(group) == "只有群管理员可以这样做。"
    assert sd.rows("select count(*) from studyday_schedules")[0][0] == 0

    await sd.says(WANG, "/studyday add 周五 15:00", chat_id=group)
    assert sd.last_text(group).startswith(
        "✅ 已安排集中学习日 #1：每周五 15:00（Asia/Shanghai），下次 "
    )
    row = sd.rows(
        "select chat_id, weekday, minute, question_count, open_period, active, created_by "
        "from studyday_schedules"
    )
    assert [tuple(r) for r in row] == [(group, 4, 900, 5, 60, 1, WANG)]

    # the keyboard: add → weekday → time
    await sd.says(WANG, "/studyday", chat_id=group)
    overview = sd.emulator.sent_messages(group)[-1]
    assert "#1 每周五 15:00，5 题，每题 60 秒" in overview["text"]
    await sd.actor.presses(WANG, group, overview, "➕")
    await sd.actor.presses(WANG, group, sd.emulator.sent_messages(group)[-1], "周三")
    edited = sd.emulator.sent_messages(group)[-1]
    assert "选择周三的开始时间" in edited["text"]
    await sd.actor.presses(WANG, group, edited, "09:00")
    assert [
        tuple(r) for r in sd.rows("select weekday, minute from studyday_schedules order by id")
    ] == [
        (4, 900),
        (2, 540),
    ]
    edited = sd.emulator.sent_messages(group)[-1]
    assert "#2 每周三 09:00" in edited["text"]

    # a non-administrator pressing a cancel button is refused with an alert; nothing changes
    li_overview_count = len(sd.texts(group))
    await sd.says(LI, "/studyday", chat_id=group)
    assert len(sd.texts(group)) == li_overview_count + 1
    assert "reply_markup" not in sd.emulator.sent_messages(group)[-1]  # no buttons for members
    query = sd.emulator.user_presses(LI, edited["message_id"], "sd:c:1", chat_id=group)
    await sd.actor.settle()
    assert sd.emulator.callback_answer(query)["text"] == "只有群管理员可以这样做。"
    assert sd.rows("select active from studyday_schedules where id=1")[0][0] == 1

    # everyone may list; the quick forms and their errors
    await sd.says(LI, "/studyday list", chat_id=group)
    assert "#1 每周五 15:00" in sd.last_text(group) and "#2 每周三 09:00" in sd.last_text(group)
    await sd.says(LI, "/studyday cancel 1", chat_id=group)
    assert sd.last_text(group) == "只有群管理员可以这样做。"
    await sd.says(WANG, "/studyday cancel 2", chat_id=group)
    assert sd.last_text(group) == "已取消集中学习日 #2（每周三 09:00）。"
    await sd.says(WANG, "/studyday cancel 99", chat_id=group)
    assert sd.last_text(group) == "本群没有编号为 99 的集中学习日安排。"
    await sd.says(WANG, "/studyday add someday 15:00", chat_id=group)
    assert "无法识别星期「someday」" in sd.last_text(group)
    await sd.says(WANG, "/studyday add 星期五 25:00", chat_id=group)
    assert "无法识别时间「25:00」" in sd.last_text(group)
    await sd.says(WANG, "/studyday add fri 15:00", chat_id=group)
    assert sd.last_text(group) == "这个时间已经安排过集中学习日了。"
    await sd.says(WANG, "/studyday what", chat_id=group)
    assert sd.last_text(group).startswith("用法：/studyday")
    await sd.says(WANG, "/studyday")  # private chat
    assert sd.last_text(WANG) == "这个命令只能在群组中使用。"


async def test_full_session_with_early_late_and_absent_members(sd: StudyWorld) -> None:
    group = await sd.group("学习一群", admins=[WANG], members=[LI, ALICE, BOB])
    start = _next_weekday_at(sd, 1, 15)
    await sd.says(WANG, f"/studyday add {WEEKDAYS[start.weekday()]} 15:00", chat_id=group)
    await sd.jump_to(start - timedelta(minutes=1))
    assert (await sd.tick()).started == 0
    before = len(sd.texts(group))
    await sd.jump(timedelta(minutes=1, seconds=10))
    result = await sd.tick()
    assert (result.started, result.steps) == (1, 1)
    texts = sd.texts(group)[before:]
    assert len(texts) == 2 and texts[1] == ""  # announcement with the reading, then the poll
    assert texts[0].startswith("📚 集中学习日开始了！") and "答 3 道题，每题 60 秒" in texts[0]
    reading = texts[0].split("\n\n", 1)[1]
    assert reading.startswith("📖 本次学习材料 · 公道正派")
    assert "公道正派，是组织工作的旗帜和生命线" in reading and "其身正，不令而行" in reading
    assert "《论语·子路》" in reading
    polls = sd.polls(group)
    assert len(polls) == 1 and polls[0].question.startswith("第 1/3 题：")
    assert polls[0].open_period == 60 if hasattr(polls[0], "open_period") else True
    assert (await sd.tick()).steps == 0  # the question is still open: nothing more

    # Q1: Wang and Li in time; Alice answers after the limit (the bot's clock moved on)
    q1 = polls[0]
    await sd.answer(WANG, q1, True)
    await sd.answer(LI, q1, True)
    sd.sandbox.clock.advance(timedelta(seconds=70))
    await sd.answer(ALICE, q1, True)  # too late: not counted
    sd.emulator.advance_time(70)
    assert (await sd.tick()).steps == 1
    q2 = sd.polls(group)[-1]
    assert q2.question.startswith("第 2/3 题：")
    # Q2: Wang right, Li wrong, Alice right; Bob never answers anything
    await sd.answer(WANG, q2, True)
    await sd.answer(LI, q2, False)
    await sd.answer(ALICE, q2, True)
    await sd.jump(timedelta(seconds=66))
    assert (await sd.tick()).steps == 1
    q3 = sd.polls(group)[-1]
    assert q3.question.startswith("第 3/3 题：")
    await sd.answer(WANG, q3, True)
    await sd.answer(ALICE, q3, True)
    await sd.jump(timedelta(seconds=66))
    assert (await sd.tick()).steps == 1
    summary = sd.last_text(group)
    assert summary.splitlines() == [
        "📚 集中学习日 · 小结",
        "出席：3/4 人（75%）",
        "题目：3 道 · 全组正确率 85.7%（6/7）",
        "🏆 本场最佳：王芳（答对 3 道）",
        "",
        "得分",
        "1. 王芳：3/3",
        "2. Alice：2/3",
        "3. 李明：1/3",
        "",
        "欢迎用 /note 写下本次的学习心得 ✍️",
    ]
    assert (await sd.tick()).steps == 0  # finished: never summarised twice
    run = sd.rows("select status, finished_at is not null from studyday_runs")
    assert [tuple(r) for r in run] == [("finished", 1)]
    answers = sd.rows(
        "select learner_id, sum(answers), sum(correct) from study_days "
        "group by learner_id order by learner_id"
    )
    assert [tuple(r) for r in answers] == [(WANG, 3, 3), (LI, 2, 1), (ALICE, 2, 2)]


async def test_everyone_answered_moves_on_before_the_time_limit(sd: StudyWorld) -> None:
    group = await sd.group("学习二群", admins=[WANG], members=[LI])
    start = _next_weekday_at(sd, 2, 20)
    await sd.says(WANG, f"/studyday add {WEEKDAYS[start.weekday()]} 20:00", chat_id=group)
    await sd.jump_to(start + timedelta(seconds=5))
    await sd.tick()
    for number in (1, 2, 3):
        poll = sd.polls(group)[-1]
        assert poll.question.startswith(f"第 {number}/3 题：")
        await sd.answer(WANG, poll, True)
        assert (await sd.tick()).steps == 0  # Li has not answered yet
        await sd.answer(LI, poll, number != 2)
        assert (await sd.tick()).steps == 1  # both known members answered: next at once
    assert "出席：2/2 人（100%）" in sd.last_text(group)
    assert "全组正确率 83.3%（5/6）" in sd.last_text(group)


async def test_an_answer_arriving_while_its_poll_is_recorded_counts(
    sd: StudyWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The poll's id is known only once Telegram returns it; an answer can reach the bot
    before the poll is in the database (here the recording is held up for 0.5 s)."""
    group = await sd.group("学习三群", admins=[WANG], members=[LI])
    start = _next_weekday_at(sd, 3, 9)
    await sd.says(WANG, f"/studyday add {WEEKDAYS[start.weekday()]} 09:00", chat_id=group)
    await sd.jump_to(start + timedelta(seconds=5))
    recording = quiz_service.register_poll

    def slow_register(*args: Any) -> Any:
        time.sleep(0.5)
        return recording(*args)

    monkeypatch.setattr(quiz_service, "register_poll", slow_register)
    ticking = asyncio.create_task(sd.tick())
    await sd.emulator.wait_for(lambda: bool(sd.polls(group)))
    poll = sd.polls(group)[-1]
    sd.emulator.user_answers_poll(WANG, poll.id, [choose(poll, True)])
    await ticking
    await sd.actor.settle()
    answers = sd.rows("select learner_id, answers, correct from study_days")
    assert [tuple(r) for r in answers] == [(WANG, 1, 1)]


async def test_session_missed_while_down_is_recorded_and_never_run(sd: StudyWorld) -> None:
    group = await sd.group("学习三群", admins=[WANG], members=[LI])
    start = _next_weekday_at(sd, 1, 15)
    await sd.says(WANG, f"/studyday add {WEEKDAYS[start.weekday()]} 15:00", chat_id=group)
    await sd.jump_to(start + timedelta(hours=2, minutes=1))  # the bot was down past the grace
    before = len(sd.texts(group))
    result = await sd.tick()
    assert (result.started, result.missed) == (0, 1)
    assert sd.texts(group)[before:] == [] and sd.polls(group) == []
    assert [tuple(r) for r in sd.rows("select status, quiz_session_id from studyday_runs")] == [
        ("missed", None)
    ]
    assert (await sd.tick()).missed == 0  # recorded once

    # next week the bot comes back 1h59 late: still within the grace, so it runs, once
    await sd.jump_to(start + timedelta(days=7, hours=1, minutes=59))
    first, second = await sd.tick(), await sd.tick()
    assert (first.started, second.started, second.steps) == (1, 0, 0)
    assert sum(t.startswith("📚 集中学习日开始了！") for t in sd.texts(group)) == 1
    assert len(sd.polls(group)) == 1
    statuses = sd.rows("select status from studyday_runs order by scheduled_for")
    assert [r[0] for r in statuses] == ["missed", "running"]
