"""Content rotation: which reading/quote a chat gets next, without repeats within a cycle."""

from __future__ import annotations

import random
from collections.abc import Sequence


def _cycle_state(pool: frozenset[str], history: Sequence[str]) -> tuple[int, set[str], str | None]:
    """(completed cycles, items given in the current cycle, last item given) for ``pool``."""
    cycles, given, last = 0, set[str](), None
    for item in history:
        if item not in pool:
            continue
        given.add(item)
        last = item
        if given >= pool:
            cycles, given = cycles + 1, set()
    return cycles, given, last


def next_in_rotation(pool: Sequence[str], history: Sequence[str], seed: int) -> str | None:
    """The next item of ``pool`` for a chat whose chronological ``history`` is given.

    Never an item already given in the current cycle; a cycle ends once every pool item has
    been given. Within a cycle the order is a permutation of the pool chosen by ``seed`` and
    the cycle number (deterministic, independent of the pool's order). Items in the history
    that left the pool are ignored. A new cycle does not start with the item that ended the
    previous one (unless the pool has one item). None for an empty pool.
    """
    items = frozenset(pool)
    if not items:
        return None
    cycles, given, last = _cycle_state(items, history)
    order = sorted(items)
    random.Random(f"{seed}:{cycles}").shuffle(order)
    remaining = [item for item in order if item not in given]
    if not given and len(remaining) > 1 and remaining[0] == last:
        return remaining[1]
    return remaining[0]
