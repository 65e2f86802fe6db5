"""Report and session texts in Chinese (default) and English, as Telegram HTML.

Names and titles are escaped with :func:`html.escape` and shortened; the message stays under
Telegram's 4096-character limit (counted in UTF-16 units, as Telegram does) by cutting the
member list and saying how many were left out.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.evaluation import (
    GroupEvaluation,
    HonourEntry,
    Lang,
    MemberActivity,
    SessionSummary,
    Trend,
)

TELEGRAM_LIMIT = 4096
MAX_NAME_CHARS = 48
MAX_TITLE_CHARS = 96


@dataclass(frozen=True, slots=True)
class _Markup:
    """HTML for Telegram, or plain text for the command line."""

    html: bool

    def esc(self, text: str, limit: int = MAX_NAME_CHARS) -> str:
        short = text if len(text) <= limit else text[: limit - 1] + "…"
        return html.escape(short, quote=False) if self.html else short

    def b(self, text: str) -> str:
        return f"<b>{text}</b>" if self.html else text

    def i(self, text: str) -> str:
        return f"<i>{text}</i>" if self.html else text


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def pct(value: float | None) -> str:
    """0.796 → ``79.6%``; whole percentages without a decimal; ``None`` → ``—``."""
    if value is None:
        return "—"
    text = f"{value * 100:.1f}"
    return (text[:-2] if text.endswith(".0") else text) + "%"


def _fit(head: list[str], rows: Sequence[str], tail: list[str], lang: Lang) -> str:
    """Join head, as many rows as fit under the limit (with a "…and N more" line), and tail."""
    fixed = utf16_len("\n".join(head + tail)) + 2
    kept: list[str] = []
    used = fixed
    for index, row in enumerate(rows):
        left = len(rows) - index - 1
        reserve = utf16_len(_more(len(rows) - index, lang)) + 1 if left else 0
        if used + utf16_len(row) + 1 + reserve > TELEGRAM_LIMIT:
            kept.append(_more(len(rows) - index, lang))
            break
        kept.append(row)
        used += utf16_len(row) + 1
    return "\n".join(head + kept + tail).strip()


def _more(count: int, lang: Lang) -> str:
    return f"…以及另外 {count} 人" if lang == "zh" else f"…and {count} more"


# ------------------------------------------------------------------ evaluation report

_TREND_ZH = {"up": "↑ 上升", "down": "↓ 下降", "flat": "→ 持平", "new": "首期，无可比较"}
_TREND_EN = {"up": "↑ up", "down": "↓ down", "flat": "→ flat", "new": "first period, no comparison"}


def trend_text(trend: Trend, lang: Lang) -> str:
    words = (_TREND_ZH if lang == "zh" else _TREND_EN)[trend.direction]
    if trend.delta_points is None:
        return words
    points = f"{abs(trend.delta_points):.1f}"
    if trend.direction == "flat":
        sign = "+" if trend.delta_points >= 0 else "-"
        return (
            f"{words}（{sign}{points} 个百分点）"
            if lang == "zh"
            else f"{words} ({sign}{points} pts)"
        )
    return f"{words} {points} 个百分点" if lang == "zh" else f"{words} {points} points"


def _member_row(m: MemberActivity, lang: Lang, mk: _Markup) -> str:
    name = mk.esc(m.name)
    if lang == "zh":
        return (
            f"{name}：学习{m.study_days}天 · 连续{m.current_streak}天 · "
            f"答题{m.answers}道 正确率{pct(m.accuracy)} · "
            f"集中学习{m.sessions_attended}次 · 心得{m.reflections}篇"
        )
    return (
        f"{name}: {_n(m.study_days, 'day')} · streak {m.current_streak} · "
        f"{_n(m.answers, 'answer')}, {pct(m.accuracy)} correct · "
        f"{_n(m.sessions_attended, 'session')} · {_n(m.reflections, 'reflection')}"
    )


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _honour_row(entry: HonourEntry, lang: Lang, mk: _Markup) -> str:
    m = entry.member
    medal = {1: "🥇", 2: "🥈", 3: "🥉"}.get(entry.rank, "🏅")
    if lang == "zh":
        return (
            f"{medal} {entry.rank}. {mk.esc(m.name)} — 学习{m.study_days}天，"
            f"正确率{pct(m.accuracy)}（{m.answers}道），连续{m.current_streak}天"
        )
    return (
        f"{medal} {entry.rank}. {mk.esc(m.name)} — {_n(m.study_days, 'study day')}, "
        f"{pct(m.accuracy)} of {_n(m.answers, 'answer')}, streak {m.current_streak}"
    )


def _report_head(ev: GroupEvaluation, lang: Lang, mk: _Markup) -> list[str]:
    part, prev = ev.participation, ev.previous_participation
    title = mk.esc(ev.chat_title, MAX_TITLE_CHARS)
    if lang == "zh":
        lines = [
            mk.b(f"📊 学习效果评比 · {ev.period.label('zh')}"),
            mk.b(title),
            "",
            f"参与率：{pct(part.rate)}（{part.participants}/{part.known} 人）",
            f"上期（{ev.previous_period.label('zh')}）：{pct(prev.rate)}"
            f"（{prev.participants}/{prev.known} 人），{trend_text(ev.trend, 'zh')}",
            f"答题正确率：{pct(ev.group_accuracy)}（{ev.correct}/{ev.answers}）",
            "",
            mk.b("🏅 表彰"),
        ]
        empty, rule, table = "本期暂无符合条件的成员。", "评选规则：", "成员明细"
    else:
        lines = [
            mk.b(f"📊 Study report · {ev.period.label('en')}"),
            mk.b(title),
            "",
            f"Participation: {pct(part.rate)} ({part.participants} of {part.known} members)",
            f"Previous ({ev.previous_period.label('en')}): {pct(prev.rate)} "
            f"({prev.participants} of {prev.known}), {trend_text(ev.trend, 'en')}",
            f"Quiz accuracy: {pct(ev.group_accuracy)} ({ev.correct} of {ev.answers})",
            "",
            mk.b("🏅 Honour roll"),
        ]
        empty, rule, table = "Nobody qualified this period.", "Rule: ", "Members"
    lines += [_honour_row(e, lang, mk) for e in ev.honour_roll] or [empty]
    lines += [mk.i(rule + ev.rule.describe(lang)), "", mk.b(table)]
    return lines


def render_report_text(evaluation: GroupEvaluation, lang: Lang = "zh", html: bool = True) -> str:
    """The weekly or monthly 学习效果评比 message (Telegram HTML unless ``html=False``)."""
    mk = _Markup(html)
    rows = [_member_row(m, lang, mk) for m in evaluation.members]
    if not rows:
        rows = ["（暂无成员）" if lang == "zh" else "(no members yet)"]
    return _fit(_report_head(evaluation, lang, mk), rows, [], lang)


# ------------------------------------------------------------------ session summary


def render_session_summary(summary: SessionSummary, lang: Lang = "zh", html: bool = True) -> str:
    """The 集中学习日 summary: attendance, scores, group accuracy, the best, a /note invitation."""
    mk = _Markup(html)
    best = ("、" if lang == "zh" else ", ").join(mk.esc(n) for n in summary.best)
    q = summary.question_count
    if lang == "zh":
        head = [
            mk.b("📚 集中学习日 · 小结"),
            f"出席：{summary.attendance}/{summary.known} 人（{pct(summary.attendance_rate)}）",
            f"题目：{q} 道 · 全组正确率 {pct(summary.group_accuracy)}"
            f"（{summary.correct}/{summary.answered}）",
            f"🏆 本场最佳：{best}（答对 {summary.best_score} 道）" if best else "🏆 本场最佳：暂无",
            "",
            mk.b("得分"),
        ]
        tail = ["", "欢迎用 /note 写下本次的学习心得 ✍️"]
        rows = [f"{mk.esc(p.name)}：{p.correct}/{q}" for p in summary.scores] or ["（无人作答）"]
    else:
        head = [
            mk.b("📚 Study session · summary"),
            f"Attendance: {summary.attendance} of {summary.known} ({pct(summary.attendance_rate)})",
            f"Questions: {q} · group accuracy {pct(summary.group_accuracy)} "
            f"({summary.correct} of {summary.answered})",
            f"🏆 Best: {best} ({summary.best_score} correct)" if best else "🏆 Best: nobody yet",
            "",
            mk.b("Scores"),
        ]
        tail = ["", "Share what you learned with /note ✍️"]
        rows = [f"{mk.esc(p.name)}: {p.correct}/{q}" for p in summary.scores] or ["(no answers)"]
    numbered = [f"{i}. {row}" for i, row in enumerate(rows, start=1)] if summary.scores else rows
    return _fit(head, numbered, tail, lang)
