from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.ranking import Ranked, Standing, Window, rank, window_bounds, window_standing
from bot.core.streak import compute_streak
from bot.core.studyday import DayActivity

T0 = datetime(2024, 1, 1, tzinfo=UTC)


def standing(lid: int, cur: int, total: int, answers: int, correct: int, minute: int = 0):
    return Standing(lid, f"u{lid}", cur, total, answers, correct, T0 + timedelta(minutes=minute))


def test_window_bounds() -> None:
    wednesday = date(2024, 2, 28)
    assert window_bounds(Window.WEEK, wednesday) == (date(2024, 2, 26), wednesday)
    assert window_bounds(Window.WEEK, date(2024, 2, 26)) == (date(2024, 2, 26), date(2024, 2, 26))
    assert window_bounds(Window.WEEK, date(2025, 1, 1)) == (date(2024, 12, 30), date(2025, 1, 1))
    assert window_bounds(Window.MONTH, date(2024, 2, 29)) == (date(2024, 2, 1), date(2024, 2, 29))
    assert window_bounds(Window.ALL, wednesday) == (None, wednesday)
    assert window_bounds("month", wednesday)[0] == date(2024, 2, 1)  # type: ignore[arg-type]


def test_rank_order_and_competition_positions() -> None:
    a = standing(1, 5, 10, 10, 9)
    b = standing(2, 5, 10, 8, 6, minute=1)  # lower accuracy
    c = standing(3, 5, 10, 4, 3, minute=1)  # ties b exactly (3/4 == 6/8, same time)
    d = standing(4, 7, 7, 0, 0)
    e = standing(5, 5, 10, 10, 9, minute=-1)  # same as a but got there first
    ranked = rank([a, b, c, d, e])
    assert [r.standing.learner_id for r in ranked] == [4, 5, 1, 2, 3]
    assert [r.position for r in ranked] == [1, 2, 3, 4, 4]
    assert rank([]) == []
    assert standing(9, 0, 0, 0, 0).accuracy == 0.0


def test_window_standing_counts_only_inside_the_window() -> None:
    today = date(2024, 3, 6)  # a Wednesday; the week started Monday 03-04
    studied = [date(2024, 2, 28) + timedelta(days=i) for i in range(8)]  # 02-28 .. 03-06
    streak = compute_streak(studied, today)
    activity = {d: DayActivity(read=True, answers=4, correct=3) for d in studied}
    activity[date(2024, 2, 27)] = DayActivity(answers=10, correct=0)
    args = {"learner_id": 1, "name": "小明", "streak": streak, "study_days": studied}
    week = window_standing(
        **args, activity=activity, reached_at=T0, window=Window.WEEK, today=today
    )
    assert (week.current_streak, week.total_days, week.answers, week.correct) == (3, 3, 12, 9)
    month = window_standing(**args, activity=activity, reached_at=T0, window="month", today=today)
    assert (month.current_streak, month.total_days) == (6, 6)
    every = window_standing(
        **args, activity=activity, reached_at=T0, window=Window.ALL, today=today
    )
    assert (every.current_streak, every.total_days, every.answers) == (8, 8, 42)


standings = st.lists(
    st.builds(
        standing,
        st.integers(0, 10_000),
        st.integers(0, 3),
        st.integers(0, 3),
        st.integers(0, 4),
        st.integers(0, 4),
        st.integers(0, 2),
    ).filter(lambda s: s.correct <= s.answers),
    max_size=25,
    unique_by=lambda s: s.learner_id,
)


def key(s: Standing):
    accuracy = Fraction(s.correct, s.answers) if s.answers else Fraction(0)
    return (-s.current_streak, -s.total_days, -accuracy, s.reached_at)


@settings(max_examples=200, deadline=None)
@given(standings, st.randoms())
def test_rank_properties(items: list[Standing], rnd) -> None:
    ranked = rank(items)
    assert sorted(r.standing.learner_id for r in ranked) == sorted(s.learner_id for s in items)
    keys = [key(r.standing) for r in ranked]
    assert keys == sorted(keys)
    positions = [r.position for r in ranked]
    assert positions == sorted(positions)
    for index, (previous, current) in enumerate(itertools.pairwise(ranked), start=2):
        if key(previous.standing) == key(current.standing):
            assert current.position == previous.position
        else:
            assert current.position == index  # competition ranking: 1, 2, 2, 4
    if ranked:
        assert ranked[0].position == 1
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert rank(shuffled) == ranked
    assert all(isinstance(r, Ranked) for r in ranked)
