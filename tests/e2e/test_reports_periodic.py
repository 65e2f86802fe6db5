# ruff: noqa: F401, F811  (the fixture `sd` is imported from test_studyday_support)
"""学习效果评比 end to end: the monthly report on the 1st (with its chart), the weekly report on
Monday, each posted once, /report on demand, /export's files (opened and checked) and
reflections counted, never shown."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import openpyxl
from test_studyday_support import ALICE, LI, WANG, StudyWorld, sd

ZHAO = 2005
REFLECTION = "读了“公生明，廉生威”，体会到组工干部只有公道正派、清正廉洁，才能树立威信。"


async def _study(sd: StudyWorld, user: int, plan: list[bool]) -> None:
    """Reads the day's push (✅) and answers a private quiz of 3: a counted study day."""
    push = sd.actor.last_message(user, lambda m: "reply_markup" in m and "text" in m)
    await sd.actor.presses(user, user, push, "✅")
    await sd.says(user, "/quiz")
    assert await sd.actor.answers_open_polls(user, user, plan) == 3


def _report(sd: StudyWorld, group: int, marker: str) -> list[str]:
    texts = [t for t in sd.texts(group) if t.startswith("📊 学习效果评比") and marker in t]
    assert len(texts) == 1, texts
    return texts[0].splitlines()


async def test_monthly_and_weekly_reports_with_exact_figures(sd: StudyWorld) -> None:
    for user in (WANG, LI, ALICE):
        await sd.says(user, "/start")
    group = await sd.group("组织部学习群", admins=[WANG], members=[LI, ALICE])
    assert sd.now_local() < datetime(2026, 11, 30, 8, tzinfo=sd.now_local().tzinfo)

    # Monday 30 November: Wang (2 of 3 right) and Li (1 of 3) study; Alice does nothing
    await sd.jump_to(datetime(2026, 11, 30, 8, 0, 1))
    await _study(sd, WANG, [True, True, False])
    await _study(sd, LI, [True, False, False])
    assert (await sd.tick()).reports == 0
    # 09:00: the weekly report of the week before (23–29 November): nobody studied yet
    await sd.jump_to(datetime(2026, 11, 30, 9, 0, 30))
    assert (await sd.tick()).reports == 1
    assert _report(sd, group, "第48周")[3:6] == [
        "参与率：0%（0/3 人）",
        "上期（2026年第47周（11月16日–11月22日））：0%（0/3 人），→ 持平（+0.0 个百分点）",
        "答题正确率：—（0/0）",
    ]
    # Tuesday 1 December: Wang studies (3 of 3); Li only writes a reflection
    await sd.jump_to(datetime(2026, 12, 1, 8, 0, 1))
    assert (await sd.tick()).reports == 0  # the monthly report waits for 09:00
    await _study(sd, WANG, [True, True, True])
    await sd.says(LI, f"/note {REFLECTION}")
    assert "读书心得已保存" in sd.last_text(LI)

    await sd.jump_to(datetime(2026, 12, 1, 9, 0, 30))
    assert (await sd.tick()).reports == 1
    assert (await sd.tick()).reports == 0  # once per group and period
    assert _report(sd, group, "2026年11月") == [
        "📊 学习效果评比 · 2026年11月",
        "组织部学习群",
        "",
        "参与率：66.7%（2/3 人）",
        "上期（2026年10月）：0%（0/3 人），↑ 上升 66.7 个百分点",
        "答题正确率：50%（3/6）",
        "",
        "🏅 表彰",
        "🥇 1. 王芳 — 学习1天，正确率66.7%（3道），连续1天",
        "🥇 1. 李明 — 学习1天，正确率33.3%（3道），连续1天",
        "评选规则：在本期至少学习1天的成员中取前3名：先比学习天数，再比答题正确率（答题不少于5道才计入），"
        "再比当前连续学习天数；仍相同者按加入先后。",
        "",
        "成员明细",
        "王芳：学习1天 · 连续1天 · 答题3道 正确率66.7% · 集中学习0次 · 心得0篇",
        "李明：学习1天 · 连续1天 · 答题3道 正确率33.3% · 集中学习0次 · 心得0篇",
        "Alice：学习0天 · 连续0天 · 答题0道 正确率— · 集中学习0次 · 心得0篇",
    ]
    photos = [m for m in sd.emulator.sent_messages(group) if "photo" in m]
    assert len(photos) == 1 and photos[0]["caption"] == "📈 2026年11月 每周参与率与正确率"
    chart = sd.emulator.file_bytes(photos[0]["photo"][-1]["file_id"])
    assert chart.startswith(b"\x89PNG\r\n\x1a\n")
    delivery = sd.rows(
        "select kind, study_day, status from deliveries where chat_id=:g and kind like 'report%'",
        g=group,
    )
    assert sorted(tuple(r) for r in delivery) == [
        ("report_month", "2026-11-01", "sent"),
        ("report_week", "2026-11-23", "sent"),
    ]

    # Monday 7 December 09:00: the weekly report of 30 Nov – 6 Dec, once
    await sd.jump_to(datetime(2026, 12, 7, 9, 0, 30))
    assert (await sd.tick()).reports == 1
    assert (await sd.tick()).reports == 0
    weekly = _report(sd, group, "第49周")
    assert weekly[:6] == [
        "📊 学习效果评比 · 2026年第49周（11月30日–12月6日）",
        "组织部学习群",
        "",
        "参与率：66.7%（2/3 人）",
        "上期（2026年第48周（11月23日–11月29日））：0%（0/3 人），↑ 上升 66.7 个百分点",
        "答题正确率：66.7%（6/9）",
    ]
    assert weekly[8:10] == [
        "🥇 1. 王芳 — 学习2天，正确率83.3%（6道），连续0天",
        "🥈 2. 李明 — 学习1天，正确率33.3%（3道），连续0天",
    ]
    assert weekly[-3:] == [
        "王芳：学习2天 · 连续0天 · 答题6道 正确率83.3% · 集中学习0次 · 心得0篇",
        "李明：学习1天 · 连续0天 · 答题3道 正确率33.3% · 集中学习0次 · 心得1篇",
        "Alice：学习0天 · 连续0天 · 答题0道 正确率— · 集中学习0次 · 心得0篇",
    ]
    assert not any(REFLECTION in t for t in sd.texts(group))  # counted, never shown
    assert (
        len([m for m in sd.emulator.sent_messages(group) if "photo" in m]) == 1
    )  # weekly: no chart

    # /report on demand: this week so far (nothing yet), and this month so far
    await sd.says(LI, "/report week", chat_id=group)
    assert sd.last_text(group).startswith("📊 学习效果评比 · 2026年第50周")
    assert "参与率：0%（0/3 人）" in sd.last_text(group)
    await sd.says(LI, "/report month", chat_id=group)
    month = [t for t in sd.texts(group) if t.startswith("📊 学习效果评比 · 2026年12月")][-1]
    assert (
        "参与率：33.3%（1/3 人）" in month
        and "王芳：学习1天 · 连续0天 · 答题3道 正确率100%" in month
    )
    assert "李明：学习0天 · 连续0天 · 答题0道 正确率— · 集中学习0次 · 心得1篇" in month
    await sd.says(LI, "/report year", chat_id=group)
    assert sd.last_text(group) == "用法：/report week 本周评比，/report month 本月评比。"


async def test_export_sends_spreadsheets_to_the_administrator(sd: StudyWorld) -> None:
    for user in (WANG, LI):
        await sd.says(user, "/start")
    sd.emulator.add_user(ZHAO, "赵强", started=False)  # never opened a private chat
    group = await sd.group("组织部学习群", admins=[WANG], members=[LI, ALICE, ZHAO])
    await sd.jump_to(datetime(2026, 11, 30, 8, 0, 1))
    await _study(sd, WANG, [True, True, False])
    await sd.says(LI, f"/note {REFLECTION}")

    await sd.says(LI, "/export", chat_id=group)
    assert sd.last_text(group) == "只有群管理员可以这样做。"
    await sd.says(WANG, "/export 2026-13", chat_id=group)
    assert "no such month" in sd.last_text(group) and "用法：/export" in sd.last_text(group)
    await sd.says(WANG, "/export 2026-W49", chat_id=group)
    assert sd.last_text(group) == "📎 2026年第49周（11月30日–12月6日） 的评比表格已私信发给你。"
    documents = [m for m in sd.emulator.sent_messages(WANG) if "document" in m]
    names = [d["document"]["file_name"] for d in documents]
    assert names == [f"studybot-{abs(group)}-2026-W49.xlsx", f"studybot-{abs(group)}-2026-W49.csv"]
    assert documents[0]["caption"] == "组织部学习群 · 2026年第49周（11月30日–12月6日）"
    assert not [
        m for m in sd.emulator.sent_messages(group) if "document" in m
    ]  # never to the group

    book = openpyxl.load_workbook(
        io.BytesIO(sd.emulator.file_bytes(documents[0]["document"]["file_id"]))
    )
    rows = [tuple(r) for r in book["members"].iter_rows(values_only=True)]
    assert rows[0][:3] == ("编号", "成员", "学习天数")
    by_name = {r[1]: r for r in rows[1:]}
    assert set(by_name) == {"王芳", "李明", "Alice", "赵强"}
    assert by_name["王芳"][2:7] == (1, 1, 3, 2, 2 / 3)
    assert by_name["李明"][2:9] == (0, 0, 0, 0, None, 0, 1)
    assert by_name["王芳"][9] == 1

    raw = sd.emulator.file_bytes(documents[1]["document"]["file_id"])
    assert raw.startswith("\ufeff".encode())
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0][1] == "成员" and len(table) == 5
    li = next(r for r in table if r[1] == "李明")
    assert li[8] == "1" and li[6] == ""  # one reflection, no answers
    wang = next(r for r in table if r[1] == "王芳")
    assert wang[2:7] == ["1", "1", "3", "2", "66.7"]

    # an administrator who never started the bot privately is told to do so
    sd.emulator.set_admin(group, ZHAO, True)
    await sd.says(ZHAO, "/export month", chat_id=group)
    assert sd.last_text(group) == "请先私聊我发送 /start，我才能把表格发给你。"
