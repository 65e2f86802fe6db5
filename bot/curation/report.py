"""Rich output for the content commands: progress, build summary, stats tables."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from bot.corpus.model import Corpus
from bot.curation.build import BuildResult, Step
from bot.curation.stats import article_counts, kind_counts, theme_counts


@contextmanager
def progress_steps(console: Console) -> Iterator[Step]:
    """A Step callback that shows the current stage of the build with a spinner."""
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("starting", total=None)

        def step(label: str) -> None:
            progress.update(task, description=label, advance=1)

        yield step


def counts_tables(corpus: Corpus) -> list[Table]:
    kinds = Table(title="Counts per kind")
    kinds.add_column("kind")
    kinds.add_column("count", justify="right")
    for name, n in kind_counts(corpus).items():
        kinds.add_row(name, str(n))
    articles = Table(title="Per article")
    for column in ("id", "title", "excerpts", "quotations", "quiz"):
        articles.add_column(column)
    for row in article_counts(corpus):
        articles.add_row(
            row.article_id, row.title, str(row.excerpts), str(row.quotations), str(row.quiz_items)
        )
    themes = Table(title="Per theme")
    for column in ("theme", "excerpts", "quotations", "quiz"):
        themes.add_column(column)
    for theme, (e, q, z) in theme_counts(corpus).items():
        themes.add_row(theme, str(e), str(q), str(z))
    return [kinds, articles, themes]


def removal_table(result: BuildResult) -> Table:
    table = Table(title="Removed while cleaning (why, how often, example)")
    for column in ("article", "reason", "n", "example"):
        table.add_column(column)
    for article_id, removals in result.removals.items():
        reasons = Counter(r.reason for r in removals)
        for reason, n in reasons.most_common():
            example = next(r.text for r in removals if r.reason == reason)
            table.add_row(article_id, reason, str(n), example[:40])
    return table


def print_build_summary(console: Console, result: BuildResult) -> None:
    console.print(removal_table(result))
    for table in counts_tables(result.corpus):
        console.print(table)
    if result.spun_articles:
        console.print(f"spinner text detected and repaired in: {', '.join(result.spun_articles)}")
    if result.skipped_lists:
        console.print(f"named lists not found in their article: {', '.join(result.skipped_lists)}")
    for item_id, reason in result.invalid:
        console.print(f"[yellow]dropped {item_id}: {reason}[/yellow]")
    overrides = result.overrides
    console.print(f"overrides: {len(overrides.applied)} applied, {len(overrides.retired)} retired")
    for item_id in overrides.unknown:
        console.print(f"[yellow]override for unknown id {item_id}[/yellow]")
    console.print(f"built in {result.seconds:.2f} s")
