"""`studybot content …`: build, lint, stats and import for the study corpus."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from bot.curation.paths import ContentPaths

content_app = typer.Typer(help="Build and check the study corpus (content/).", no_args_is_help=True)

ContentDir = Annotated[
    Path | None,
    typer.Option("--content-dir", help="content directory (default: the repo's content/)"),
]


def _paths(content_dir: Path | None) -> ContentPaths:
    from bot.corpus.loader import default_content_dir
    from bot.curation.paths import ContentPaths

    return ContentPaths(content_dir or default_content_dir())


@content_app.command()
def build(content_dir: ContentDir = None) -> None:
    """Rebuild content/curated from content/sources, then print a summary."""
    from rich.console import Console

    from bot.curation.build import build as run_build
    from bot.curation.report import print_build_summary, progress_steps

    console = Console()
    with progress_steps(console) as step:
        result = run_build(_paths(content_dir), step)
    print_build_summary(console, result)


@content_app.command()
def lint(content_dir: ContentDir = None) -> None:
    """Check limits, ids, noise and quiz well-formedness; exit 1 naming every bad entry."""
    from bot.curation.lint import lint as run_lint

    issues = run_lint(_paths(content_dir))
    for issue in issues:
        typer.echo(str(issue))
    if issues:
        typer.echo(f"{len(issues)} problem(s)", err=True)
        raise typer.Exit(1)
    typer.echo("corpus ok")


@content_app.command()
def stats(content_dir: ContentDir = None) -> None:
    """Counts per kind, per article and per theme."""
    from rich.console import Console

    from bot.corpus.loader import CorpusError, load_corpus
    from bot.curation.report import counts_tables

    try:
        corpus = load_corpus(_paths(content_dir).root)
    except CorpusError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from error
    console = Console()
    for table in counts_tables(corpus):
        console.print(table)


@content_app.command("import")
def import_(
    files: Annotated[list[Path], typer.Argument(help=".txt, .md, .docx or .pdf files")],
    content_dir: ContentDir = None,
) -> None:
    """Add source documents and rebuild; a bad file changes nothing in content/."""
    from rich.console import Console

    from bot.curation.documents import ImportRefused
    from bot.curation.importer import import_documents
    from bot.curation.report import print_build_summary, progress_steps

    console = Console()
    try:
        with progress_steps(console) as step:
            docs, result = import_documents(_paths(content_dir), files, step)
    except ImportRefused as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from error
    for doc in docs:
        console.print(f"added {doc.id} {doc.title} ({doc.provenance})")
    print_build_summary(console, result)
