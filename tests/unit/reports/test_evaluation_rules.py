"""The evaluation rules on known data: exact figures, and properties with hypothesis."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.evaluation import (
    FLAT_BAND_POINTS,
    HONOUR_RULE,
    EvaluationError,
    GroupEvaluationInput,
    MemberActivity,
    Period,
    SessionParticipant,
    WeekPoint,
    evaluate,
    rank_key,
    summarise_session,
    week_point,
    weeks_in,
)


def member(
    learner_id: int,
    study_days: int,
    answers: int = 0,
    correct: int = 0,
    streak: int = 0,
    name: str | None = None,
) -> MemberActivity:
    return MemberActivity(
        learner_id=learner_id,
        name=name or f"m{learner_id}",
        study_days=study_days,
        current_streak=streak,
        answers=answers,
        correct=correct,
        sessions_attended=0,
        reflections=0,
    )


NOV = Period.parse("2026-11")

# ------------------------------------------------------------------ periods


def test_week_of_is_monday_to_sunday() -> None:
    week = Period.week_of(date(2026, 11, 19))  # a Thursday
    assert (week.start, week.end, week.kind) == (date(2026, 11, 16), date(2026, 11, 22), "week")
    assert len(week.days()) == 7
    assert date(2026, 11, 22) in week and date(2026, 11, 23) not in week


def test_parse_month_and_iso_week() -> None:
    assert Period(date(2026, 11, 1), date(2026, 11, 30), "month") == NOV
    assert Period.parse("2026-W47") == Period.week_of(date(2026, 11, 16))
    assert Period.parse(" 2026-w01 ").start == date(2025, 12, 29)  # ISO week 1 starts in 2025
    assert Period.parse("2026-W53").end == date(2027, 1, 3)
    assert Period.parse("2026-W47").code() == "2026-W47"
    assert NOV.code() == "2026-11"


@pytest.mark.parametrize(
    "text", ["2026-13", "2026-00", "2025-W53", "2026-W0", "26-11", "", "nov", "0000-W01", "9999-12"]
)
def test_parse_rejects_with_a_clear_value_error(text: str) -> None:
    with pytest.raises(ValueError, match=r"2026-11|month|week"):
        Period.parse(text)


@given(st.text(max_size=12) | st.from_regex(r"\A\d{4}-[Ww]?\d{1,2}\Z"))
def test_parse_raises_only_value_error(text: str) -> None:
    try:
        period = Period.parse(text)
    except ValueError:
        return
    assert Period.parse(period.code()) == period


def test_previous_periods() -> None:
    assert Period.parse("2026-03").previous() == Period.parse("2026-02")
    assert Period.parse("2026-01").previous() == Period.parse("2025-12")
    assert Period.parse("2026-W01").previous() == Period.parse("2025-W52")
    assert len(Period.parse("2028-02").days()) == 29


def test_labels() -> None:
    assert NOV.label("zh") == "2026年11月"
    assert NOV.label("en") == "November 2026"
    week = Period.parse("2026-W47")
    assert week.label("zh") == "2026年第47周（11月16日–11月22日）"
    assert week.label("en") == "Week 47 of 2026 (16 Nov – 22 Nov)"


def test_period_constructor_checks_shape() -> None:
    with pytest.raises(EvaluationError):
        Period(date(2026, 11, 17), date(2026, 11, 23), "week")  # a Tuesday
    with pytest.raises(EvaluationError):
        Period(date(2026, 11, 1), date(2026, 11, 29), "month")


def test_weeks_in_month_are_the_overlapping_iso_weeks() -> None:
    weeks = weeks_in(NOV)  # 1 Nov 2026 is a Sunday, 30 Nov a Monday
    assert [w.start for w in weeks] == [
        date(2026, 10, 26),
        date(2026, 11, 2),
        date(2026, 11, 9),
        date(2026, 11, 16),
        date(2026, 11, 23),
        date(2026, 11, 30),
    ]
    assert weeks_in(Period.parse("2026-W47")) == (Period.parse("2026-W47"),)


# ------------------------------------------------------------------ evaluation on known data


def known_evaluation() -> GroupEvaluationInput:
    members = [
        member(1, 20, answers=40, correct=30, streak=5),  # 75 %
        member(2, 20, answers=10, correct=9, streak=1),  # 90 %: beats 1 on accuracy
        member(3, 20, answers=4, correct=4, streak=9),  # 4 answers: accuracy does not count
        member(4, 12, answers=0, streak=12),
        member(5, 0, answers=0),  # did not study: not eligible, not participating
    ]
    previous = [member(1, 10), member(2, 0), member(3, 0), member(4, 3)]
    return GroupEvaluationInput("学习小组", NOV, members, previous)


def test_exact_figures() -> None:
    ev = evaluate(known_evaluation())
    assert ev.participation.participants == 4 and ev.participation.known == 5
    assert ev.participation_rate == pytest.approx(0.8)
    assert ev.previous_participation_rate == pytest.approx(0.5)
    assert ev.trend.direction == "up"
    assert ev.trend.delta_points == pytest.approx(30.0)
    assert (ev.answers, ev.correct) == (54, 43)
    assert ev.group_accuracy == pytest.approx(43 / 54)
    assert ev.previous_period == Period.parse("2026-10")


def test_honour_roll_follows_the_rule() -> None:
    ev = evaluate(known_evaluation())
    assert [(e.rank, e.member.learner_id) for e in ev.honour_roll] == [(1, 2), (2, 1), (3, 3)]
    assert [m.learner_id for m in ev.members] == [2, 1, 3, 4, 5]
    assert ev.rule == HONOUR_RULE
    assert "5" in ev.rule.describe("en") and "5" in ev.rule.describe("zh")


def test_honour_roll_ties_share_a_rank_and_fall_back_to_learner_id() -> None:
    members = [member(9, 5, streak=2), member(4, 5, streak=2), member(7, 5, streak=1)]
    ev = evaluate(GroupEvaluationInput("g", NOV, members, []))
    assert [(e.rank, e.member.learner_id) for e in ev.honour_roll] == [(1, 4), (1, 9), (3, 7)]


def test_honour_roll_only_lists_members_who_studied() -> None:
    ev = evaluate(GroupEvaluationInput("g", NOV, [member(1, 0), member(2, 1)], []))
    assert [e.member.learner_id for e in ev.honour_roll] == [2]


def test_empty_group_has_zero_rates_and_no_division_error() -> None:
    ev = evaluate(GroupEvaluationInput("g", NOV, [], []))
    assert ev.participation_rate == 0.0 and ev.previous_participation_rate == 0.0
    assert ev.group_accuracy is None
    assert ev.trend.direction == "new" and ev.trend.delta_points is None
    assert ev.honour_roll == ()


@pytest.mark.parametrize(
    ("current", "previous", "direction"),
    [
        ((1, 3), (1, 3), "flat"),
        ((100, 199), (1, 2), "flat"),  # +0.25 points: inside the band
        ((99, 100), (98, 100), "up"),  # exactly +1 point is outside the band
        ((1, 4), (1, 2), "down"),
    ],
)
def test_trend_flat_band(
    current: tuple[int, int], previous: tuple[int, int], direction: str
) -> None:
    def group(participants: int, known: int) -> list[MemberActivity]:
        return [member(i, 1 if i < participants else 0) for i in range(known)]

    ev = evaluate(GroupEvaluationInput("g", NOV, group(*current), group(*previous)))
    assert ev.trend.direction == direction
    assert FLAT_BAND_POINTS == 1


def test_bad_input_is_rejected() -> None:
    with pytest.raises(EvaluationError):
        member(1, 1, answers=2, correct=3)
    with pytest.raises(EvaluationError):
        member(1, -1)
    with pytest.raises(EvaluationError):
        evaluate(GroupEvaluationInput("g", NOV, [member(1, 1), member(1, 2)], []))
    with pytest.raises(EvaluationError):
        evaluate(GroupEvaluationInput("g", Period.parse("2026-W47"), [member(1, 8)], []))
    with pytest.raises(EvaluationError):
        WeekPoint(date(2026, 11, 2), 1.5, None)


def test_week_point() -> None:
    point = week_point(date(2026, 11, 2), [member(1, 2, 10, 7), member(2, 0), member(3, 1, 0, 0)])
    assert point.participation == pytest.approx(2 / 3)
    assert point.accuracy == pytest.approx(0.7)
    assert week_point(date(2026, 11, 2), []).accuracy is None


# ------------------------------------------------------------------ sessions


def test_session_summary_on_known_data() -> None:
    participants = [
        SessionParticipant(1, "甲", answered=5, correct=4),
        SessionParticipant(2, "乙", answered=5, correct=2),
        SessionParticipant(3, "丙", answered=4, correct=4),
        SessionParticipant(4, "丁", answered=0, correct=0),  # opened it but answered nothing
        SessionParticipant(99, "new", answered=1, correct=0),  # not known to the bot yet
    ]
    summary = summarise_session({1, 2, 3, 4, 5, 6}, participants, question_count=5)
    assert (summary.attendance, summary.known) == (4, 7)
    assert [p.learner_id for p in summary.scores] == [1, 3, 2, 99]
    assert summary.best == ("甲", "丙") and summary.best_score == 4
    assert (summary.answered, summary.correct) == (15, 10)
    assert summary.group_accuracy == pytest.approx(10 / 15)
    assert summary.attendance_rate == pytest.approx(4 / 7)


def test_session_without_participants() -> None:
    summary = summarise_session([], [], question_count=5)
    assert summary.attendance == 0 and summary.known == 0 and summary.attendance_rate == 0.0
    assert summary.best == () and summary.group_accuracy is None


def test_session_rejects_more_answers_than_questions() -> None:
    with pytest.raises(EvaluationError):
        summarise_session([1], [SessionParticipant(1, "a", 6, 1)], question_count=5)


# ------------------------------------------------------------------ properties

activities = st.builds(
    lambda lid, days, answers, frac, streak: member(
        lid, days, answers, round(answers * frac), streak
    ),
    st.integers(1, 10_000),
    st.integers(0, 30),
    st.integers(0, 50),
    st.floats(0, 1),
    st.integers(0, 60),
)
member_lists = st.lists(activities, max_size=25, unique_by=lambda m: m.learner_id)


@given(member_lists, member_lists)
def test_rates_are_in_the_unit_interval(
    members: list[MemberActivity], prev: list[MemberActivity]
) -> None:
    ev = evaluate(GroupEvaluationInput("g", NOV, members, prev))
    assert 0.0 <= ev.participation_rate <= 1.0
    assert 0.0 <= ev.previous_participation_rate <= 1.0
    assert ev.group_accuracy is None or 0.0 <= ev.group_accuracy <= 1.0
    if ev.trend.delta_points is not None:
        assert -100.0 <= ev.trend.delta_points <= 100.0


@given(member_lists)
def test_honour_roll_is_a_sorted_subset_of_the_eligible(members: list[MemberActivity]) -> None:
    ev = evaluate(GroupEvaluationInput("g", NOV, members, []))
    roll = [e.member for e in ev.honour_roll]
    eligible = [m for m in members if m.study_days >= 1]
    assert all(m in eligible for m in roll)
    assert len(roll) == min(3, len(eligible))
    assert roll == sorted(roll, key=rank_key)
    ranks = [e.rank for e in ev.honour_roll]
    assert ranks == sorted(ranks) and (not ranks or ranks[0] == 1)
    # nobody left out beats anybody on the roll
    left_out = [m for m in eligible if m not in roll]
    if roll and left_out:
        assert max(rank_key(m) for m in roll) < min(rank_key(m) for m in left_out)


@given(member_lists, st.randoms(use_true_random=False))
def test_evaluation_is_independent_of_input_order(members: list[MemberActivity], rnd) -> None:
    shuffled = list(members)
    rnd.shuffle(shuffled)
    first = evaluate(GroupEvaluationInput("g", NOV, members, members))
    second = evaluate(GroupEvaluationInput("g", NOV, shuffled, list(reversed(members))))
    assert first == second


participants_st = st.lists(
    st.builds(
        lambda lid, answered, frac: SessionParticipant(
            lid, f"p{lid}", answered, round(answered * frac)
        ),
        st.integers(1, 500),
        st.integers(0, 10),
        st.floats(0, 1),
    ),
    max_size=20,
    unique_by=lambda p: p.learner_id,
)


@given(participants_st, st.sets(st.integers(1, 500), max_size=30))
def test_session_best_has_the_max_score(
    participants: list[SessionParticipant], known: set[int]
) -> None:
    summary = summarise_session(known, participants, question_count=10)
    assert summary.attendance <= summary.known
    assert 0.0 <= summary.attendance_rate <= 1.0
    top = max((p.correct for p in participants if p.answered), default=0)
    assert summary.best_score == top
    expected = {p.name for p in participants if p.answered and p.correct == top} if top else set()
    assert set(summary.best) == expected
    assert [p.correct for p in summary.scores] == sorted(
        (p.correct for p in summary.scores), reverse=True
    )
