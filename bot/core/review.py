"""Spaced review of quiz questions with FSRS (the ``fsrs`` package), and quiz selection."""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from fsrs import Card, Rating, Scheduler, State

from bot.core.timezones import require_aware


@dataclass(frozen=True, slots=True)
class ReviewCard:
    """One learner's review state for one quiz item.

    ``state`` is the JSON of ``fsrs.Card.to_dict()``; ``due``/``last_review`` are UTC and
    duplicated out of it so the database can index them; ``reps`` counts answers and
    ``lapses`` counts wrong answers.
    """

    item_id: str
    due: datetime
    state: str
    reps: int = 0
    lapses: int = 0
    last_review: datetime | None = None

    def __post_init__(self) -> None:
        require_aware(self.due, "due")
        if self.last_review is not None:
            require_aware(self.last_review, "last_review")
        if self.reps < 0 or not 0 <= self.lapses <= self.reps:
            raise ValueError(f"inconsistent counters: reps={self.reps}, lapses={self.lapses}")

    @property
    def fsrs_state(self) -> str:
        """FSRS phase name: "Learning", "Review" or "Relearning"."""
        return State(json.loads(self.state)["state"]).name


def make_scheduler() -> Scheduler:
    """The scheduler used by default: FSRS defaults, no fuzzing (deterministic)."""
    return Scheduler(enable_fuzzing=False)


def _utc(now: datetime) -> datetime:
    return require_aware(now, "now").astimezone(UTC)


def _card_id(item_id: str) -> int:
    """A stable id for the fsrs Card (fsrs would otherwise read the clock and sleep 1 ms)."""
    return int.from_bytes(hashlib.sha256(item_id.encode("utf-8")).digest()[:6], "big")


def _from_fsrs(item_id: str, card: Card, reps: int, lapses: int) -> ReviewCard:
    return ReviewCard(
        item_id=item_id,
        due=card.due.astimezone(UTC),
        state=json.dumps(card.to_dict(), sort_keys=True),
        reps=reps,
        lapses=lapses,
        last_review=card.last_review.astimezone(UTC) if card.last_review else None,
    )


def new_card(item_id: str, now: datetime) -> ReviewCard:
    """A never-reviewed card for ``item_id``, due at ``now``."""
    card = Card(card_id=_card_id(item_id), due=_utc(now))
    return _from_fsrs(item_id, card, reps=0, lapses=0)


def review(
    card: ReviewCard, correct: bool, now: datetime, scheduler: Scheduler | None = None
) -> ReviewCard:
    """Record an answer at ``now``: wrong → ``Rating.Again`` (back soon), right → ``Rating.Good``.

    From the same state a right answer is always due strictly later than a wrong one.
    """
    fsrs_card = Card.from_dict(json.loads(card.state))
    rating = Rating.Good if correct else Rating.Again
    reviewed, _log = (scheduler or make_scheduler()).review_card(fsrs_card, rating, _utc(now))
    return _from_fsrs(
        card.item_id, reviewed, reps=card.reps + 1, lapses=card.lapses + (0 if correct else 1)
    )


def select_quiz_items(
    cards: Sequence[ReviewCard],
    candidates: Sequence[str],
    n: int,
    now: datetime,
    seed: int,
) -> list[str]:
    """Up to ``n`` distinct item ids for a quiz, only from ``candidates``.

    Order: cards due at ``now`` (most overdue first, ties by item id); then never-seen
    candidates (the set shuffled deterministically by ``seed``, independent of input order);
    then, if still short, not-yet-due cards (soonest due first). Cards of items no longer in
    ``candidates`` (retired) drop out. If several cards share an item id the earliest due wins.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    at = _utc(now)
    allowed = frozenset(candidates)
    by_item: dict[str, ReviewCard] = {}
    for card in cards:
        if card.item_id in allowed:
            known = by_item.get(card.item_id)
            if known is None or card.due < known.due:
                by_item[card.item_id] = card
    ordered = sorted(by_item.values(), key=lambda c: (c.due, c.item_id))
    due = [c.item_id for c in ordered if c.due <= at]
    later = [c.item_id for c in ordered if c.due > at]
    fresh = sorted(allowed - by_item.keys())
    random.Random(seed).shuffle(fresh)
    return (due + fresh + later)[:n]
