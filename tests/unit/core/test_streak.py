from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.streak import FreezePolicy, Streak, compute_streak
from bot.core.timezones import (
    dates_skipped_by_zone,
    excused_dates_for_zone_change,
    local_date,
    next_push_at,
)

from .strategies import instants, zones

D = date(2024, 3, 1)
NO_FREEZES = FreezePolicy(max_banked=0)


def days(start: date, count: int) -> list[date]:
    return [start + timedelta(days=i) for i in range(count)]


# --- plain examples --------------------------------------------------------------------------


def test_no_history() -> None:
    assert compute_streak([], D) == Streak(0, 0, 0, 0, None)


def test_today_not_yet_studied_is_not_a_miss() -> None:
    streak = compute_streak(days(D, 5), D + timedelta(days=5))
    assert (streak.current, streak.longest, streak.total) == (5, 5, 5)
    assert streak.alive_through == D + timedelta(days=5)


def test_a_missed_day_without_freeze_breaks() -> None:
    history = [*days(D, 3), *days(D + timedelta(days=4), 2)]  # D+3 missed
    streak = compute_streak(history, D + timedelta(days=5))
    assert (streak.current, streak.longest, streak.total, streak.freezes) == (2, 3, 5, 0)
    assert streak.run_days == (D + timedelta(days=4), D + timedelta(days=5))


def test_freeze_earned_after_seven_days_covers_one_miss() -> None:
    history = [*days(D, 7), D + timedelta(days=8)]  # D+7 missed
    streak = compute_streak(history, D + timedelta(days=8))
    assert streak.current == 8
    assert streak.total == 8
    assert streak.freezes == 0
    assert streak.frozen_days == (D + timedelta(days=7),)


def test_six_days_earn_nothing() -> None:
    history = [*days(D, 6), D + timedelta(days=7)]
    assert compute_streak(history, D + timedelta(days=7)).current == 1


def test_freezes_are_capped_at_two() -> None:
    streak = compute_streak(days(D, 21), D + timedelta(days=20))
    assert streak.freezes == 2
    assert streak.alive_through == D + timedelta(days=23)
    assert compute_streak(days(D, 14), D + timedelta(days=13)).freezes == 2
    assert compute_streak(days(D, 13), D + timedelta(days=12)).freezes == 1


def test_two_freezes_cover_two_missed_days_but_not_three() -> None:
    history = days(D, 14)
    back = D + timedelta(days=16)
    assert compute_streak([*history, back], back).current == 15
    later = D + timedelta(days=17)
    broken = compute_streak([*history, later], later)
    assert (broken.current, broken.longest, broken.freezes) == (1, 14, 0)


def test_frozen_days_do_not_reset_the_earning_count() -> None:
    # 7 days earn a freeze, a miss spends it, 7 more days earn another one
    history = [*days(D, 7), *days(D + timedelta(days=8), 7)]
    streak = compute_streak(history, D + timedelta(days=14))
    assert streak.current == 14
    assert streak.freezes == 1


def test_excused_days_are_neutral() -> None:
    history = [*days(D, 3), *days(D + timedelta(days=4), 2)]
    streak = compute_streak(history, D + timedelta(days=5), excused=[D + timedelta(days=3)])
    assert (streak.current, streak.total) == (5, 5)
    assert streak.frozen_days == ()
    # an excused day that was also studied counts once
    both = compute_streak(days(D, 3), D + timedelta(days=2), excused=[D + timedelta(days=1)])
    assert (both.current, both.total) == (3, 3)


def test_days_after_today_and_duplicates_are_ignored() -> None:
    history = [D, D, D + timedelta(days=1), D + timedelta(days=10)]
    streak = compute_streak(history, D + timedelta(days=1))
    assert (streak.current, streak.total, streak.last_study_day) == (2, 2, D + timedelta(days=1))


def test_year_end_and_leap_day() -> None:
    history = days(date(2023, 12, 25), 70)  # through 2024-02-29 and into March
    streak = compute_streak(history, date(2024, 3, 3))
    assert date(2024, 2, 29) in streak.run_days
    assert streak.current == streak.total == 70
    # missing Feb 29 with no freeze breaks (it is a real day)
    gap = [d for d in days(date(2024, 2, 27), 5) if d != date(2024, 2, 29)]
    assert compute_streak(gap, date(2024, 3, 2), policy=NO_FREEZES).current == 2
    # 2023 has no Feb 29: Feb 28 -> Mar 1 is consecutive
    assert compute_streak([date(2023, 2, 28), date(2023, 3, 1)], date(2023, 3, 1)).current == 2


def test_policy_validation() -> None:
    with pytest.raises(ValueError):
        FreezePolicy(earn_every=0)


# --- properties ---------------------------------------------------------------------------

dates = st.dates(min_value=date(2023, 10, 1), max_value=date(2025, 3, 31))
histories = st.lists(dates, max_size=60)


@settings(max_examples=150, deadline=None)
@given(histories, dates, st.lists(dates, max_size=5), st.randoms(use_true_random=False))
def test_permutation_and_duplicate_invariance(history, today, excused, rnd) -> None:
    shuffled = [*history, *history[:5]]
    rnd.shuffle(shuffled)
    assert compute_streak(shuffled, today, excused) == compute_streak(history, today, excused)


@settings(max_examples=200, deadline=None)
@given(histories, dates, st.lists(dates, max_size=5))
def test_counts_are_consistent(history, today, excused) -> None:
    streak = compute_streak(history, today, excused)
    distinct = {d for d in history if d <= today}
    assert streak.total == len(distinct)
    assert 0 <= streak.current <= streak.longest <= streak.total
    assert 0 <= streak.freezes <= 2
    assert streak.current == len(streak.run_days)
    assert set(streak.run_days) <= distinct
    assert not set(streak.frozen_days) & (distinct | set(excused))
    assert (streak.current == 0) == (streak.alive_through is None)
    if streak.run_days:
        assert list(streak.run_days) == sorted(streak.run_days)
        assert streak.run_days[-1] == max(distinct)
        assert streak.alive_through is not None and streak.alive_through >= today


@settings(max_examples=100, deadline=None)
@given(dates, st.integers(1, 60))
def test_studying_every_day(start, count) -> None:
    today = start + timedelta(days=count - 1)
    streak = compute_streak(days(start, count), today)
    assert streak.current == streak.longest == streak.total == count
    assert streak.freezes == min(count // 7, 2)


@settings(max_examples=150, deadline=None)
@given(dates, st.integers(7, 30), st.integers(1, 10), st.integers(1, 5))
def test_gap_within_banked_freezes_survives_and_longer_breaks(start, before, gap, after) -> None:
    first = days(start, before)
    resume = first[-1] + timedelta(days=gap + 1)
    second = days(resume, after)
    banked = compute_streak(first, first[-1]).freezes
    streak = compute_streak([*first, *second], second[-1])
    if gap <= banked:
        assert streak.current == before + after
        assert len(streak.frozen_days) == gap
    else:
        assert streak.current == after
        assert streak.longest == max(before, after)


@settings(max_examples=150, deadline=None)
@given(histories, dates, st.lists(dates, max_size=5))
def test_alive_through_is_exact(history, today, excused) -> None:
    history = [d for d in history if d <= today]  # nothing more is studied after today
    streak = compute_streak(history, today, excused)
    if streak.alive_through is None:
        return
    for later in days(today, (streak.alive_through - today).days + 1):
        assert compute_streak(history, later, excused).current == streak.current
    after = streak.alive_through + timedelta(days=1)
    assert compute_streak(history, after, excused).current == 0


@settings(max_examples=100, deadline=None)
@given(histories, dates, st.lists(dates, max_size=8))
def test_excusing_more_days_never_hurts(history, today, excused) -> None:
    base = compute_streak(history, today)
    more = compute_streak(history, today, excused)
    assert more.current >= base.current
    assert more.total == base.total


# --- time zones and DST ---------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_zone_changes_never_break_a_faithful_learner(data) -> None:
    """A learner who studies on every local date they live, changing zone at random
    instants, never loses the streak (even with no freezes) and no day is counted twice."""
    start = data.draw(instants, label="start")
    plan = data.draw(
        st.lists(st.tuples(zones, st.integers(1, 24 * 8)), min_size=1, max_size=6), label="plan"
    )
    studied: list[date] = []
    excused: set[date] = set()
    segment_start, previous_zone = start, None
    last_hour = start
    for number, (zone, hours) in enumerate(plan, start=1):
        segment_end = segment_start + timedelta(hours=hours)
        if previous_zone is not None:
            excused |= set(excused_dates_for_zone_change(previous_zone, zone, segment_start))
        excused |= set(
            dates_skipped_by_zone(
                zone, local_date(segment_start, zone), local_date(segment_end, zone)
            )
        )
        lived: dict[date, list[datetime]] = defaultdict(list)
        offset = data.draw(st.integers(0, 59), label="minute")
        for k in range(hours):
            # the segment's first instant, then hourly at a random minute (all < segment_end)
            instant = segment_start + timedelta(hours=k, minutes=offset * (k > 0))
            lived[local_date(instant, zone)].append(instant)
            last_hour = instant
        # The date the zone change cuts short (or, at the end, today) may not be studied yet.
        cut = local_date(last_hour if number == len(plan) else segment_end, zone)
        for day in sorted(lived):
            if day == cut and data.draw(st.booleans(), label="cut short"):
                continue
            moment = data.draw(st.sampled_from(lived[day]), label="study at")
            studied.append(local_date(moment, zone))
        segment_start, previous_zone = segment_end, zone
    today = local_date(last_hour, previous_zone)
    streak = compute_streak(studied, today, excused, policy=NO_FREEZES)
    distinct = {d for d in studied if d <= today}
    assert streak.total == len(distinct)
    assert streak.current == streak.longest == streak.total


DST_ZONES = ["America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "America/Santiago"]


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(DST_ZONES).map(ZoneInfo),
    st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 1)),
    st.integers(60, 239).map(lambda m: time(m // 60, m % 60)),
    st.integers(20, 200),
)
def test_daily_study_near_dst_transitions_never_breaks(tz, start, at, count) -> None:
    instant = datetime.combine(start, time(12), tzinfo=UTC)
    studied = []
    for _ in range(count):
        instant = next_push_at(at, tz, instant)
        studied.append(local_date(instant, tz))
    streak = compute_streak(studied, studied[-1], policy=NO_FREEZES)
    assert streak.current == streak.total == count


@pytest.mark.parametrize(
    ("zone", "transition"),
    [
        ("America/New_York", date(2024, 3, 10)),
        ("America/New_York", date(2024, 11, 3)),
        ("Europe/Berlin", date(2024, 3, 31)),
        ("Europe/Berlin", date(2024, 10, 27)),
        ("Australia/Lord_Howe", date(2024, 10, 6)),
        ("Australia/Lord_Howe", date(2024, 4, 7)),
    ],
)
def test_study_at_0230_across_a_transition(zone: str, transition: date) -> None:
    tz = ZoneInfo(zone)
    instant = datetime.combine(transition - timedelta(days=3), time(12), tzinfo=UTC)
    studied = []
    for _ in range(7):
        instant = next_push_at(time(2, 30), tz, instant)
        studied.append(local_date(instant, tz))
    assert transition in studied
    assert compute_streak(studied, studied[-1], policy=NO_FREEZES).current == 7


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 3, 31)), max_size=70),
    st.lists(st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 3, 31)), max_size=6),
)
def test_day_by_day_consistency(history, excused) -> None:
    """Recomputing from the full history agrees with what the learner saw the day before:
    tomorrow's streak is today's plus tomorrow's study, unless today was an uncovered miss."""
    studied, excused_set = set(history), set(excused)
    previous = compute_streak(history, date(2023, 12, 31), excused)
    for today in days(date(2024, 1, 1), 91):
        streak = compute_streak(history, today, excused)
        yesterday = today - timedelta(days=1)
        uncovered_miss = (
            yesterday not in studied | excused_set
            and previous.current > 0
            and previous.freezes == 0
        )
        carried = 0 if uncovered_miss else previous.current
        assert streak.current == carried + (today in studied)
        assert streak.total == previous.total + (today in studied)
        assert streak.longest == max(previous.longest, streak.current)
        if not uncovered_miss and yesterday not in studied | excused_set and previous.current:
            assert yesterday in streak.frozen_days
        previous = streak
