"""XLSX and CSV exports, opened with openpyxl and csv and checked cell by cell."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from openpyxl import load_workbook

from bot.core.evaluation import GroupEvaluation, GroupEvaluationInput, Period, evaluate
from bot.reports import render_report
from bot.reports.export import MEMBER_HEADERS, export_csv, export_xlsx


def workbook(ev: GroupEvaluation, lang: str = "zh"):
    return load_workbook(io.BytesIO(export_xlsx(ev, lang)))  # type: ignore[arg-type]


def test_xlsx_members_sheet(november: GroupEvaluation) -> None:
    wb = workbook(november)
    assert wb.sheetnames == ["members", "summary"]
    ws = wb["members"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == MEMBER_HEADERS["zh"]
    assert rows[0][:3] == ("编号", "成员", "学习天数")
    assert rows[1] == (2, "乙", 20, 1, 10, 9, 0.9, 1, 0, 1)
    assert rows[2] == (1, "甲", 20, 5, 40, 30, 0.75, 2, 3, 2)
    assert rows[3] == (3, "丙", 20, 9, 4, 4, 1.0, 0, 0, 3)
    assert rows[4] == (4, "=1+1", 12, 12, 0, 0, None, 0, 0, None)
    assert rows[5] == (5, "<b>Ann & Bob</b>", 0, 0, 0, 0, None, 0, 0, None)
    assert len(rows) == 6
    assert ws["G2"].number_format == "0.0%"
    assert ws["B5"].data_type == "s"  # "=1+1" is a name, not a formula


def test_xlsx_summary_sheet(november: GroupEvaluation) -> None:
    ws = workbook(november)["summary"]
    values = {row[0]: row[1] for row in ws.iter_rows(values_only=True) if row[0]}
    assert values["群组"] == "学习小组"
    assert values["统计周期"] == "2026年11月"
    assert values["开始日期"] == datetime(2026, 11, 1)
    assert values["成员数"] == 5 and values["参与人数"] == 4
    assert values["参与率"] == pytest.approx(0.8)
    assert values["上期参与率"] == pytest.approx(0.5)
    assert values["变化（百分点）"] == pytest.approx(30.0)
    assert values["趋势"] == "↑ 上升 30.0 个百分点"
    assert values["正确率"] == pytest.approx(43 / 54)
    assert "5" in values["评选规则"]
    formats = {row[0].value: row[1].number_format for row in ws.iter_rows() if row[0].value}
    assert formats["参与率"] == "0.0%" and formats["正确率"] == "0.0%"
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == "表彰")
    assert rows[start + 1][:2] == ("名次", "成员")
    assert [row[:2] for row in rows[start + 2 : start + 5]] == [(1, "乙"), (2, "甲"), (3, "丙")]


def test_xlsx_in_english(november: GroupEvaluation) -> None:
    wb = workbook(november, "en")
    assert next(wb["members"].iter_rows(values_only=True))[:3] == ("ID", "Member", "Study days")
    labels = [row[0] for row in wb["summary"].iter_rows(values_only=True)]
    assert "Participation" in labels and "Honour roll" in labels


def test_xlsx_bytes_are_reproducible(november: GroupEvaluation) -> None:
    assert export_xlsx(november) == export_xlsx(november)


def test_xlsx_of_an_empty_group() -> None:
    ev = evaluate(GroupEvaluationInput("g", Period.parse("2026-W47"), [], []))
    wb = workbook(ev)
    assert len(list(wb["members"].iter_rows())) == 1
    values = {row[0]: row[1] for row in wb["summary"].iter_rows(values_only=True) if row[0]}
    assert values["参与率"] == 0 and values["变化（百分点）"] is None
    assert values["趋势"] == "首期，无可比较"


def test_csv(november: GroupEvaluation) -> None:
    data = export_csv(november)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][6] == "正确率（%）" and rows[0][1] == "成员"
    assert rows[1] == ["2", "乙", "20", "1", "10", "9", "90.0", "1", "0", "1"]
    assert rows[4] == ["4", "'=1+1", "12", "12", "0", "0", "", "0", "0", ""]
    assert rows[5][1] == "<b>Ann & Bob</b>"
    assert len(rows) == 6
    assert data.count(b"\r\n") == 6


def test_csv_in_english(november: GroupEvaluation) -> None:
    rows = list(csv.reader(io.StringIO(export_csv(november, "en").decode("utf-8-sig"))))
    assert rows[0][:2] == ["ID", "Member"] and rows[0][6] == "Accuracy (%)"


def test_render_report_dispatch(november: GroupEvaluation) -> None:
    assert render_report(november, "csv") == export_csv(november)
    assert render_report(november, "xlsx")[:2] == b"PK"
    assert "学习效果评比" in render_report(november, "text").decode()
    assert "<b>" in render_report(november, "html").decode()
    with pytest.raises(ValueError, match="format"):
        render_report(november, "pdf")  # type: ignore[arg-type]


def test_control_characters_do_not_break_the_workbook() -> None:
    from bot.core.evaluation import MemberActivity

    members = [MemberActivity(1, "a\x07b\x00", 1, 1, 0, 0, 0, 0)]
    ev = evaluate(GroupEvaluationInput("t\x1b", Period.parse("2026-W47"), members, []))
    wb = load_workbook(io.BytesIO(export_xlsx(ev)))
    assert wb["members"]["B2"].value == "ab"
    assert wb["summary"]["B1"].value == "t"
