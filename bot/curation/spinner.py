"""Detect and repair text reworded by a synonym spinner."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True, slots=True)
class SpinnerTable:
    threshold: float  # marker hits per 1000 characters
    markers: tuple[str, ...]
    repairs: tuple[tuple[str, str], ...]
    unrepairable: tuple[str, ...]


def load_spinner_table(path: Path) -> SpinnerTable:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return SpinnerTable(
        threshold=float(data["threshold"]),
        markers=tuple(data["markers"]),
        repairs=tuple((str(a), str(b)) for a, b in data["repairs"]),
        unrepairable=tuple(data.get("unrepairable", ())),
    )


def marker_density(text: str, table: SpinnerTable) -> float:
    """Spinner marker hits per 1000 characters."""
    if not text:
        return 0.0
    hits = sum(text.count(marker) for marker in table.markers)
    return hits * 1000 / len(text)


def is_spun(text: str, table: SpinnerTable) -> bool:
    return marker_density(text, table) >= table.threshold


def repair(text: str, table: SpinnerTable) -> str:
    for spun, original in table.repairs:
        text = text.replace(spun, original)
    return text


def still_garbled(text: str, table: SpinnerTable) -> bool:
    """True when repaired text still shows spinner wording."""
    return any(m in text for m in (*table.markers, *table.unrepairable))
