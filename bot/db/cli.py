"""``studybot db …``: apply migrations and show the schema revision."""

from __future__ import annotations

import typer
from sqlalchemy.engine import make_url

from bot.db.migrate import current_revision, head_revisions, upgrade_to_head
from bot.db.session import default_database_url

db_app = typer.Typer(help="The database: migrations and schema revision.", no_args_is_help=True)

URL_OPTION = typer.Option(None, "--url", help="Database URL (default: DATABASE_URL or SQLite).")


def _shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


@db_app.command()
def upgrade(url: str | None = URL_OPTION) -> None:
    """Apply every migration up to the newest (head)."""
    target = url or default_database_url()
    revision = upgrade_to_head(target)
    typer.echo(f"{_shown(target)}: at revision {revision} (head)")


@db_app.command()
def current(url: str | None = URL_OPTION) -> None:
    """Show the database's revision and whether it is the newest."""
    target = url or default_database_url()
    revision = current_revision(target)
    heads = head_revisions()
    state = "head" if revision in heads else f"head is {', '.join(heads)}"
    typer.echo(f"{_shown(target)}: at revision {revision or 'none (empty)'} ({state})")
