"""The `studybot` command. Each sub-command group lives next to the code it drives."""

from __future__ import annotations

import typer


def build_cli() -> typer.Typer:
    cli = typer.Typer(
        help="studybot: daily readings, quizzes and streaks for a study group on Telegram.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
    )
    from bot.curation.cli import content_app
    from bot.db.cli import db_app

    cli.add_typer(content_app, name="content")
    cli.add_typer(db_app, name="db")
    return cli


def main() -> None:
    build_cli()()
