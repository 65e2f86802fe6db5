"""Lint names each bad entry with the reason and fails."""

from __future__ import annotations

import yaml
from typer.testing import CliRunner

from bot.curation.build import build
from bot.curation.cli import content_app
from bot.curation.lint import lint
from bot.curation.paths import ContentPaths


def _edit_quiz(content: ContentPaths, change: dict[str, object]) -> str:
    path = content.curated / "quiz.yaml"
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    items[0].update(change)
    path.write_text(yaml.dump(items, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(items[0]["id"])


def test_lint_names_a_bad_quiz_item(content: ContentPaths) -> None:
    build(content)
    bad = _edit_quiz(content, {"explanation": "没有出处" + "。" * 300})
    reasons = [i.reason for i in lint(content) if i.item_id == bad]
    assert any("explanation has" in r for r in reasons)
    assert any("does not cite" in r for r in reasons)


def test_lint_finds_noise_and_duplicate_ids(content: ContentPaths) -> None:
    build(content)
    path = content.curated / "excerpts.yaml"
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    items[0]["text"] = items[0]["text"][:60] + "第1页/共2页"
    items.append(dict(items[1]))
    path.write_text(yaml.dump(items, allow_unicode=True, sort_keys=False), encoding="utf-8")
    issues = [str(i) for i in lint(content)]
    assert any("duplicate id" in i for i in issues)


def test_lint_cli_exit_status(content: ContentPaths) -> None:
    runner = CliRunner()
    build(content)
    ok = runner.invoke(content_app, ["lint", "--content-dir", str(content.root)])
    assert ok.exit_code == 0, ok.output
    bad = _edit_quiz(content, {"correct_index": 0, "options": ["同一个", "同一个"]})
    failed = runner.invoke(content_app, ["lint", "--content-dir", str(content.root)])
    assert failed.exit_code == 1
    assert f"{bad}: options are not distinct" in failed.output


def test_lint_reports_noise_in_an_excerpt(content: ContentPaths) -> None:
    build(content)
    path = content.curated / "excerpts.yaml"
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    items[0]["text"] = items[0]["text"][:60] + "第1页/共2页"
    path.write_text(yaml.dump(items, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert any("页码标记" in i.reason and i.item_id == items[0]["id"] for i in lint(content))
