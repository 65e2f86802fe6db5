"""The hand-checked table of classical lines (content/reference/classics.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.curation.normalize import compact

QUIZ_CERTAINTIES = ("verified", "established")
# Claims too vague to be wrong (古人说…): they do not make a sentence misattribute a line.
VAGUE_CLAIMS = ("古人", "有位哲人")


@dataclass(frozen=True, slots=True)
class ClassicLine:
    text: str
    attribution: str | None
    kind: str = "work"
    certainty: str = "unknown"
    claimed: str | None = None
    note: str = ""
    match: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    def found_in(self, compact_text: str) -> bool:
        return any(compact(form) in compact_text for form in (self.text, *self.match))

    @property
    def quizzable_attribution(self) -> bool:
        return self.attribution is not None and self.certainty in QUIZ_CERTAINTIES


@dataclass(frozen=True, slots=True)
class Speaker:
    cue: str
    name: str
    requires: str | None = None


@dataclass(frozen=True, slots=True)
class ClassicsTable:
    lines: tuple[ClassicLine, ...]
    speakers: tuple[Speaker, ...]
    distractors: dict[str, tuple[str, ...]]

    def lookup(self, text: str) -> ClassicLine | None:
        key = compact(text)
        return next((c for c in self.lines if c.found_in(key) or key in compact(c.text)), None)

    def misattributes(self, sentence: str) -> ClassicLine | None:
        """The line this sentence quotes under a source the table does not confirm, if any."""
        key = compact(sentence)
        for line in self.lines:
            claim = line.claimed
            if (
                claim
                and claim not in VAGUE_CLAIMS
                and claim != line.attribution
                and claim in sentence
                and line.found_in(key)
            ):
                return line
        return None

    def pool(self, line: ClassicLine) -> tuple[str, ...]:
        """Wrong answers of the same kind as the line's attribution."""
        same_kind = [c.attribution for c in self.lines if c.kind == line.kind and c.attribution]
        candidates = [*self.distractors.get(line.kind, ()), *same_kind]
        wrong = {line.attribution, *line.avoid}
        return tuple(dict.fromkeys(a for a in candidates if a not in wrong and "相传" not in a))


def load_classics(path: Path) -> ClassicsTable:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    lines = tuple(
        ClassicLine(
            text=entry["text"],
            attribution=entry.get("attribution"),
            kind=entry.get("kind", "work"),
            certainty=entry.get("certainty", "unknown"),
            claimed=entry.get("claimed"),
            note=entry.get("note", ""),
            match=tuple(entry.get("match", ())),
            avoid=tuple(entry.get("avoid", ())),
            tags=tuple(entry.get("tags", ())),
        )
        for entry in data["lines"]
    )
    speakers = tuple(Speaker(**entry) for entry in data.get("speakers", ()))
    pools = {kind: tuple(names) for kind, names in data.get("distractors", {}).items()}
    return ClassicsTable(lines, speakers, pools)
