"""The content commands through typer's runner."""

from __future__ import annotations

from typer.testing import CliRunner

from bot.curation.cli import content_app
from bot.curation.paths import ContentPaths


def test_build_then_stats(content: ContentPaths) -> None:
    runner = CliRunner()
    built = runner.invoke(content_app, ["build", "--content-dir", str(content.root)])
    assert built.exit_code == 0, built.output
    assert "Counts per kind" in built.output
    assert "页码标记" in built.output  # the summary says what was removed and why
    assert (content.curated / "quiz.yaml").exists()
    stats = runner.invoke(content_app, ["stats", "--content-dir", str(content.root)])
    assert stats.exit_code == 0, stats.output
    assert "Per theme" in stats.output and "公道正派" in stats.output


def test_stats_without_a_corpus_fails_clearly(content: ContentPaths) -> None:
    result = CliRunner().invoke(content_app, ["stats", "--content-dir", str(content.root)])
    assert result.exit_code == 1
    assert "missing" in result.output
