"""What makes a calendar date (in the learner's own zone) a study day."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.errors import InvalidRequirement


@dataclass(frozen=True, slots=True)
class StudyRequirement:
    """What a learner must do on a local date for it to count as a study day.

    Default: open the day's reading and answer at least 3 quiz questions (any chat); a
    reflection of at least 30 characters can stand in for the reading. A requirement must
    ask for something (reading or at least one answer), otherwise every idle day would count.
    """

    read_required: bool = True
    min_answers: int = 3
    reflection_min_chars: int = 30
    reflection_replaces_reading: bool = True

    def __post_init__(self) -> None:
        if self.min_answers < 0 or self.reflection_min_chars < 1:
            raise InvalidRequirement(
                "min_answers must be >= 0 and reflection_min_chars >= 1",
            )
        if not self.read_required and self.min_answers == 0:
            raise InvalidRequirement("A study requirement must ask for reading or answers.")


@dataclass(frozen=True, slots=True)
class DayActivity:
    """What a learner did on one local date. ``reflection_chars``: longest reflection of the day."""

    read: bool = False
    answers: int = 0
    correct: int = 0
    reflection_chars: int = 0

    def __post_init__(self) -> None:
        if self.answers < 0 or self.reflection_chars < 0 or not 0 <= self.correct <= self.answers:
            raise ValueError(f"inconsistent day activity: {self!r}")


@dataclass(frozen=True, slots=True)
class Missing:
    """What is still missing today: the reading (or a stand-in reflection) and how many answers."""

    reading: bool
    answers: int

    @property
    def nothing(self) -> bool:
        return not self.reading and self.answers == 0


def reading_done(activity: DayActivity, requirement: StudyRequirement) -> bool:
    """The reading was opened, or a long-enough reflection stands in for it (if allowed)."""
    reflected = (
        requirement.reflection_replaces_reading
        and activity.reflection_chars >= requirement.reflection_min_chars
    )
    return activity.read or reflected


def missing_for(
    activity: DayActivity, requirement: StudyRequirement = StudyRequirement()
) -> Missing:
    """What the learner still has to do today for ``requirement`` (for /streak)."""
    return Missing(
        reading=requirement.read_required and not reading_done(activity, requirement),
        answers=max(0, requirement.min_answers - activity.answers),
    )


def is_study_day(activity: DayActivity, requirement: StudyRequirement = StudyRequirement()) -> bool:
    """True when ``activity`` meets ``requirement`` (nothing is missing)."""
    return missing_for(activity, requirement).nothing
