"""The synthetic dataset of the database benchmark, as rows in schema column order.

100,000 learners in ~1,000 groups (30 to 170 members), one private chat each, 400 days of
history: a fifth of the learners study most days, the rest now and then; each study day has
1 to 7 quiz answers (4 on average) on the group's polls of that day, so 10 million answers
need ~2.5 million study days. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

TODAY = date(2026, 11, 24)
DAY0 = datetime(2026, 11, 24, tzinfo=UTC)  # midnight UTC of TODAY
QUIZ_ITEMS = 500
POLLS_PER_DAY = 7
GROUP_ID_BASE = -1_000_000_000_000


@dataclass(frozen=True)
class Scale:
    learners: int = 100_000
    answers: int = 10_000_000
    days: int = 400
    seed: int = 20261124
    version: int = 2  # bump when the generated rows change (names the cached databases)

    @property
    def mean_active_days(self) -> float:
        return self.answers / (self.learners * 4)


COLUMNS: dict[str, tuple[str, ...]] = {
    "learners": (
        "id", "display_name", "username", "language", "timezone", "leaderboard_opt_in",
        "leaderboard_name", "created_at",
    ),
    "chats": (
        "id", "type", "title", "language", "timezone", "push_minute", "quiz_length",
        "subscribed", "paused", "blocked", "next_push_at", "migrated_to_chat_id", "greeted",
        "created_at",
    ),
    "group_members": ("chat_id", "learner_id", "joined_at", "active"),
    "content_items": ("id", "kind", "article_id", "payload", "retired", "updated_at"),
    "quiz_polls": (
        "poll_id", "chat_id", "message_id", "session_id", "item_id", "correct_option",
        "option_count", "opened_at", "closes_at", "closed",
    ),
    "quiz_answers": (
        "id", "learner_id", "poll_id", "item_id", "chat_id", "chosen_option", "correct",
        "answered_at", "study_day",
    ),
    "study_days": (
        "learner_id", "day", "read", "answers", "correct", "reflection_chars", "counted",
        "counted_at",
    ),
    "streaks": (
        "learner_id", "current", "longest", "total", "freezes", "last_study_day",
        "alive_through", "answers_total", "correct_total", "reached_at", "updated_at",
    ),
}  # fmt: skip
LOAD_ORDER = tuple(COLUMNS)


class Dataset:
    """Row generators; datetimes are UTC text ``YYYY-MM-DD HH:MM:SS.ffffff`` + ``suffix``."""

    def __init__(self, scale: Scale, datetime_suffix: str = "") -> None:
        self.scale = scale
        self.suffix = datetime_suffix
        self.groups = _group_sizes(scale)
        self.first_day = TODAY - timedelta(days=scale.days - 1)
        self.day_text = [
            (self.first_day + timedelta(days=d)).isoformat() for d in range(scale.days)
        ]

    def stamp(self, instant: datetime) -> str:
        return instant.strftime("%Y-%m-%d %H:%M:%S.%f") + self.suffix

    def group_of_learners(self) -> Iterator[tuple[int, int]]:
        """(group index, learner id) in learner order."""
        learner_id = 1
        for group, size in enumerate(self.groups):
            for _ in range(size):
                yield group, learner_id
                learner_id += 1

    def group_chat_id(self, group: int) -> int:
        return GROUP_ID_BASE - group

    @staticmethod
    def columns(table: str) -> tuple[str, ...]:
        return COLUMNS[table]

    def rows(self, table: str) -> Iterator[tuple[object, ...]]:
        return getattr(self, f"_{table}")()

    def _learners(self) -> Iterator[tuple[object, ...]]:
        rng = random.Random(self.scale.seed + 1)
        created = self.stamp(DAY0 - timedelta(days=self.scale.days))
        for learner_id in range(1, self.scale.learners + 1):
            opt_in = rng.random() < 0.1
            yield (learner_id, f"学员{learner_id}", None, "zh", "Asia/Shanghai", opt_in, None,
                   created)  # fmt: skip

    def _chats(self) -> Iterator[tuple[object, ...]]:
        rng = random.Random(self.scale.seed + 2)
        created = self.stamp(DAY0 - timedelta(days=self.scale.days))
        ids = [
            *range(1, self.scale.learners + 1),
            *map(self.group_chat_id, range(len(self.groups))),
        ]
        for chat_id in ids:
            kind = "private" if chat_id > 0 else "supergroup"
            title = None if chat_id > 0 else f"学习小组 {chat_id}"
            roll = rng.random()
            paused, blocked = roll < 0.03, 0.03 <= roll < 0.05
            minute = rng.randrange(1440)
            next_push = self.stamp(DAY0 + timedelta(minutes=minute, seconds=rng.randrange(60)))
            yield (chat_id, kind, title, "zh", "Asia/Shanghai", minute, 3, True, paused, blocked,
                   next_push, None, True, created)  # fmt: skip

    def _group_members(self) -> Iterator[tuple[object, ...]]:
        joined = self.stamp(DAY0 - timedelta(days=self.scale.days))
        for group, learner_id in self.group_of_learners():
            yield (self.group_chat_id(group), learner_id, joined, True)

    def _content_items(self) -> Iterator[tuple[object, ...]]:
        updated = self.stamp(DAY0)
        for item in range(QUIZ_ITEMS):
            yield (f"qz-{item:04d}", "quiz", "a01", '{"question": "?"}', False, updated)

    def _quiz_polls(self) -> Iterator[tuple[object, ...]]:
        for group in range(len(self.groups)):
            chat_id = self.group_chat_id(group)
            for day in range(self.scale.days):
                opened = f"{self.day_text[day]} 12:00:00.000000{self.suffix}"
                for k in range(POLLS_PER_DAY):
                    yield (_poll_id(group, day, k), chat_id, None, None, _item(group, day, k), 0,
                           4, opened, None, True)  # fmt: skip

    def _quiz_answers(self) -> Iterator[tuple[object, ...]]:
        answer_id = 0
        for learner in self._activity():
            chat_id = self.group_chat_id(learner.group)
            for day, count, correct in learner.days:
                day_text = self.day_text[day]
                for k in range(count):
                    answer_id += 1
                    right = k < correct
                    at = f"{day_text} 12:{k * 7 + 3:02d}:00.000000{self.suffix}"
                    yield (answer_id, learner.id, _poll_id(learner.group, day, k),
                           _item(learner.group, day, k), chat_id, 0 if right else 1 + k % 3,
                           right, at, day_text)  # fmt: skip

    def _study_days(self) -> Iterator[tuple[object, ...]]:
        for learner in self._activity():
            for day, count, correct in learner.days:
                counted_at = f"{self.day_text[day]} 12:30:00.000000{self.suffix}"
                counted = count >= 3
                yield (learner.id, self.day_text[day], count % 2 == 0, count, correct, 0, counted,
                       counted_at if counted else None)  # fmt: skip

    def _streaks(self) -> Iterator[tuple[object, ...]]:
        updated = self.stamp(DAY0)
        last_index = self.scale.days - 1
        for learner in self._activity():
            counted = [day for day, count, _ in learner.days if count >= 3]
            current, longest = _runs(counted, last_index)
            last = self.day_text[counted[-1]] if counted else None
            alive = _day_after(self.first_day, counted[-1]) if counted else None
            answers = sum(count for _, count, _ in learner.days)
            correct = sum(right for _, _, right in learner.days)
            yield (learner.id, current, longest, len(counted), 0, last, alive, answers, correct,
                   None, updated)  # fmt: skip

    def _activity(self) -> Iterator[_Learner]:
        """Each learner's study days as (day index, answers, correct), oldest first."""
        rng = random.Random(self.scale.seed + 3)
        days, mean = self.scale.days, self.scale.mean_active_days
        for group, learner_id in self.group_of_learners():
            if rng.random() < 0.2:  # regulars: most days, recently
                k = min(days, rng.randint(int(1.5 * mean), int(4.5 * mean)))
                span = min(days, int(k * 1.3) + 1)
                picked = rng.sample(range(days - span, days), k)
            else:
                k = min(days, rng.randint(0, int(mean)))
                picked = rng.sample(range(days), k)
            activity = []
            for day in sorted(picked):
                count = rng.randint(1, POLLS_PER_DAY)
                activity.append((day, count, rng.randint(0, count)))
            yield _Learner(learner_id, group, tuple(activity))


@dataclass(frozen=True, slots=True)
class _Learner:
    id: int
    group: int
    days: tuple[tuple[int, int, int], ...]


def _group_sizes(scale: Scale) -> list[int]:
    rng = random.Random(scale.seed)
    sizes: list[int] = []
    left = scale.learners
    while left > 0:
        size = min(left, rng.randint(30, 170))
        sizes.append(size)
        left -= size
    return sizes


def _day_after(first_day: date, index: int) -> str:
    return (first_day + timedelta(days=index + 1)).isoformat()


def _poll_id(group: int, day: int, k: int) -> str:
    # Zero-padded so that ids sort in generation order: index inserts append, not scatter.
    return f"g{group:05d}d{day:03d}q{k}"


def _item(group: int, day: int, k: int) -> str:
    return f"qz-{(group * 7919 + day * 31 + k) % QUIZ_ITEMS:04d}"


def _runs(days: list[int], last_index: int) -> tuple[int, int]:
    """(current run ending today or yesterday, longest run) of consecutive day indexes."""
    longest = run = 0
    previous = None
    for day in days:
        run = run + 1 if previous is not None and day == previous + 1 else 1
        longest = max(longest, run)
        previous = day
    current = run if previous is not None and previous >= last_index - 1 else 0
    return current, longest
