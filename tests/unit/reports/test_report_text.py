"""Report and session texts: exact lines, escaping, the 4096-character limit."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.evaluation import (
    GroupEvaluation,
    GroupEvaluationInput,
    MemberActivity,
    Period,
    SessionParticipant,
    evaluate,
    summarise_session,
)
from bot.reports import render_report
from bot.reports.text import (
    TELEGRAM_LIMIT,
    pct,
    render_report_text,
    render_session_summary,
    utf16_len,
)

ALLOWED_TAGS = re.compile(r"</?(b|i)>")


def test_pct() -> None:
    assert (pct(0.8), pct(43 / 54), pct(1.0), pct(0.0), pct(None)) == (
        "80%",
        "79.6%",
        "100%",
        "0%",
        "—",
    )


def test_chinese_report_lines(november: GroupEvaluation) -> None:
    lines = render_report_text(november, "zh").splitlines()
    assert lines[0] == "<b>📊 学习效果评比 · 2026年11月</b>"
    assert lines[1] == "<b>学习小组</b>"
    assert "参与率：80%（4/5 人）" in lines
    assert "上期（2026年10月）：50%（2/4 人），↑ 上升 30.0 个百分点" in lines
    assert "答题正确率：79.6%（43/54）" in lines
    honour = [line for line in lines if line.startswith(("🥇", "🥈", "🥉"))]
    assert honour == [
        "🥇 1. 乙 — 学习20天，正确率90%（10道），连续1天",
        "🥈 2. 甲 — 学习20天，正确率75%（40道），连续5天",
        "🥉 3. 丙 — 学习20天，正确率100%（4道），连续9天",
    ]
    assert any(line.startswith("<i>评选规则：") for line in lines)
    assert (
        lines[-1] == "&lt;b&gt;Ann &amp; Bob&lt;/b&gt;："
        "学习0天 · 连续0天 · 答题0道 正确率— · 集中学习0次 · 心得0篇"
    )


def test_english_report_lines(november: GroupEvaluation) -> None:
    text = render_report_text(november, "en")
    assert "Participation: 80% (4 of 5 members)" in text
    assert "Previous (October 2026): 50% (2 of 4), ↑ up 30.0 points" in text
    assert "甲: 20 days · streak 5 · 40 answers, 75% correct · 2 sessions · 3 reflections" in text
    assert "乙: 20 days · streak 1 · 10 answers, 90% correct · 1 session · 0 reflections" in text


def test_names_are_escaped(november: GroupEvaluation) -> None:
    text = render_report_text(november, "zh")
    assert "<b>Ann" not in text
    assert ALLOWED_TAGS.sub("", text).count("<") == 0


def test_plain_text_has_no_markup(november: GroupEvaluation) -> None:
    text = render_report(november, "text", "zh").decode("utf-8")
    assert "<b>📊" not in text and "&amp;" not in text
    assert "<b>Ann & Bob</b>：学习0天" in text  # the name itself, unescaped


def big_group(count: int, name_length: int) -> GroupEvaluation:
    members = [
        MemberActivity(i, "名" * name_length + str(i), i % 30, 0, 10, i % 10, 0, 0)
        for i in range(count)
    ]
    return evaluate(GroupEvaluationInput("g", Period.parse("2026-11"), members, []))


def test_long_member_list_is_cut_with_a_count() -> None:
    for lang, pattern in (("zh", r"…以及另外 (\d+) 人$"), ("en", r"…and (\d+) more$")):
        text = render_report_text(big_group(500, 40), lang)  # type: ignore[arg-type]
        assert utf16_len(text) <= TELEGRAM_LIMIT
        match = re.search(pattern, text)
        assert match, text[-200:]
        shown = sum(1 for line in text.splitlines() if "名名名" in line and "—" not in line[:6])
        honour_lines = 3
        assert shown - honour_lines + int(match[1]) == 500


def test_short_report_is_not_cut(november: GroupEvaluation) -> None:
    assert "…" not in render_report_text(november, "zh")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=200), max_size=80))
def test_any_names_stay_escaped_and_short(names: list[str]) -> None:
    members = [MemberActivity(i, n, 1, 1, 5, 3, 0, 0) for i, n in enumerate(names)]
    ev = evaluate(GroupEvaluationInput("<t>", Period.parse("2026-W47"), members, members))
    for lang in ("zh", "en"):
        text = render_report_text(ev, lang)
        assert utf16_len(text) <= TELEGRAM_LIMIT
        assert "<" not in ALLOWED_TAGS.sub("", text)


def test_session_summary_texts() -> None:
    summary = summarise_session(
        {1, 2, 3, 4, 5, 6},
        [
            SessionParticipant(1, "甲", 5, 4),
            SessionParticipant(2, "乙", 5, 2),
            SessionParticipant(3, "丙&", 4, 4),
            SessionParticipant(99, "new", 1, 0),
        ],
        question_count=5,
    )
    zh = render_session_summary(summary, "zh").splitlines()
    assert zh[1] == "出席：4/7 人（57.1%）"
    assert zh[2] == "题目：5 道 · 全组正确率 66.7%（10/15）"
    assert zh[3] == "🏆 本场最佳：甲、丙&amp;（答对 4 道）"
    assert zh[6:10] == ["1. 甲：4/5", "2. 丙&amp;：4/5", "3. 乙：2/5", "4. new：0/5"]
    assert "/note" in zh[-1]
    en = render_session_summary(summary, "en")
    assert "Attendance: 4 of 7 (57.1%)" in en and "🏆 Best: 甲, 丙&amp; (4 correct)" in en
    assert "/note" in en


def test_empty_session_summary() -> None:
    text = render_session_summary(summarise_session([1, 2], [], 5), "zh")
    assert "出席：0/2 人（0%）" in text and "本场最佳：暂无" in text and "/note" in text
