from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fsrs import Card
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.errors import NaiveDatetime
from bot.core.review import ReviewCard, new_card, review, select_quiz_items

NOW = datetime(2024, 5, 1, 8, tzinfo=UTC)


def test_new_card_is_due_now_and_serialisable() -> None:
    card = new_card("q-1", NOW)
    assert card.due == NOW and card.reps == 0 and card.last_review is None
    assert Card.from_dict(json.loads(card.state)).due == NOW
    assert card.fsrs_state == "Learning"


def test_wrong_comes_back_soon_right_later() -> None:
    card = new_card("q-1", NOW)
    wrong, right = review(card, False, NOW), review(card, True, NOW)
    assert wrong.due - NOW == timedelta(minutes=1)
    assert right.due - NOW == timedelta(minutes=10)
    assert (wrong.reps, wrong.lapses, right.reps, right.lapses) == (1, 1, 1, 0)
    graduated = review(right, True, right.due)
    assert graduated.fsrs_state == "Review"
    assert graduated.due - right.due >= timedelta(days=1)
    forgotten = review(graduated, False, graduated.due)
    assert forgotten.fsrs_state == "Relearning"
    assert forgotten.due - graduated.due <= timedelta(minutes=10)


def test_review_accepts_any_aware_now_and_rejects_naive() -> None:
    local = NOW.astimezone(ZoneInfo("Asia/Shanghai"))
    assert review(new_card("q", NOW), True, local) == review(new_card("q", NOW), True, NOW)
    with pytest.raises(NaiveDatetime):
        review(new_card("q", NOW), True, datetime(2024, 5, 1))
    with pytest.raises(NaiveDatetime):
        new_card("q", datetime(2024, 5, 1))
    with pytest.raises(NaiveDatetime):
        replace(new_card("q", NOW), due=datetime(2024, 5, 1))
    with pytest.raises(ValueError):
        replace(new_card("q", NOW), reps=1, lapses=2)


answer_histories = st.lists(
    st.tuples(st.booleans(), st.integers(0, 60 * 24 * 40)), max_size=12
)  # (correct, minutes after the card was due)


def replay(history: list[tuple[bool, int]]) -> ReviewCard:
    card = new_card("item", NOW)
    for correct, late in history:
        card = review(card, correct, card.due + timedelta(minutes=late))
    return card


@settings(max_examples=120, deadline=None)
@given(answer_histories, st.integers(-60 * 24 * 5, 60 * 24 * 60))
def test_right_is_always_due_later_than_wrong(history, offset) -> None:
    card = replay(history)
    now = max(card.due + timedelta(minutes=offset), card.last_review or NOW)
    wrong, right = review(card, False, now), review(card, True, now)
    assert right.due > wrong.due
    assert wrong.due > now and right.due > now
    assert wrong.due - now <= timedelta(minutes=10)
    assert right.reps == wrong.reps == card.reps + 1
    assert wrong.lapses == card.lapses + 1 and right.lapses == card.lapses
    assert right.last_review == wrong.last_review == now


@settings(max_examples=60, deadline=None)
@given(answer_histories)
def test_counters_and_roundtrip(history) -> None:
    card = replay(history)
    assert card.reps == len(history)
    assert card.lapses == sum(1 for correct, _ in history if not correct)
    restored = Card.from_dict(json.loads(card.state))
    assert restored.due == card.due and restored.last_review == card.last_review


# --- quiz selection -------------------------------------------------------------------------


def card_due(item_id: str, minutes: int) -> ReviewCard:
    return replace(new_card(item_id, NOW), due=NOW + timedelta(minutes=minutes))


def test_select_example() -> None:
    cards = [card_due("late", -5), card_due("very-late", -500), card_due("soon", 30)]
    cards.append(card_due("retired", -1000))
    candidates = ["soon", "late", "very-late", "new-a", "new-b"]
    picked = select_quiz_items(cards, candidates, 4, NOW, seed=1)
    assert picked[:2] == ["very-late", "late"]
    assert sorted(picked[2:]) == ["new-a", "new-b"]
    assert select_quiz_items(cards, candidates, 10, NOW, seed=1)[-1] == "soon"
    assert select_quiz_items(cards, candidates, 0, NOW, seed=1) == []
    with pytest.raises(ValueError):
        select_quiz_items(cards, candidates, -1, NOW, seed=1)


ids = st.sampled_from([f"q{i}" for i in range(12)])
card_lists = st.lists(
    st.builds(card_due, ids, st.integers(-3000, 3000)), max_size=12, unique_by=lambda c: c.item_id
)


@settings(max_examples=200, deadline=None)
@given(card_lists, st.lists(ids, max_size=15), st.integers(0, 15), st.integers(), st.randoms())
def test_select_properties(cards, candidates, n, seed, rnd) -> None:
    picked = select_quiz_items(cards, candidates, n, NOW, seed)
    assert len(picked) == len(set(picked)) == min(n, len(set(candidates)))
    assert set(picked) <= set(candidates)
    by_id = {c.item_id: c for c in cards}
    kinds = [
        0 if i in by_id and by_id[i].due <= NOW else 1 if i not in by_id else 2 for i in picked
    ]
    assert kinds == sorted(kinds)  # due, then new, then not yet due
    for kind in (0, 2):
        dues = [by_id[i].due for i, k in zip(picked, kinds, strict=True) if k == kind]
        assert dues == sorted(dues)
    # every due candidate is taken before any new one
    due_candidates = {i for i in set(candidates) if i in by_id and by_id[i].due <= NOW}
    if 1 in kinds or 2 in kinds:
        assert due_candidates <= set(picked)
    # deterministic and independent of input order
    shuffled_cards, shuffled_candidates = list(cards), list(candidates)
    rnd.shuffle(shuffled_cards)
    rnd.shuffle(shuffled_candidates)
    assert select_quiz_items(shuffled_cards, shuffled_candidates, n, NOW, seed) == picked
