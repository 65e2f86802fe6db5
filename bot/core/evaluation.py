"""The study evaluation (学习效果评比): periods, aggregation, participation, trend, honour roll.

Pure rules: no Telegram, no database, no clock reads (every date is an argument), no I/O.
The bot feeds plain :class:`MemberActivity` rows per period; the renderers in ``bot.reports``
turn the resulting :class:`GroupEvaluation` and :class:`SessionSummary` into text and files.

Rules (also in docs/reports.md):

* participation rate = members with at least one study day in the period / members known;
  no known members gives 0.0.
* trend = current rate - previous rate, in percentage points; "flat" when the change is
  smaller than :data:`FLAT_BAND_POINTS`, "new" when the previous period had no known members.
* group accuracy = total correct / total answers (``None`` without answers).
* honour roll: see :data:`HONOUR_RULE`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Literal

# Periods live in bot.core.period; they are re-exported here for the evaluation's users.
from bot.core.period import EvaluationError as EvaluationError
from bot.core.period import Lang as Lang
from bot.core.period import Period as Period
from bot.core.period import PeriodKind as PeriodKind
from bot.core.period import weeks_in as weeks_in

Direction = Literal["up", "down", "flat", "new"]

#: A change of participation smaller than this many percentage points is reported as flat.
FLAT_BAND_POINTS = Fraction(1)


def _check_counts(owner: str, **counts: int) -> None:
    for name, value in counts.items():
        if value < 0:
            raise EvaluationError(f"{owner}: {name} must not be negative (got {value})")


@dataclass(frozen=True, slots=True)
class MemberActivity:
    """What one member did in one period (the bot aggregates it from the database)."""

    learner_id: int
    name: str
    study_days: int
    current_streak: int
    answers: int
    correct: int
    sessions_attended: int
    reflections: int

    def __post_init__(self) -> None:
        _check_counts(
            self.name,
            study_days=self.study_days,
            current_streak=self.current_streak,
            answers=self.answers,
            correct=self.correct,
            sessions_attended=self.sessions_attended,
            reflections=self.reflections,
        )
        if self.correct > self.answers:
            raise EvaluationError(f"{self.name}: more correct answers than answers")

    @property
    def accuracy(self) -> float | None:
        """Share of correct answers, ``None`` when the member answered nothing."""
        return self.correct / self.answers if self.answers else None

    @property
    def participated(self) -> bool:
        return self.study_days >= 1


@dataclass(frozen=True, slots=True)
class WeekPoint:
    """One point of the monthly chart: rates in [0, 1]; accuracy ``None`` without answers."""

    week_start: date
    participation: float
    accuracy: float | None

    def __post_init__(self) -> None:
        for value in (self.participation, self.accuracy):
            if value is not None and not 0.0 <= value <= 1.0:
                raise EvaluationError(f"week {self.week_start}: rate {value} not in [0, 1]")


@dataclass(frozen=True, slots=True)
class GroupEvaluationInput:
    chat_title: str
    period: Period
    members: Sequence[MemberActivity]
    previous_members: Sequence[MemberActivity]
    weekly: Sequence[WeekPoint] = ()


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True, slots=True)
class HonourRule:
    """How the honour roll (表彰) is chosen; returned with every evaluation as data."""

    max_entries: int = 3
    min_study_days: int = 1
    min_answers_for_accuracy: int = 5
    criteria: tuple[str, ...] = ("study_days", "accuracy", "current_streak", "learner_id")

    def describe(self, lang: Lang = "zh") -> str:
        n, k = self.max_entries, self.min_answers_for_accuracy
        if lang == "en":
            return (
                f"Top {n} of the members with at least {self.min_study_days} study day: "
                f"most study days, then accuracy (only with at least {k} answers), "
                "then the longer current streak; a remaining tie goes to the earlier member."
            )
        return (
            f"在本期至少学习{self.min_study_days}天的成员中取前{n}名：先比学习天数，"
            f"再比答题正确率（答题不少于{k}道才计入），再比当前连续学习天数；"
            "仍相同者按加入先后。"
        )


HONOUR_RULE = HonourRule()


def _merit(member: MemberActivity, rule: HonourRule) -> tuple[int, Fraction, int]:
    """The comparable merit of a member; larger is better. Exact (Fraction) accuracy."""
    if member.answers >= rule.min_answers_for_accuracy:
        accuracy = Fraction(member.correct, member.answers)
    else:
        accuracy = Fraction(-1)  # below any qualified accuracy, equal among the unqualified
    return (member.study_days, accuracy, member.current_streak)


def rank_key(member: MemberActivity, rule: HonourRule = HONOUR_RULE) -> tuple[object, ...]:
    """Sort key (ascending = best first) for the honour roll and the member table."""
    days, accuracy, streak = _merit(member, rule)
    return (-days, -accuracy, -streak, member.learner_id)


@dataclass(frozen=True, slots=True)
class HonourEntry:
    rank: int  # competition ranking on the rule's criteria: equal merit shares the rank
    member: MemberActivity


def honour_roll(
    members: Iterable[MemberActivity], rule: HonourRule = HONOUR_RULE
) -> tuple[HonourEntry, ...]:
    eligible = sorted(
        (m for m in members if m.study_days >= rule.min_study_days),
        key=lambda m: rank_key(m, rule),
    )
    entries: list[HonourEntry] = []
    for position, member in enumerate(eligible[: rule.max_entries], start=1):
        tied = entries and _merit(entries[-1].member, rule) == _merit(member, rule)
        entries.append(HonourEntry(entries[-1].rank if tied else position, member))
    return tuple(entries)


@dataclass(frozen=True, slots=True)
class Participation:
    participants: int
    known: int

    @property
    def exact(self) -> Fraction:
        return Fraction(self.participants, self.known) if self.known else Fraction(0)

    @property
    def rate(self) -> float:
        return float(self.exact)


def participation(members: Iterable[MemberActivity]) -> Participation:
    listed = list(members)
    return Participation(sum(1 for m in listed if m.participated), len(listed))


@dataclass(frozen=True, slots=True)
class Trend:
    """Change of the participation rate against the previous period."""

    direction: Direction
    delta_points: float | None  # percentage points; None when direction == "new"


def trend(current: Participation, previous: Participation) -> Trend:
    if previous.known == 0:
        return Trend("new", None)
    delta = (current.exact - previous.exact) * 100
    if abs(delta) < FLAT_BAND_POINTS:
        direction: Direction = "flat"
    else:
        direction = "up" if delta > 0 else "down"
    return Trend(direction, float(delta))


def week_point(week_start: date, members: Iterable[MemberActivity]) -> WeekPoint:
    """A chart point from one week's member activity (same rules as the report)."""
    listed = list(members)
    answers = sum(m.answers for m in listed)
    accuracy = sum(m.correct for m in listed) / answers if answers else None
    return WeekPoint(week_start, participation(listed).rate, accuracy)


# --------------------------------------------------------------------------- evaluation


@dataclass(frozen=True, slots=True)
class GroupEvaluation:
    chat_title: str
    period: Period
    previous_period: Period
    members: tuple[MemberActivity, ...]  # best first, by the honour rule's order
    participation: Participation
    previous_participation: Participation
    trend: Trend
    answers: int
    correct: int
    honour_roll: tuple[HonourEntry, ...]
    rule: HonourRule = HONOUR_RULE
    weekly: tuple[WeekPoint, ...] = field(default=())

    @property
    def participation_rate(self) -> float:
        return self.participation.rate

    @property
    def previous_participation_rate(self) -> float:
        return self.previous_participation.rate

    @property
    def group_accuracy(self) -> float | None:
        return self.correct / self.answers if self.answers else None


def _unique(members: Sequence[MemberActivity], what: str) -> None:
    ids = [m.learner_id for m in members]
    if len(set(ids)) != len(ids):
        raise EvaluationError(f"{what}: a learner is listed twice")


def evaluate(data: GroupEvaluationInput, rule: HonourRule = HONOUR_RULE) -> GroupEvaluation:
    _unique(data.members, "members")
    _unique(data.previous_members, "previous members")
    days = len(data.period.days())
    for m in data.members:
        if m.study_days > days:
            raise EvaluationError(f"{m.name}: {m.study_days} study days in a {days}-day period")
    current = participation(data.members)
    previous = participation(data.previous_members)
    return GroupEvaluation(
        chat_title=data.chat_title,
        period=data.period,
        previous_period=data.period.previous(),
        members=tuple(sorted(data.members, key=lambda m: rank_key(m, rule))),
        participation=current,
        previous_participation=previous,
        trend=trend(current, previous),
        answers=sum(m.answers for m in data.members),
        correct=sum(m.correct for m in data.members),
        honour_roll=honour_roll(data.members, rule),
        rule=rule,
        weekly=tuple(sorted(data.weekly, key=lambda p: p.week_start)),
    )


# --------------------------------------------------------------------------- sessions


@dataclass(frozen=True, slots=True)
class SessionParticipant:
    learner_id: int
    name: str
    answered: int
    correct: int

    def __post_init__(self) -> None:
        _check_counts(self.name, answered=self.answered, correct=self.correct)
        if self.correct > self.answered:
            raise EvaluationError(f"{self.name}: more correct answers than answers")

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answered if self.answered else None


@dataclass(frozen=True, slots=True)
class SessionSummary:
    attendance: int  # participants who answered at least one question
    known: int  # members the bot knows, plus any participant it did not know yet
    question_count: int
    scores: tuple[SessionParticipant, ...]  # attendees, most correct first, then learner id
    answered: int
    correct: int
    best: tuple[str, ...]  # names with the top score (>= 1 correct); ties all listed
    best_score: int

    @property
    def attendance_rate(self) -> float:
        return self.attendance / self.known if self.known else 0.0

    @property
    def group_accuracy(self) -> float | None:
        return self.correct / self.answered if self.answered else None


def summarise_session(
    known_member_ids: Iterable[int],
    participants: Sequence[SessionParticipant],
    question_count: int,
) -> SessionSummary:
    if question_count < 0:
        raise EvaluationError("question count must not be negative")
    _unique_participants(participants)
    for p in participants:
        if p.answered > question_count:
            raise EvaluationError(f"{p.name}: answered {p.answered} of {question_count} questions")
    attendees = sorted(
        (p for p in participants if p.answered >= 1), key=lambda p: (-p.correct, p.learner_id)
    )
    known = set(known_member_ids) | {p.learner_id for p in participants}
    top = attendees[0].correct if attendees else 0
    best = tuple(p.name for p in attendees if p.correct == top) if top > 0 else ()
    return SessionSummary(
        attendance=len(attendees),
        known=len(known),
        question_count=question_count,
        scores=tuple(attendees),
        answered=sum(p.answered for p in attendees),
        correct=sum(p.correct for p in attendees),
        best=best,
        best_score=top,
    )


def _unique_participants(participants: Sequence[SessionParticipant]) -> None:
    ids = [p.learner_id for p in participants]
    if len(set(ids)) != len(ids):
        raise EvaluationError("session: a participant is listed twice")
