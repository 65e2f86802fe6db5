"""The `studybot` command. Each sub-command group lives next to the code it drives."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
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
        with _one_start_at_a_time(settings.database_url):
            ctx = build_context(settings)
    except Exception as error:  # a clear line, never a traceback, for a start-up failure
        _fail(f"cannot start: {type(error).__name__}: {error}".splitlines()[0])
    app = build_application(settings, ctx)
    if webhook and secret is not None:
        _harden_webhook_server()
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


STARTUP_LOCK_KEY = 0x5354554459424F54  # "STUDYBOT": a PostgreSQL advisory lock key


@contextmanager
def _one_start_at_a_time(url: str | None) -> Iterator[None]:
    """On PostgreSQL, instances starting together migrate one after the other.

    Without it two instances run the same migration at once and one fails on a duplicate
    table and exits. A session-level advisory lock on a connection of its own, released
    (also by the server, if this process dies) once the database is at head; SQLite needs none.
    """
    from bot.db.session import default_database_url, is_sqlite, make_engine, normalize_url

    resolved = normalize_url(url or default_database_url())
    if is_sqlite(resolved):
        yield
        return
    engine = make_engine(resolved)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(f"SELECT pg_advisory_lock({STARTUP_LOCK_KEY})")
            connection.commit()
            try:
                yield
            finally:
                connection.exec_driver_sql(f"SELECT pg_advisory_unlock({STARTUP_LOCK_KEY})")
                connection.commit()
    finally:
        engine.dispose()


# A Telegram update is a few kilobytes (a 4096-character message with its entities and the
# message it replies to stays far below 100 KB); python-telegram-bot's tornado server would
# buffer bodies up to tornado's default of 100 MB, before it even checks the secret.
WEBHOOK_MAX_BODY_BYTES = 1024 * 1024
WEBHOOK_BODY_TIMEOUT = 30.0  # seconds to receive a body once its headers came
WEBHOOK_IDLE_TIMEOUT = 120.0  # seconds an idle keep-alive connection is kept


def _harden_webhook_server() -> None:
    """Replaces python-telegram-bot's webhook server with a stricter one, for this process.

    python-telegram-bot 22.8 (``telegram.ext._utils.webhookhandler``) answers 403 to a missing
    or wrong ``X-Telegram-Bot-Api-Secret-Token`` (compared with ``!=``) or a Content-Type other
    than ``application/json``; but it reads bodies up to 100 MB first, answers a body that is
    not UTF-8 JSON with a 500 and logs a bad update in full. Here: bodies over
    ``WEBHOOK_MAX_BODY_BYTES`` are refused by tornado before they are read (400, connection
    closed), the secret is compared in constant time, anything but a JSON object with an
    integer ``update_id`` that python-telegram-bot can parse is a 400 and never reaches the
    update queue. The Updater looks both classes up in its module when the webhook starts,
    which is where they are replaced (checked, so a python-telegram-bot upgrade that moves
    them fails loudly at start-up instead of running unprotected).
    """
    import asyncio
    import hmac
    import json
    import logging
    import re
    from http import HTTPStatus

    import tornado.web
    from telegram import Update
    from telegram.ext import ExtBot
    from telegram.ext import _updater as ptb_updater
    from telegram.ext._utils import webhookhandler as ptb_webhook
    from tornado.httpserver import HTTPServer

    log = logging.getLogger("bot.webhook")
    for name in ("WebhookAppClass", "WebhookServer"):
        if getattr(ptb_updater, name, None) is not getattr(ptb_webhook, name, object()):
            raise RuntimeError(
                f"python-telegram-bot changed: telegram.ext._updater.{name} is not the webhook's"
            )

    class StrictHandler(ptb_webhook.TelegramHandler):
        def _validate_post(self) -> None:
            expected = (self.secret_token or "").encode()
            given = (self.request.headers.get("X-Telegram-Bot-Api-Secret-Token") or "").encode()
            if not expected or not hmac.compare_digest(given, expected):
                raise tornado.web.HTTPError(
                    HTTPStatus.FORBIDDEN, reason="Wrong or missing secret token"
                )
            if self.request.headers.get("Content-Type") != "application/json":
                raise tornado.web.HTTPError(
                    HTTPStatus.FORBIDDEN, reason="Content-Type must be application/json"
                )

        async def post(self) -> None:
            self._validate_post()
            try:
                data = json.loads(self.request.body)
            except (ValueError, RecursionError):  # not UTF-8, not JSON, or nested too deep
                raise tornado.web.HTTPError(
                    HTTPStatus.BAD_REQUEST, reason="Body is not JSON"
                ) from None
            if not isinstance(data, dict) or type(data.get("update_id")) is not int:
                raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST, reason="Not a Telegram update")
            try:
                update = Update.de_json(data, self.bot)
            except Exception as error:  # any parse failure means: not an update
                log.warning("webhook: refused an unparsable update (%s)", type(error).__name__)
                raise tornado.web.HTTPError(
                    HTTPStatus.BAD_REQUEST, reason="Update could not be parsed"
                ) from None
            if isinstance(self.bot, ExtBot):
                self.bot.insert_callback_data(update)
            await self.update_queue.put(update)
            self.set_status(HTTPStatus.OK)

    class StrictApp(ptb_webhook.WebhookAppClass):
        def __init__(
            self,
            webhook_path: str,
            bot: Any,
            update_queue: asyncio.Queue[object],
            secret_token: str | None = None,
        ) -> None:
            self.shared_objects = {
                "bot": bot,
                "update_queue": update_queue,
                "secret_token": secret_token,
            }
            path = "/" + re.escape(webhook_path.lstrip("/")) if webhook_path.strip("/") else ""
            tornado.web.Application.__init__(
                self, [(rf"{path}/?", StrictHandler, self.shared_objects)]
            )

    class StrictServer(ptb_webhook.WebhookServer):
        def __init__(
            self,
            listen: str,
            port: int,
            webhook_app: Any,
            ssl_ctx: Any,
            unix: Any = None,
        ) -> None:
            super().__init__(listen, port, webhook_app, ssl_ctx, unix)
            self._http_server = HTTPServer(
                webhook_app,
                ssl_options=ssl_ctx,
                max_body_size=WEBHOOK_MAX_BODY_BYTES,
                body_timeout=WEBHOOK_BODY_TIMEOUT,
                idle_connection_timeout=WEBHOOK_IDLE_TIMEOUT,
            )

    ptb_updater.WebhookAppClass = StrictApp  # type: ignore[misc]
    ptb_updater.WebhookServer = StrictServer  # type: ignore[misc]


def _settings_or_exit():
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
