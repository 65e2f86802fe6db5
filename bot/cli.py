"""The `studybot` command. Each sub-command group lives next to the code it drives."""

from __future__ import annotations

import sys
from urllib.parse import urlparse

import typer

from bot.settings import SettingsError, load_settings


def build_cli() -> typer.Typer:
    cli = typer.Typer(
        help="studybot: daily readings, quizzes and streaks for a study group on Telegram.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
    )
    from bot.curation.cli import content_app
    from bot.db.cli import db_app
    from bot.reports.cli import report
    from bot.sandbox.cli import sandbox_command

    cli.add_typer(content_app, name="content")
    cli.add_typer(db_app, name="db")
    cli.command("run")(run)
    cli.command("report")(report)
    cli.command("sandbox")(sandbox_command)
    return cli


def run(
    webhook: str | None = typer.Option(
        None, "--webhook", help="Serve a webhook at this public URL instead of long polling."
    ),
    listen: str = typer.Option("0.0.0.0", help="Webhook: address to listen on."),
    port: int = typer.Option(8443, help="Webhook: port to listen on."),
) -> None:
    """Run the bot (long polling by default). Applies database migrations first."""
    from telegram import Update

    from bot.app import build_application, build_context
    from bot.logs import configure_logging

    settings = _settings_or_exit()
    secret = settings.studybot_webhook_secret
    if webhook and (secret is None or not secret.get_secret_value()):
        _fail("--webhook needs STUDYBOT_WEBHOOK_SECRET (1-256 characters A-Z a-z 0-9 _ -)")
    configure_logging(settings.token)
    try:
        ctx = build_context(settings)
    except Exception as error:  # a clear line, never a traceback, for a start-up failure
        _fail(f"cannot start: {type(error).__name__}: {error}".splitlines()[0])
    app = build_application(settings, ctx)
    if webhook and secret is not None:
        app.run_webhook(
            listen=listen,
            port=port,
            url_path=urlparse(webhook).path.lstrip("/"),
            webhook_url=webhook,
            secret_token=secret.get_secret_value(),
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        app.run_polling(allowed_updates=Update.ALL_TYPES)


def _settings_or_exit():  # type: ignore[no-untyped-def]
    try:
        return load_settings()
    except SettingsError as error:
        _fail(str(error))


def _fail(message: str) -> None:
    typer.echo(f"studybot: {message}", err=True)
    raise typer.Exit(2)


def main() -> None:
    try:
        build_cli()()
    except KeyboardInterrupt:
        sys.exit(130)
