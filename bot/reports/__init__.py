"""Rendering of the study evaluation: Telegram text, PNG calendar and chart, XLSX and CSV.

Every renderer takes plain data from :mod:`bot.core.evaluation` and returns ``str`` or
``bytes``. matplotlib and openpyxl are imported inside the functions, so importing this
package (and starting the bot) never imports them.
"""

from __future__ import annotations

from typing import Literal

from bot.core.evaluation import GroupEvaluation, Lang

ReportFormat = Literal["text", "html", "xlsx", "csv"]
FORMATS: tuple[ReportFormat, ...] = ("text", "html", "xlsx", "csv")


def render_report(evaluation: GroupEvaluation, fmt: ReportFormat, lang: Lang = "zh") -> bytes:
    """One entry point for ``studybot report --format``: plain text, Telegram HTML, XLSX, CSV."""
    if fmt in ("text", "html"):
        from bot.reports.text import render_report_text

        return render_report_text(evaluation, lang, html=fmt == "html").encode("utf-8")
    if fmt == "xlsx":
        from bot.reports.export import export_xlsx

        return export_xlsx(evaluation, lang)
    if fmt == "csv":
        from bot.reports.export import export_csv

        return export_csv(evaluation, lang)
    raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
