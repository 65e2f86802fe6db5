from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.errors import InvalidPushTime, InvalidTimezone, NaiveDatetime
from bot.core.timezones import (
    dates_skipped_by_zone,
    excused_dates_for_zone_change,
    local_date,
    next_push_at,
    parse_push_time,
    parse_timezone,
    push_instant_for_date,
    wall_time_exists,
)

from .strategies import instants, push_times, zones

NY = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")
APIA = ZoneInfo("Pacific/Apia")
SHANGHAI = ZoneInfo("Asia/Shanghai")


# --- parse_timezone ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Asia/Shanghai", "Asia/Shanghai"),
        ("  asia/shanghai ", "Asia/Shanghai"),
        ("AMERICA/NEW_YORK", "America/New_York"),
        ("utc", "UTC"),
        ("GMT", "GMT"),
        ("Z", "UTC"),
        ("UTC+8", "Etc/GMT-8"),
        ("gmt-05:00", "Etc/GMT+5"),
        ("UTC+0", "UTC"),
    ],
)
def test_parse_timezone_accepts(text: str, key: str) -> None:
    assert parse_timezone(text).key == key


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "../etc",
        "../../etc/passwd",
        "/etc/localtime",
        "Mars/Olympus",
        "Asia/",
        "Asia//Shanghai",
        "UTC+15",
        "UTC-13",
        "x" * 10_000,
        "Asia/Shang\x00hai",
        "亚洲/上海",
        "localtime",
        "Factory",
    ],
)
def test_parse_timezone_rejects(text: str) -> None:
    with pytest.raises(InvalidTimezone) as info:
        parse_timezone(text)
    assert info.value.code == "invalid_timezone"
    assert "time zone" in str(info.value)


def test_utc_offset_alias_has_that_offset() -> None:
    at = datetime(2024, 6, 1, tzinfo=UTC)
    assert parse_timezone("UTC+8").utcoffset(at) == timedelta(hours=8)
    assert parse_timezone("UTC-5").utcoffset(at) == timedelta(hours=-5)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_parse_timezone_returns_zone_or_clear_error(text: str) -> None:
    try:
        zone = parse_timezone(text)
    except InvalidTimezone as error:
        assert error.code == "invalid_timezone"
    else:
        assert isinstance(zone, ZoneInfo)


# --- parse_push_time --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7:30", time(7, 30)),
        ("07:30", time(7, 30)),
        (" 07:30 ", time(7, 30)),
        ("0730", time(7, 30)),
        ("730", time(7, 30)),
        ("07.30", time(7, 30)),
        ("０７：３０", time(7, 30)),
        ("23:59", time(23, 59)),
        ("0:00", time(0, 0)),
    ],
)
def test_parse_push_time_accepts(text: str, expected: time) -> None:
    assert parse_push_time(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "25:61",
        "24:00",
        "",
        " ",
        "7",
        "7:3",
        "12:60",
        "-1:00",
        "7:30pm",
        "07:30:00",
        "abc",
        "1" * 1000,
        "07:30\x00",
    ],
)
def test_parse_push_time_rejects(text: str) -> None:
    with pytest.raises(InvalidPushTime) as info:
        parse_push_time(text)
    assert info.value.code == "invalid_push_time"


@settings(deadline=None)
@given(st.integers(0, 23), st.integers(0, 59))
def test_parse_push_time_roundtrip(hour: int, minute: int) -> None:
    assert parse_push_time(f"{hour}:{minute:02d}") == time(hour, minute)
    assert parse_push_time(f"{hour:02d}{minute:02d}") == time(hour, minute)


# --- local_date ---------------------------------------------------------------------------


def test_local_date_examples() -> None:
    instant = datetime(2024, 12, 31, 17, 0, tzinfo=UTC)
    assert local_date(instant, SHANGHAI) == date(2025, 1, 1)
    assert local_date(instant, NY) == date(2024, 12, 31)
    assert local_date(datetime(2024, 2, 29, 1, tzinfo=UTC), NY) == date(2024, 2, 28)


def test_local_date_rejects_naive() -> None:
    with pytest.raises(NaiveDatetime):
        local_date(datetime(2024, 1, 1), SHANGHAI)
    with pytest.raises(ValueError):
        next_push_at(time(7), SHANGHAI, datetime(2024, 1, 1))


# --- next_push_at -------------------------------------------------------------------------


def test_push_in_spring_forward_gap_is_at_end_of_gap() -> None:
    # 2024-03-10 02:30 does not exist in New York; the clock jumps 02:00 EST -> 03:00 EDT.
    push = next_push_at(time(2, 30), NY, datetime(2024, 3, 9, 12, tzinfo=UTC))
    assert push == datetime(2024, 3, 10, 7, 0, tzinfo=UTC)
    assert push.astimezone(NY).time() == time(3, 0)


def test_push_in_fold_happens_once_at_first_occurrence() -> None:
    first = next_push_at(time(1, 30), NY, datetime(2024, 11, 2, 12, tzinfo=UTC))
    assert first == datetime(2024, 11, 3, 5, 30, tzinfo=UTC)  # 01:30 EDT
    following = next_push_at(time(1, 30), NY, first)
    assert following == datetime(2024, 11, 4, 6, 30, tzinfo=UTC)  # not 01:30 EST on 11-03


def test_lord_howe_half_hour_gap() -> None:
    # 2024-10-06 02:00 -> 02:30 local (UTC+10:30 -> +11).
    push = next_push_at(time(2, 15), LORD_HOWE, datetime(2024, 10, 5, 0, tzinfo=UTC))
    assert push.astimezone(LORD_HOWE).replace(tzinfo=None) == datetime(2024, 10, 6, 2, 30)


def test_apia_skipped_day_gets_no_push() -> None:
    after = datetime(2011, 12, 29, 20, tzinfo=UTC)  # 2011-12-29 10:00 in Apia (UTC-10)
    push = next_push_at(time(9), APIA, after)
    assert push.astimezone(APIA).date() == date(2011, 12, 31)
    assert push.astimezone(APIA).time() == time(9)
    assert push_instant_for_date(time(9), APIA, date(2011, 12, 30)) is None


def test_push_is_strictly_after() -> None:
    at = datetime(2024, 5, 1, 23, 30, tzinfo=UTC)  # 07:30 in Shanghai on 05-02
    assert next_push_at(time(7, 30), SHANGHAI, at) == at + timedelta(days=1)
    assert next_push_at(time(7, 30), SHANGHAI, at - timedelta(microseconds=1)) == at


@settings(max_examples=150, deadline=None)
@given(push_times, zones, instants)
def test_next_push_properties(push_time: time, tz: ZoneInfo, after: datetime) -> None:
    push = next_push_at(push_time, tz, after)
    assert push.tzinfo is UTC
    assert push > after
    local = push.astimezone(tz)
    wall = datetime.combine(local.date(), push_time)
    if wall_time_exists(wall, tz):
        assert local.time() == push_time
        # first occurrence: no earlier instant shows the same wall time
        assert push == min(
            wall.replace(tzinfo=tz, fold=0).astimezone(UTC),
            wall.replace(tzinfo=tz, fold=1).astimezone(UTC),
        )
    else:
        # in a gap: the first valid instant after it, i.e. a microsecond earlier is before
        assert local.replace(tzinfo=None) > wall
        assert (push - timedelta(microseconds=1)).astimezone(tz).replace(tzinfo=None) < wall
    # nothing earlier (after `after`) qualified: the previous local date's push is <= after
    previous = push_instant_for_date(push_time, tz, local.date() - timedelta(days=1))
    assert previous is None or previous <= after or previous >= push


@settings(max_examples=25, deadline=None)
@given(push_times, zones, instants)
def test_consecutive_pushes_one_per_local_date(push_time: time, tz: ZoneInfo, start) -> None:
    pushes = [next_push_at(push_time, tz, start)]
    for _ in range(60):
        pushes.append(next_push_at(push_time, tz, pushes[-1]))
    dates = [local_date(p, tz) for p in pushes]
    assert pushes == sorted(set(pushes))
    assert dates == sorted(set(dates))  # strictly increasing: never two pushes per date
    skipped = set(dates_skipped_by_zone(tz, dates[0], dates[-1]))
    expected = {dates[0] + timedelta(days=i) for i in range((dates[-1] - dates[0]).days + 1)}
    assert set(dates) == expected - skipped  # and no lived date is left without a push


@pytest.mark.parametrize("tz", [NY, BERLIN, LORD_HOWE])
def test_daily_pushes_over_dst_years(tz: ZoneInfo) -> None:
    push = datetime(2023, 1, 1, tzinfo=UTC)
    dates = []
    for _ in range(730):
        push = next_push_at(time(2, 30), tz, push)
        dates.append(local_date(push, tz))
    assert dates == [dates[0] + timedelta(days=i) for i in range(730)]


# --- skipped dates and zone changes ---------------------------------------------------------


def test_dates_skipped_by_zone() -> None:
    assert dates_skipped_by_zone(APIA, date(2011, 12, 1), date(2012, 1, 31)) == [date(2011, 12, 30)]
    kiritimati = ZoneInfo("Pacific/Kiritimati")
    assert dates_skipped_by_zone(kiritimati, date(1994, 12, 1), date(1995, 1, 31)) == [
        date(1994, 12, 31)
    ]
    assert dates_skipped_by_zone(NY, date(2000, 1, 1), date(2030, 12, 31)) == []


def test_zone_change_east_across_midnight_excuses_cut_day() -> None:
    at = datetime(2024, 3, 1, 20, tzinfo=UTC)  # 15:00 in New York, 04:00 on 03-02 in Shanghai
    assert excused_dates_for_zone_change(NY, SHANGHAI, at) == [date(2024, 3, 1)]
    assert excused_dates_for_zone_change(SHANGHAI, NY, at) == []
    assert excused_dates_for_zone_change(NY, BERLIN, datetime(2024, 3, 1, 12, tzinfo=UTC)) == []


def test_zone_change_across_date_line_excuses_all_cut_days() -> None:
    at = datetime(2024, 12, 31, 10, 30, tzinfo=UTC)  # 2024-12-30 23:30 in Pago Pago (UTC-11)
    kiritimati = ZoneInfo("Pacific/Kiritimati")  # UTC+14: already 2025-01-01 00:30
    # 12-30 was cut short and 12-31 never lived: both excused.
    assert excused_dates_for_zone_change(ZoneInfo("Pacific/Pago_Pago"), kiritimati, at) == [
        date(2024, 12, 30),
        date(2024, 12, 31),
    ]


@settings(max_examples=100, deadline=None)
@given(zones, zones, instants)
def test_excused_dates_cover_exactly_the_jump(old: ZoneInfo, new: ZoneInfo, at: datetime) -> None:
    excused = excused_dates_for_zone_change(old, new, at)
    old_date, new_date = local_date(at, old), local_date(at, new)
    assert excused == sorted(set(excused))
    if new_date > old_date:
        assert excused[0] == old_date and excused[-1] == new_date - timedelta(days=1)
        assert len(excused) == (new_date - old_date).days
    else:
        assert excused == []


def check_skipped_dates_by_scan(tz: ZoneInfo, around: datetime) -> None:
    """Local dates seen by a 15-minute scan of 40 days vs dates_skipped_by_zone."""
    start = around - timedelta(days=20)
    seen = {local_date(start + timedelta(minutes=15 * k), tz) for k in range(40 * 24 * 4)}
    first, last = min(seen) + timedelta(days=1), max(seen) - timedelta(days=1)
    every = {first + timedelta(days=i) for i in range((last - first).days + 1)}
    assert set(dates_skipped_by_zone(tz, first, last)) == every - seen


@settings(max_examples=30, deadline=None)
@given(zones, instants)
def test_skipped_dates_match_a_brute_force_scan(tz: ZoneInfo, around: datetime) -> None:
    check_skipped_dates_by_scan(tz, around)


def test_apia_skip_found_by_scan() -> None:
    check_skipped_dates_by_scan(APIA, datetime(2011, 12, 30, 12, tzinfo=UTC))
    check_skipped_dates_by_scan(ZoneInfo("Pacific/Kiritimati"), datetime(1995, 1, 1, tzinfo=UTC))
