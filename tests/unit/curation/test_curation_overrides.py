"""Editor overrides: retire, replace fields, unknown ids, bad fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.corpus.model import Excerpt, Quotation
from bot.curation.overrides import (
    OverrideError,
    OverrideResult,
    apply_overrides,
    load_overrides,
    unknown_ids,
)

ITEMS = [
    Quotation("q-1", "公生明，廉生威", "a11", "《官箴》", ("廉洁自律",)),
    Quotation("q-2", "水清沙自洁，官贤弊自绝", "a11", None),
]


def test_retire_and_replace() -> None:
    result = OverrideResult()
    edits = {
        "q-1": {"retire": True, "reason": "duplicate"},
        "q-2": {"attribution": "某书", "tags": ["廉洁自律"]},
    }
    kept = apply_overrides(ITEMS, edits, result)
    assert kept == [Quotation("q-2", "水清沙自洁，官贤弊自绝", "a11", "某书", ("廉洁自律",))]
    assert result.retired == {"q-1": "duplicate"}
    assert result.applied == ["q-2"]


def test_unknown_field_is_an_error() -> None:
    with pytest.raises(OverrideError, match="colour"):
        apply_overrides(
            [Excerpt("ex-1", "a01", "正文" * 30)], {"ex-1": {"colour": "red"}}, OverrideResult()
        )


def test_unknown_ids_are_listed() -> None:
    assert unknown_ids({"q-1": {}, "q-gone": {}}, {"q-1"}) == ["q-gone"]


def test_malformed_overrides_file(tmp_path: Path) -> None:
    path = tmp_path / "overrides.yaml"
    path.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(OverrideError):
        load_overrides(path)
    assert load_overrides(tmp_path / "missing.yaml") == {}
