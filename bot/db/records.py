"""Plain frozen records returned by the repositories (never ORM rows)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class ChatRecord:
    id: int
    type: str
    title: str | None
    language: str
    timezone: str
    push_minute: int
    quiz_length: int
    subscribed: bool
    paused: bool
    blocked: bool
    next_push_at: datetime | None
    migrated_to_chat_id: int | None
    greeted: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class LearnerRecord:
    id: int
    display_name: str
    username: str | None
    language: str
    timezone: str
    leaderboard_opt_in: bool
    leaderboard_name: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ContentRow:
    """One corpus item as given to ``sync_content``."""

    id: str
    kind: str  # excerpt | quotation | quiz
    article_id: str
    payload: dict[str, Any]
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ContentItemRecord:
    id: str
    kind: str
    article_id: str
    payload: dict[str, Any]
    tags: tuple[str, ...]
    retired: bool
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class SyncReport:
    added: int = 0
    updated: int = 0
    retired: int = 0
    unchanged: int = 0


@dataclass(frozen=True, slots=True)
class DailyReadingRecord:
    chat_id: int
    study_day: date
    excerpt_id: str | None
    quotation_id: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class DeliveryRecord:
    id: int
    chat_id: int
    study_day: date
    kind: str
    status: str
    attempts: int
    next_attempt_at: datetime
    claimed_by: str | None
    lease_until: datetime | None
    sent_at: datetime | None
    message_id: int | None
    last_error: str | None


@dataclass(frozen=True, slots=True)
class QuizSessionRecord:
    id: int
    chat_id: int
    learner_id: int | None
    kind: str
    item_ids: tuple[str, ...]
    position: int
    study_day: date
    started_at: datetime
    finished_at: datetime | None


@dataclass(frozen=True, slots=True)
class QuizPollRecord:
    poll_id: str
    chat_id: int
    message_id: int | None
    session_id: int | None
    item_id: str
    correct_option: int
    option_count: int
    opened_at: datetime
    closes_at: datetime | None
    closed: bool


@dataclass(frozen=True, slots=True)
class QuizAnswerRecord:
    id: int
    learner_id: int
    poll_id: str
    item_id: str
    chat_id: int | None
    chosen_option: int
    correct: bool
    answered_at: datetime
    study_day: date


@dataclass(frozen=True, slots=True)
class StudyDayRecord:
    learner_id: int
    day: date
    read: bool
    answers: int
    correct: int
    reflection_chars: int
    counted: bool
    counted_at: datetime | None


@dataclass(frozen=True, slots=True)
class StreakRecord:
    learner_id: int
    current: int
    longest: int
    total: int
    freezes: int
    last_study_day: date | None
    alive_through: date | None
    answers_total: int
    correct_total: int
    reached_at: datetime | None
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class ReviewCardRecord:
    learner_id: int
    item_id: str
    due: datetime
    state: str  # the fsrs card, serialised by the rules layer
    reps: int
    lapses: int
    last_review: datetime | None


@dataclass(frozen=True, slots=True)
class ReflectionRecord:
    id: int
    learner_id: int
    chat_id: int | None
    text: str
    created_at: datetime
    study_day: date
    shared: bool


@dataclass(frozen=True, slots=True)
class WindowRow:
    """A group member's activity in a date window, with their streak state."""

    learner_id: int
    display_name: str
    leaderboard_name: str | None
    counted_days: int  # days in the window that met the study requirement
    active_days: int  # days in the window with any activity row
    answers: int
    correct: int
    reflection_chars: int
    current_streak: int
    longest_streak: int
    total_days: int
    alive_through: date | None
    reached_at: datetime | None = None  # when the learner reached their current streak


@dataclass(frozen=True, slots=True)
class GlobalRow:
    """An opted-in learner on the all-time board; ``current`` is 0 once the streak has lapsed."""

    learner_id: int
    name: str
    current: int
    longest: int
    total: int
    answers_total: int
    correct_total: int
    reached_at: datetime | None


@dataclass(frozen=True, slots=True)
class StudydayScheduleRecord:
    id: int
    chat_id: int
    weekday: int
    minute: int
    theme: str | None
    question_count: int
    open_period: int
    created_by: int | None
    active: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class StudydayRunRecord:
    id: int
    schedule_id: int
    chat_id: int
    scheduled_for: datetime
    status: str
    quiz_session_id: int | None
    started_at: datetime
    finished_at: datetime | None
