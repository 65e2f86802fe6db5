"""Lazy access to the bundled Bot API specification (``spec/api.json``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Field:
    """One parameter of a method or one field of a type."""

    name: str
    types: tuple[str, ...]
    required: bool
    description: str


@dataclass(frozen=True)
class ObjectSpec:
    """A method or a type: its fields, and for abstract types the concrete subtypes."""

    name: str
    fields: dict[str, Field]
    subtypes: tuple[str, ...] = ()
    returns: tuple[str, ...] = ()


def _object_spec(raw: dict[str, Any]) -> ObjectSpec:
    fields = {
        f["name"]: Field(f["name"], tuple(f["types"]), bool(f["required"]), f["description"])
        for f in raw.get("fields", [])
    }
    return ObjectSpec(
        name=raw["name"],
        fields=fields,
        subtypes=tuple(raw.get("subtypes", ())),
        returns=tuple(raw.get("returns", ())),
    )


class ApiSpec:
    """The Bot API specification, indexed for validation."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.version: str = raw.get("version", "")
        self.methods: dict[str, ObjectSpec] = {
            name: _object_spec(m) for name, m in raw["methods"].items()
        }
        self.types: dict[str, ObjectSpec] = {
            name: _object_spec(t) for name, t in raw["types"].items()
        }
        self._by_lower = {name.lower(): name for name in self.methods}

    @classmethod
    def load(cls, path: Path | None = None) -> ApiSpec:
        """Load from ``path`` or from the copy bundled with this package."""
        if path is not None:
            return cls(json.loads(Path(path).read_text(encoding="utf-8")))
        ref = resources.files("bot.sandbox.emulator") / "spec" / "api.json"
        return cls(json.loads(ref.read_text(encoding="utf-8")))

    def method_name(self, name: str) -> str | None:
        """Canonical method name for a case-insensitive ``name`` (Telegram ignores case)."""
        return self._by_lower.get(name.lower())
