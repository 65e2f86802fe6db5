"""Spreadsheet exports of a period's evaluation: XLSX (members + summary sheets) and CSV.

Numbers stay numbers; percentages are fractions with a ``0.0%`` format in XLSX and percent
numbers with one decimal in CSV. Text cells that a spreadsheet would run as a formula
(``=``, ``+``, ``-``, ``@``, tab, CR first) are kept as text: a plain string in XLSX, and
prefixed with ``'`` in CSV (the usual CSV-injection guard).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import datetime, time
from typing import TYPE_CHECKING

from bot.core.evaluation import GroupEvaluation, Lang, MemberActivity
from bot.reports.text import trend_text

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

MEMBER_HEADERS: dict[Lang, tuple[str, ...]] = {
    "zh": (
        "编号",
        "成员",
        "学习天数",
        "当前连续天数",
        "答题数",
        "答对数",
        "正确率",
        "集中学习次数",
        "学习心得篇数",
        "表彰名次",
    ),
    "en": (
        "ID",
        "Member",
        "Study days",
        "Current streak",
        "Answers",
        "Correct",
        "Accuracy",
        "Sessions attended",
        "Reflections",
        "Honour rank",
    ),
}
ACCURACY_COLUMN = 7  # 1-based, in XLSX
PERCENT_FORMAT = "0.0%"
POINTS_FORMAT = "+0.0;-0.0;0.0"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

_SUMMARY_LABELS: dict[Lang, dict[str, str]] = {
    "zh": {
        "chat": "群组",
        "period": "统计周期",
        "start": "开始日期",
        "end": "结束日期",
        "known": "成员数",
        "participants": "参与人数",
        "participation": "参与率",
        "previous": "上期参与率",
        "delta": "变化（百分点）",
        "trend": "趋势",
        "answers": "答题数",
        "correct": "答对数",
        "accuracy": "正确率",
        "honour": "表彰",
        "rank": "名次",
        "rule": "评选规则",
    },
    "en": {
        "chat": "Group",
        "period": "Period",
        "start": "Start",
        "end": "End",
        "known": "Members",
        "participants": "Participants",
        "participation": "Participation",
        "previous": "Previous participation",
        "delta": "Change (points)",
        "trend": "Trend",
        "answers": "Answers",
        "correct": "Correct",
        "accuracy": "Accuracy",
        "honour": "Honour roll",
        "rank": "Rank",
        "rule": "Rule",
    },
}


def _honour_ranks(ev: GroupEvaluation) -> dict[int, int]:
    return {entry.member.learner_id: entry.rank for entry in ev.honour_roll}


def _member_values(m: MemberActivity, rank: int | None) -> list[object]:
    return [
        m.learner_id,
        m.name,
        m.study_days,
        m.current_streak,
        m.answers,
        m.correct,
        m.accuracy,
        m.sessions_attended,
        m.reflections,
        rank,
    ]


# ------------------------------------------------------------------ XLSX


def _set_text(ws: Worksheet, row: int, column: int, value: str) -> None:
    cell = ws.cell(row=row, column=column, value=_ILLEGAL_XML.sub("", value))
    cell.data_type = "s"  # never a formula, whatever the text starts with


def _write_row(ws: Worksheet, row: int, values: Sequence[object]) -> None:
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            _set_text(ws, row, column, value)
        else:
            ws.cell(row=row, column=column, value=value)


def _members_sheet(ws: Worksheet, ev: GroupEvaluation, lang: Lang) -> None:
    from openpyxl.styles import Font

    ws.title = "members"
    _write_row(ws, 1, MEMBER_HEADERS[lang])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ranks = _honour_ranks(ev)
    for row, m in enumerate(ev.members, start=2):
        _write_row(ws, row, _member_values(m, ranks.get(m.learner_id)))
        ws.cell(row=row, column=ACCURACY_COLUMN).number_format = PERCENT_FORMAT
    ws.freeze_panes = "A2"
    ws.column_dimensions["B"].width = 24
    for letter in "CDEFGHIJ":
        ws.column_dimensions[letter].width = 14


def _summary_sheet(ws: Worksheet, ev: GroupEvaluation, lang: Lang) -> None:
    from openpyxl.styles import Font

    t = _SUMMARY_LABELS[lang]
    rows: list[tuple[str, object, str | None]] = [
        (t["chat"], ev.chat_title, None),
        (t["period"], ev.period.label(lang), None),
        (t["start"], ev.period.start, "yyyy-mm-dd"),
        (t["end"], ev.period.end, "yyyy-mm-dd"),
        (t["known"], ev.participation.known, None),
        (t["participants"], ev.participation.participants, None),
        (t["participation"], ev.participation_rate, PERCENT_FORMAT),
        (t["previous"], ev.previous_participation_rate, PERCENT_FORMAT),
        (t["delta"], ev.trend.delta_points, POINTS_FORMAT),
        (t["trend"], trend_text(ev.trend, lang), None),
        (t["answers"], ev.answers, None),
        (t["correct"], ev.correct, None),
        (t["accuracy"], ev.group_accuracy, PERCENT_FORMAT),
    ]
    for row, (label, value, fmt) in enumerate(rows, start=1):
        _write_row(ws, row, [label, value])
        ws.cell(row=row, column=1).font = Font(bold=True)
        if fmt:
            ws.cell(row=row, column=2).number_format = fmt
    row = len(rows) + 2
    _write_row(ws, row, [t["honour"]])
    ws.cell(row=row, column=1).font = Font(bold=True)
    headers = MEMBER_HEADERS[lang]
    _write_row(ws, row + 1, [t["rank"], headers[1], headers[2], headers[6], headers[3]])
    for offset, entry in enumerate(ev.honour_roll, start=2):
        m = entry.member
        _write_row(
            ws, row + offset, [entry.rank, m.name, m.study_days, m.accuracy, m.current_streak]
        )
        ws.cell(row=row + offset, column=4).number_format = PERCENT_FORMAT
    rule_row = row + len(ev.honour_roll) + 3
    _write_row(ws, rule_row, [t["rule"], ev.rule.describe(lang)])
    ws.cell(row=rule_row, column=1).font = Font(bold=True)
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 28


def export_xlsx(evaluation: GroupEvaluation, lang: Lang = "zh") -> bytes:
    """Workbook with a "members" sheet (header + one row per member) and a "summary" sheet."""
    from openpyxl import Workbook

    wb = Workbook()
    _members_sheet(wb.active, evaluation, lang)
    _summary_sheet(wb.create_sheet("summary"), evaluation, lang)
    stamp = datetime.combine(evaluation.period.end, time())  # reproducible bytes, no clock read
    wb.properties.created = wb.properties.modified = stamp
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# ------------------------------------------------------------------ CSV


def _csv_text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return _csv_text(value)
    return str(value)


def export_csv(evaluation: GroupEvaluation, lang: Lang = "zh") -> bytes:
    """UTF-8 with BOM (so Excel shows Chinese), a header row and one row per member.

    The accuracy column holds percent with one decimal (``75.0``), empty without answers.
    """
    headers = list(MEMBER_HEADERS[lang])
    headers[ACCURACY_COLUMN - 1] += "（%）" if lang == "zh" else " (%)"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    ranks = _honour_ranks(evaluation)
    for m in evaluation.members:
        values = _member_values(m, ranks.get(m.learner_id))
        accuracy = m.accuracy
        values[ACCURACY_COLUMN - 1] = None if accuracy is None else round(accuracy * 100, 1)
        writer.writerow([_csv_cell(v) for v in values])
    return buffer.getvalue().encode("utf-8-sig")
