"""Time zones and push times: parsing user input, local dates, and the next push instant.

Everything takes the instant and the zone as arguments; nothing reads the clock.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.core.errors import InvalidPushTime, InvalidTimezone, NaiveDatetime

_MAX_NAME_LEN = 64
_NAME_CHARS = re.compile(r"[A-Za-z0-9_+\-/]+", re.ASCII)
# "UTC+8", "GMT-5", "UTC+08:00" → Etc/GMT∓H (POSIX sign convention is inverted in Etc names).
_OFFSET_ALIAS = re.compile(r"(?:UTC|GMT)([+-])(\d{1,2})(?::?00)?", re.ASCII | re.IGNORECASE)
# Not places: "localtime" follows the server's configuration, "Factory" shows "-00".
_EXCLUDED_NAMES = frozenset({"localtime", "factory", "posixrules"})
_PUSH_TIME = re.compile(r"(\d{1,2})[:.](\d{2})|(\d{1,2})(\d{2})", re.ASCII)


@lru_cache(maxsize=1)
def _zone_names_by_folded_name() -> dict[str, str]:
    """Lower-cased IANA name → canonical spelling. A read-only cache of static tz data."""
    return {
        name.casefold(): name
        for name in available_timezones()
        if name.casefold() not in _EXCLUDED_NAMES and not name.startswith(("posix/", "right/"))
    }


def _invalid_zone(name: str) -> InvalidTimezone:
    return InvalidTimezone(
        f"Unknown time zone {name!r}; use an IANA name such as 'Asia/Shanghai' or 'UTC'.",
        name=name,
    )


def parse_timezone(name: str) -> ZoneInfo:
    """Parse an IANA zone name typed by a user into a :class:`ZoneInfo`.

    Accepts surrounding spaces, any letter case ("asia/shanghai"), "UTC"/"GMT"/"Z", and
    whole-hour offsets "UTC+8" / "GMT-05:00" (mapped to the fixed ``Etc/GMT∓H`` zones,
    UTC-12 … UTC+14). Only names present in the tz database are accepted, so paths such as
    ``../etc`` or ``/etc/passwd`` and garbage raise :class:`InvalidTimezone`; so do the
    server-dependent ``localtime`` and the placeholder ``Factory``.
    """
    stripped = name.strip() if isinstance(name, str) else ""
    if not stripped or len(stripped) > _MAX_NAME_LEN:
        raise _invalid_zone(stripped[:_MAX_NAME_LEN])
    if stripped.upper() == "Z":
        stripped = "UTC"
    offset = _OFFSET_ALIAS.fullmatch(stripped)
    if offset:
        sign, hours = offset.group(1), int(offset.group(2))
        if (sign == "+" and hours > 14) or (sign == "-" and hours > 12):
            raise _invalid_zone(stripped)
        stripped = "UTC" if hours == 0 else f"Etc/GMT{'-' if sign == '+' else '+'}{hours}"
    if not _NAME_CHARS.fullmatch(stripped):
        raise _invalid_zone(stripped)
    canonical = _zone_names_by_folded_name().get(stripped.casefold())
    if canonical is None:
        raise _invalid_zone(stripped)
    try:
        return ZoneInfo(canonical)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # pragma: no cover - tzdata mismatch
        raise _invalid_zone(stripped) from None


def _invalid_push_time(text: str) -> InvalidPushTime:
    return InvalidPushTime(
        f"{text!r} is not a time of day; use 24-hour HH:MM between 00:00 and 23:59, e.g. 07:30.",
        text=text,
    )


def parse_push_time(text: str) -> time:
    """Parse a 24-hour clock time: ``7:30``, ``07:30``, ``07.30``, ``0730``, ``730``.

    Full-width digits and the full-width colon (``０７：３０``) are accepted (NFKC). Hours
    0-23 and minutes 0-59 only: ``24:00``, ``25:61``, empty text and anything else raise
    :class:`InvalidPushTime`. Seconds are always zero.
    """
    raw = text if isinstance(text, str) else ""
    normalised = unicodedata.normalize("NFKC", raw[:32]).strip()
    match = _PUSH_TIME.fullmatch(normalised) if len(raw) <= 32 else None
    if match is None:
        raise _invalid_push_time(raw[:32])
    hour_text = match.group(1) or match.group(3)
    minute_text = match.group(2) or match.group(4)
    hour, minute = int(hour_text), int(minute_text)
    if hour > 23 or minute > 59:
        raise _invalid_push_time(raw)
    return time(hour, minute)


def require_aware(instant: datetime, what: str = "instant") -> datetime:
    """Return ``instant`` if it carries a UTC offset, else raise :class:`NaiveDatetime`."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise NaiveDatetime(f"{what} must be timezone-aware, got naive {instant.isoformat()}")
    return instant


def local_date(instant: datetime, tz: tzinfo) -> date:
    """The calendar date the local clock in ``tz`` shows at ``instant`` (aware)."""
    return require_aware(instant).astimezone(tz).date()


def wall_time_exists(wall: datetime, tz: tzinfo) -> bool:
    """True unless the naive local ``wall`` time falls in a gap (e.g. a DST spring-forward)."""
    aware = wall.replace(tzinfo=tz, fold=0)
    return aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == wall.replace(fold=0)


def _first_instant_at_or_after(wall: datetime, tz: tzinfo) -> datetime:
    """The first UTC instant whose local wall time in ``tz`` is ``wall`` or later.

    For an existing wall time that is its first occurrence (fold=0); for one in a gap it is
    the transition instant, i.e. the first valid instant after the gap.
    """
    first = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    second = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
    if wall_time_exists(wall, tz):
        return min(first, second)
    # In a gap: the transition lies between the two interpretations; binary search to 1 µs.
    low, high = min(first, second), max(first, second)
    while high - low > timedelta(microseconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(tz).replace(tzinfo=None) >= wall:
            high = middle
        else:
            low = middle
    return high


def push_instant_for_date(push_time: time, tz: tzinfo, day: date) -> datetime | None:
    """The UTC instant of the push for local ``day``, or None if that day has no such instant.

    The push happens at the first occurrence of ``push_time`` on ``day``; if ``push_time``
    falls in a DST gap it happens at the first valid instant after the gap. If the gap
    carries it into another local date (a zone skipping a whole day), there is no push.
    """
    wall = datetime.combine(day, push_time.replace(tzinfo=None, fold=0))
    instant = _first_instant_at_or_after(wall, tz)
    return instant if instant.astimezone(tz).date() == day else None


def next_push_at(push_time: time, tz: tzinfo, after: datetime) -> datetime:
    """The first UTC instant strictly after ``after`` at which the daily push is due.

    One push per local date at most (see :func:`push_instant_for_date`): on a DST gap the
    first valid instant after the gap; on a fold only the first occurrence.
    """
    after_utc = require_aware(after, "after").astimezone(UTC)
    start = local_date(after_utc, tz) - timedelta(days=1)
    for offset in range(8):
        candidate = push_instant_for_date(push_time, tz, start + timedelta(days=offset))
        if candidate is not None and candidate > after_utc:
            return candidate
    raise AssertionError("no push instant within a week")  # pragma: no cover - impossible


def _date_exists(day: date, tz: tzinfo) -> bool:
    """Whether some instant shows ``day`` on the local clock (a gap is one interval)."""
    return any(
        wall_time_exists(datetime.combine(day, t), tz)
        for t in (time(12), time(0), time(23, 59, 59, 999999))
    )


def dates_skipped_by_zone(tz: tzinfo, start: date, end: date) -> list[date]:
    """Local dates in ``[start, end]`` that never happened in ``tz`` (Pacific/Apia 2011-12-30)."""
    days = (end - start).days
    return [
        start + timedelta(days=i)
        for i in range(days + 1)
        if not _date_exists(start + timedelta(days=i), tz)
    ]


def excused_dates_for_zone_change(old_tz: tzinfo, new_tz: tzinfo, at: datetime) -> list[date]:
    """Local dates cut short or skipped when a learner switches zone at instant ``at``.

    Moving east across midnight (local date jumps from ``d_old`` to ``d_new > d_old``): the
    dates ``d_old … d_new - 1`` are excused — ``d_old`` was cut short and the ones in between
    were never lived. They neither break a streak nor count as study days (a study day that
    is also excused still counts, once). Moving west (the date goes back) or staying on the
    same date excuses nothing: dates lived twice are one date, so they are never counted twice.
    """
    old_date = local_date(at, old_tz)
    new_date = local_date(at, new_tz)
    return [old_date + timedelta(days=i) for i in range((new_date - old_date).days)]
