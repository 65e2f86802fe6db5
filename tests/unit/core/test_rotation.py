from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.rotation import next_in_rotation


def run(pool: list[str], history: list[str], seed: int, picks: int) -> list[str]:
    given_items = list(history)
    for _ in range(picks):
        item = next_in_rotation(pool, given_items, seed)
        assert item is not None
        given_items.append(item)
    return given_items[len(history) :]


def test_examples() -> None:
    assert next_in_rotation([], ["a"], 1) is None
    assert next_in_rotation(["a"], ["a", "a"], 1) == "a"
    assert next_in_rotation(["a", "b", "c"], ["a", "b"], 7) == "c"
    # items no longer in the pool are ignored
    assert next_in_rotation(["a", "b"], ["old", "a"], 7) == "b"
    # a new item added mid-cycle is given before the cycle ends
    assert next_in_rotation(["a", "b", "c"], ["a", "b"], 3) == "c"


pools = st.lists(st.text(alphabet="abcdefghij", min_size=1, max_size=3), min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(pools, st.integers())
def test_each_cycle_gives_every_item_exactly_once(pool: list[str], seed: int) -> None:
    size = len(set(pool))
    picks = run(pool, [], seed, 3 * size)
    for cycle in range(3):
        assert sorted(picks[cycle * size : (cycle + 1) * size]) == sorted(set(pool))
    if size > 1:
        assert all(a != b for a, b in itertools.pairwise(picks))


@settings(max_examples=150, deadline=None)
@given(pools, st.lists(st.text(alphabet="abcdefghijk", min_size=1, max_size=3)), st.integers())
def test_never_repeats_within_current_cycle(pool, history, seed) -> None:
    pick = next_in_rotation(pool, history, seed)
    assert pick in pool
    assert pick == next_in_rotation(list(reversed(pool)), history, seed)  # deterministic
    # replay the cycle bookkeeping independently
    current: set[str] = set()
    for item in history:
        if item in pool:
            current.add(item)
            if current >= set(pool):
                current = set()
    assert pick not in current
