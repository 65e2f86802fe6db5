"""Where each part of the content lives under content/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class ContentPaths:
    root: Path

    @property
    def sources(self) -> Path:
        return self.root / "sources"

    @property
    def curated(self) -> Path:
        return self.root / "curated"

    @property
    def dictionary(self) -> Path:
        return self.root / "dictionary.txt"

    @property
    def overrides(self) -> Path:
        return self.root / "overrides.yaml"

    @property
    def classics(self) -> Path:
        return self.root / "reference" / "classics.yaml"

    @property
    def lists(self) -> Path:
        return self.root / "reference" / "lists.yaml"

    @property
    def spinner(self) -> Path:
        return self.root / "reference" / "spinner.yaml"
