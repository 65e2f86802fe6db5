"""``studybot report --chat ID --period 2026-11 --format xlsx|csv|text [--output FILE]``.

The same 学习效果评比 as the bot posts, from the database (``DATABASE_URL`` like ``studybot
run``, or ``--url``). Errors are one line on stderr with exit status 2, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from bot.services.context import ServiceContext

FORMATS = ("text", "html", "xlsx", "csv")
OUTPUT_OPTION = typer.Option(
    None, "--output", "-o", help="Write to this file (default: standard output)."
)


def report(
    chat: int = typer.Option(..., "--chat", help="The group's Telegram chat id (e.g. -1001234)."),
    period: str = typer.Option(
        ..., "--period", help="A month (2026-11) or an ISO week (2026-W47)."
    ),
    fmt: str = typer.Option("text", "--format", help="text, html, xlsx or csv."),
    output: Path | None = OUTPUT_OPTION,
    lang: str = typer.Option("zh", "--lang", help="zh (default) or en."),
    url: str | None = typer.Option(
        None, "--url", help="Database URL (default: DATABASE_URL or SQLite)."
    ),
) -> None:
    """Print or save a group's study evaluation (学习效果评比) for a month or a week."""
    if fmt not in FORMATS:
        _fail(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if lang not in ("zh", "en"):
        _fail(f"unknown language {lang!r}; use zh or en")
    if fmt == "xlsx" and output is None and sys.stdout.isatty():
        _fail("xlsx is binary: give --output FILE (or redirect standard output)")
    data = _render(chat, period, fmt, lang, url)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        output.write_bytes(data)
    except OSError as error:
        _fail(f"cannot write {output}: {error.strerror or error}")
    typer.echo(f"wrote {output} ({len(data)} bytes)", err=True)


def _render(chat: int, period_text: str, fmt: str, lang: str, url: str | None) -> bytes:
    from bot.core.evaluation import EvaluationError, Period
    from bot.reports import render_report
    from bot.services import evaluation

    try:
        period = Period.parse(period_text)
    except EvaluationError as error:
        _fail(str(error))
    ctx = _context(url)
    try:
        result = evaluation.report(ctx, chat, period)
    except evaluation.UnknownChat:
        _fail(f"no group chat {chat} in the database (use the group's id, e.g. -1001234)")
    return render_report(result.evaluation, fmt, lang)  # type: ignore[arg-type]


def _context(url: str | None) -> ServiceContext:
    from bot.clock import SystemClock
    from bot.corpus.index import CorpusIndex
    from bot.corpus.model import Corpus
    from bot.db.migrate import current_revision, head_revisions
    from bot.db.session import default_database_url, make_engine, make_session_factory
    from bot.services.context import ServiceContext

    target = url or default_database_url()
    try:
        revision = current_revision(target)
    except Exception as error:  # unreachable server, bad URL: one line
        _fail(f"cannot open the database: {type(error).__name__}: {error}".splitlines()[0])
    if revision not in head_revisions():
        _fail("the database is not at the newest schema; run `studybot db upgrade` first")
    sessions = make_session_factory(make_engine(target))
    return ServiceContext(sessions=sessions, corpus=CorpusIndex(Corpus()), clock=SystemClock())


def _fail(message: str) -> None:
    typer.echo(f"studybot report: {message}", err=True)
    raise typer.Exit(2)
