"""Evaluation periods: an ISO week or a calendar month, parsed from `2026-11` or `2026-W47`.

Pure: no clock reads; every date is an argument.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

PeriodKind = Literal["week", "month"]
Lang = Literal["zh", "en"]
MIN_YEAR, MAX_YEAR = 1970, 2999  # what Period.parse accepts
_MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")
_WEEK_RE = re.compile(r"^(\d{4})-[Ww](\d{1,2})$")
_EN_MONTHS = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class EvaluationError(ValueError):
    """Bad input to the evaluation; the message is fit to show a user."""


# --------------------------------------------------------------------------- periods


@dataclass(frozen=True, slots=True)
class Period:
    """An ISO week (Monday–Sunday) or a calendar month, both ends inclusive."""

    start: date
    end: date
    kind: PeriodKind

    def __post_init__(self) -> None:
        if self.kind == "week":
            ok = self.start.weekday() == 0 and self.end == self.start + timedelta(days=6)
        elif self.kind == "month":
            last = calendar.monthrange(self.start.year, self.start.month)[1]
            ok = self.start.day == 1 and self.end == self.start.replace(day=last)
        else:
            ok = False
        if not ok:
            raise EvaluationError(f"not a {self.kind} period: {self.start} – {self.end}")

    @classmethod
    def week_of(cls, day: date) -> Period:
        monday = day - timedelta(days=day.weekday())
        return cls(monday, monday + timedelta(days=6), "week")

    @classmethod
    def month_of(cls, day: date) -> Period:
        last = calendar.monthrange(day.year, day.month)[1]
        return cls(day.replace(day=1), day.replace(day=last), "month")

    @classmethod
    def parse(cls, text: str) -> Period:
        """``2026-11`` is a month, ``2026-W47`` an ISO week."""
        cleaned = text.strip()
        match = _MONTH_RE.match(cleaned) or _WEEK_RE.match(cleaned)
        if match and not MIN_YEAR <= int(match[1]) <= MAX_YEAR:
            raise EvaluationError(
                f"year out of range in {cleaned!r}: use a year from {MIN_YEAR} to {MAX_YEAR}, "
                "e.g. 2026-11 or 2026-W47"
            )
        if m := _MONTH_RE.match(cleaned):
            year, month = int(m[1]), int(m[2])
            if not 1 <= month <= 12:
                raise EvaluationError(f"no such month: {cleaned!r} (expected e.g. 2026-11)")
            return cls.month_of(date(year, month, 1))
        if m := _WEEK_RE.match(cleaned):
            year, week = int(m[1]), int(m[2])
            try:
                monday = date.fromisocalendar(year, week, 1)
            except ValueError:
                raise EvaluationError(
                    f"no such ISO week: {cleaned!r} ({year} has "
                    f"{date(year, 12, 28).isocalendar().week} weeks)"
                ) from None
            return cls.week_of(monday)
        raise EvaluationError(
            f"cannot read period {text!r}: use YYYY-MM for a month (2026-11) "
            "or YYYY-Www for an ISO week (2026-W47)"
        )

    def previous(self) -> Period:
        if self.kind == "week":
            return Period.week_of(self.start - timedelta(days=7))
        return Period.month_of(self.start - timedelta(days=1))

    def days(self) -> tuple[date, ...]:
        count = (self.end - self.start).days + 1
        return tuple(self.start + timedelta(days=i) for i in range(count))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def code(self) -> str:
        """The form :meth:`parse` reads back: ``2026-11`` or ``2026-W47``."""
        if self.kind == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        iso = self.start.isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}"

    def label(self, lang: Lang = "zh") -> str:
        if self.kind == "month":
            if lang == "en":
                return f"{_EN_MONTHS[self.start.month]} {self.start.year}"
            return f"{self.start.year}年{self.start.month}月"
        iso = self.start.isocalendar()
        s, e = self.start, self.end
        if lang == "en":
            return (
                f"Week {iso.week} of {iso.year} "
                f"({s.day} {_EN_MONTHS[s.month][:3]} – {e.day} {_EN_MONTHS[e.month][:3]})"
            )
        return f"{iso.year}年第{iso.week}周（{s.month}月{s.day}日–{e.month}月{e.day}日）"


def weeks_in(period: Period) -> tuple[Period, ...]:
    """The ISO weeks that overlap ``period`` (a month's chart has 4 to 6 points)."""
    week = Period.week_of(period.start)
    weeks = []
    while week.start <= period.end:
        weeks.append(week)
        week = Period.week_of(week.end + timedelta(days=1))
    return tuple(weeks)


# --------------------------------------------------------------------------- input
