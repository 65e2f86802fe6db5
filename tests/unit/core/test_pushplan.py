from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.pushplan import advance_push, push_day, study_day_for_push
from bot.core.timezones import local_date, next_push_at

from .strategies import instants, push_times, zones

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_push_day_examples() -> None:
    due = datetime(2024, 12, 31, 23, 30, tzinfo=UTC)  # 2025-01-01 07:30 in Shanghai
    assert push_day(time(7, 30), SHANGHAI, due, due) == date(2025, 1, 1)
    late = due + timedelta(hours=16)  # 23:30 local, same day: still sent
    assert push_day(time(7, 30), SHANGHAI, due, late) == date(2025, 1, 1)
    stale = due + timedelta(hours=16, minutes=31)  # past local midnight
    assert push_day(time(7, 30), SHANGHAI, due, stale) is None
    # the next push is the next day's, not a second one for the stale day
    assert advance_push(time(7, 30), SHANGHAI, due, stale) == due + timedelta(days=1)
    # down for a whole day: the old day's push is dropped, today's goes out at once
    back = due + timedelta(days=1, hours=2)  # 2025-01-02 09:30 local
    assert push_day(time(7, 30), SHANGHAI, due, back) == date(2025, 1, 2)
    assert advance_push(time(7, 30), SHANGHAI, due, back) == due + timedelta(days=2)
    assert study_day_for_push(due, SHANGHAI) == date(2025, 1, 1)


@settings(max_examples=100, deadline=None)
@given(push_times, zones, instants, st.integers(0, 60 * 60 * 30))
def test_planner_never_queues_two_pushes_for_one_day(push_time, tz, start, late_seconds) -> None:
    due = next_push_at(push_time, tz, start)
    now = due + timedelta(seconds=late_seconds)
    day = push_day(push_time, tz, due, now)
    following = advance_push(push_time, tz, due, now)
    assert following > now and following > due
    assert day is None or day == local_date(now, tz)
    assert day is None or local_date(following, tz) > day  # never a second push that day
    assert local_date(following, tz) > local_date(due, tz)
    assert push_day(push_time, tz, following, following) == local_date(following, tz)
