"""集中学习日 timing and report timing: pure rules, every instant and zone is an argument.

* A schedule is a weekday (0 = Monday) and a minute of the day in the group's zone.
* ``latest_occurrence`` is the last start at or before ``now`` (UTC); ``decide`` says whether
  that occurrence should start now, is missed (older than the grace period), or is not due.
* Reports: the weekly report is due on Monday at :data:`REPORT_MINUTE` (group time) for the
  previous ISO week, the monthly one on the 1st at the same time for the previous month.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Literal

from bot.core.errors import CoreError
from bot.core.evaluation import Period, PeriodKind
from bot.core.timezones import local_date, parse_push_time

DEFAULT_GRACE = timedelta(hours=2)
REPORT_MINUTE = 9 * 60  # 09:00 group time
REPORT_GRACE = timedelta(days=1)  # a report not posted within a day of its time is skipped
WEEKDAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_ZH = ("一", "二", "三", "四", "五", "六", "日")
_EN_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

Decision = Literal["start", "missed", "not_due"]


class InvalidWeekday(CoreError):
    code = "invalid_weekday"

    def __init__(self, text: str) -> None:
        super().__init__(f"{text!r} is not a weekday; use mon..sun or 周一..周日.")
        self.text = text


def parse_weekday(text: str) -> int:
    """``fri``, ``Friday``, ``周五``, ``星期五``, ``礼拜五``, ``5`` → 4 (Monday is 0)."""
    raw = unicodedata.normalize("NFKC", text if isinstance(text, str) else "").strip().lower()
    if raw in WEEKDAY_CODES:
        return WEEKDAY_CODES.index(raw)
    if raw in _EN_NAMES:
        return _EN_NAMES.index(raw)
    for prefix in ("星期", "周", "礼拜"):
        if raw.startswith(prefix):
            rest = raw[len(prefix) :]
            if rest in ("天", "日"):
                return 6
            if rest in WEEKDAY_ZH:
                return WEEKDAY_ZH.index(rest)
    if raw.isdigit() and len(raw) == 1 and 1 <= int(raw) <= 7:
        return int(raw) - 1
    raise InvalidWeekday(text[:16] if isinstance(text, str) else "")


def parse_minute(text: str) -> int:
    """``15:00`` → 900; raises :class:`~bot.core.errors.InvalidPushTime` on bad input."""
    at = parse_push_time(text)
    return at.hour * 60 + at.minute


def to_utc(day: date, minute: int, tz: tzinfo) -> datetime:
    """The instant of ``day`` at ``minute`` in ``tz`` (a skipped DST minute moves forward)."""
    local = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=tz)
    return local.astimezone(UTC).astimezone(tz).astimezone(UTC)


def latest_occurrence(weekday: int, minute: int, tz: tzinfo, now: datetime) -> datetime:
    """The most recent start of a weekly schedule at or before ``now`` (UTC)."""
    today = local_date(now, tz)
    day = today - timedelta(days=(today.weekday() - weekday) % 7)
    at = to_utc(day, minute, tz)
    if at > now:
        at = to_utc(day - timedelta(days=7), minute, tz)
    return at


def next_occurrence(weekday: int, minute: int, tz: tzinfo, now: datetime) -> datetime:
    """The next start strictly after ``now`` (UTC)."""
    latest = latest_occurrence(weekday, minute, tz, now)
    return to_utc(local_date(latest, tz) + timedelta(days=7), minute, tz)


def decide(
    occurrence: datetime, created_at: datetime, now: datetime, grace: timedelta = DEFAULT_GRACE
) -> Decision:
    """Start an occurrence once it has come; missed when more than ``grace`` late.

    An occurrence before the schedule existed is never due (adding a Friday 15:00 session at
    Friday 15:30 waits for next Friday)."""
    if occurrence < created_at or occurrence > now:
        return "not_due"
    return "start" if now - occurrence <= grace else "missed"


@dataclass(frozen=True, slots=True)
class DueReport:
    kind: PeriodKind
    period: Period  # the period the report covers
    due_at: datetime  # UTC


def due_report(
    kind: PeriodKind, tz: tzinfo, now: datetime, since: datetime, grace: timedelta = REPORT_GRACE
) -> DueReport | None:
    """The report of ``kind`` to post now, if its time has come within ``grace`` and after
    ``since`` (when the bot met the group: no report for a period it never saw)."""
    today = local_date(now, tz)
    current = Period.week_of(today) if kind == "week" else Period.month_of(today)
    due_at = to_utc(current.start, REPORT_MINUTE, tz)
    if due_at > now or now - due_at > grace or due_at < since:
        return None
    return DueReport(kind, current.previous(), due_at)


def period_so_far(kind: PeriodKind, today: date) -> Period:
    return Period.week_of(today) if kind == "week" else Period.month_of(today)


def period_bounds(period: Period, tz: tzinfo) -> tuple[datetime, datetime]:
    """[start, end) of a period of local dates, as UTC instants."""
    return to_utc(period.start, 0, tz), to_utc(period.end + timedelta(days=1), 0, tz)


def weekday_label(weekday: int, lang: str) -> str:
    return f"周{WEEKDAY_ZH[weekday]}" if lang == "zh" else WEEKDAY_CODES[weekday].capitalize()


def minute_label(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"
