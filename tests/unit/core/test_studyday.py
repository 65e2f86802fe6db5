from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.errors import InvalidRequirement
from bot.core.studyday import DayActivity, Missing, StudyRequirement, is_study_day, missing_for

DEFAULT = StudyRequirement()


@pytest.mark.parametrize(
    ("activity", "expected"),
    [
        (DayActivity(read=True, answers=3, correct=0), True),
        (DayActivity(read=True, answers=2, correct=2), False),
        (DayActivity(read=False, answers=5, correct=5), False),
        (DayActivity(read=False, answers=3, correct=1, reflection_chars=30), True),
        (DayActivity(read=False, answers=3, correct=1, reflection_chars=29), False),
        (DayActivity(read=False, answers=0, correct=0, reflection_chars=500), False),
        (DayActivity(), False),
    ],
)
def test_default_requirement(activity: DayActivity, expected: bool) -> None:
    assert is_study_day(activity, DEFAULT) is expected


def test_missing_for_examples() -> None:
    assert missing_for(DayActivity(), DEFAULT) == Missing(reading=True, answers=3)
    assert missing_for(DayActivity(read=True, answers=1, correct=1), DEFAULT) == Missing(False, 2)
    assert missing_for(DayActivity(reflection_chars=40, answers=9, correct=0)) == Missing(False, 0)


def test_configurable_requirement() -> None:
    quiz_only = StudyRequirement(read_required=False, min_answers=5)
    assert is_study_day(DayActivity(answers=5, correct=0), quiz_only)
    assert not is_study_day(DayActivity(read=True, answers=4, correct=4), quiz_only)
    reading_only = StudyRequirement(min_answers=0, reflection_replaces_reading=False)
    assert is_study_day(DayActivity(read=True), reading_only)
    assert not is_study_day(DayActivity(reflection_chars=1000), reading_only)
    short_reflection = StudyRequirement(reflection_min_chars=10)
    assert is_study_day(DayActivity(answers=3, correct=3, reflection_chars=10), short_reflection)


def test_invalid_requirement_and_activity() -> None:
    with pytest.raises(InvalidRequirement):
        StudyRequirement(read_required=False, min_answers=0)
    with pytest.raises(InvalidRequirement):
        StudyRequirement(min_answers=-1)
    with pytest.raises(ValueError):
        DayActivity(answers=2, correct=3)
    with pytest.raises(ValueError):
        DayActivity(answers=-1)


requirements = st.builds(
    StudyRequirement,
    read_required=st.just(True),
    min_answers=st.integers(0, 10),
    reflection_min_chars=st.integers(1, 100),
    reflection_replaces_reading=st.booleans(),
) | st.builds(
    StudyRequirement,
    read_required=st.just(False),
    min_answers=st.integers(1, 10),
    reflection_min_chars=st.integers(1, 100),
    reflection_replaces_reading=st.booleans(),
)


@st.composite
def activities(draw: st.DrawFn) -> DayActivity:
    answers = draw(st.integers(0, 20))
    return DayActivity(
        read=draw(st.booleans()),
        answers=answers,
        correct=draw(st.integers(0, answers)),
        reflection_chars=draw(st.integers(0, 200)),
    )


@settings(deadline=None)
@given(activities(), requirements)
def test_study_day_iff_nothing_missing(activity: DayActivity, requirement) -> None:
    missing = missing_for(activity, requirement)
    assert is_study_day(activity, requirement) == (not missing.reading and missing.answers == 0)
    assert missing.answers == max(0, requirement.min_answers - activity.answers)


@settings(deadline=None)
@given(activities(), requirements, st.integers(0, 5), st.integers(0, 100))
def test_more_activity_never_hurts(activity: DayActivity, requirement, extra, chars) -> None:
    more = DayActivity(
        read=True,
        answers=activity.answers + extra,
        correct=activity.correct,
        reflection_chars=activity.reflection_chars + chars,
    )
    if is_study_day(activity, requirement):
        assert is_study_day(more, requirement)
