"""Editor overrides (content/overrides.yaml): retire an item or replace some of its fields.

Applied after generation, so a rebuild never loses an edit.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

from bot.corpus.model import QuizKind

T = TypeVar("T")
_TUPLE_FIELDS = ("options", "tags")


class OverrideError(ValueError):
    pass


@dataclass(slots=True)
class OverrideResult:
    applied: list[str] = field(default_factory=list)
    retired: dict[str, str] = field(default_factory=dict)  # id → reason
    unknown: list[str] = field(default_factory=list)


def load_overrides(path: Path) -> dict[str, dict[str, Any]]:
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise OverrideError(f"{path}: expected a mapping of item id → fields")
    return {str(k): v for k, v in data.items()}


def _coerce(name: str, value: Any) -> Any:
    if name in _TUPLE_FIELDS:
        return tuple(str(v) for v in value)
    if name == "kind":
        return QuizKind(value)
    return value


def _replace(item: T, fields: dict[str, Any]) -> T:
    names = {f.name for f in dataclasses.fields(item)}  # type: ignore[arg-type]
    bad = sorted(set(fields) - names - {"id"})
    if bad:
        raise OverrideError(f"{item.id}: unknown field(s) {', '.join(bad)}")  # type: ignore[attr-defined]
    changes = {k: _coerce(k, v) for k, v in fields.items() if k != "id"}
    return dataclasses.replace(item, **changes)  # type: ignore[type-var]


def apply_overrides(
    items: list[T], overrides: dict[str, dict[str, Any]], result: OverrideResult
) -> list[T]:
    kept = []
    for item in items:
        edit = overrides.get(item.id)  # type: ignore[attr-defined]
        if edit is None:
            kept.append(item)
        elif edit.get("retire"):
            result.retired[item.id] = str(edit.get("reason", ""))  # type: ignore[attr-defined]
        else:
            kept.append(_replace(item, {k: v for k, v in edit.items() if k not in ("reason",)}))
            result.applied.append(item.id)  # type: ignore[attr-defined]
    return kept


def unknown_ids(overrides: dict[str, dict[str, Any]], known: set[str]) -> list[str]:
    return sorted(set(overrides) - known)
