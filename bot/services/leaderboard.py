"""Streak leaderboards: a group's (members only) and the global one (opted-in learners only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from bot.core import timezones
from bot.core.ranking import Ranked, Standing, Window, rank, window_bounds
from bot.db.records import WindowRow
from bot.db.repositories import chats, leaderboard, learners
from bot.services.context import ServiceContext

BOARD_SIZE = 10
ALL_TIME_START = date(1970, 1, 1)
NEVER = datetime.max.replace(tzinfo=UTC)  # no study day yet: behind everyone who has one


@dataclass(frozen=True, slots=True)
class Board:
    window: Window
    title: str
    rows: tuple[Ranked, ...]
    my_position: int | None  # None: not on this board


def group_board(ctx: ServiceContext, chat_id: int, viewer_id: int, window: Window) -> Board:
    now = ctx.clock.now()
    with ctx.transaction() as session:
        chat = chats.get_chat(session, chat_id)
        tz = timezones.parse_timezone(chat.timezone if chat else ctx.defaults.timezone)
        today = timezones.local_date(now, tz)
        start, end = window_bounds(window, today)
        # The repository wants a real first day; "all time" has none (window_bounds gives None).
        rows = leaderboard.group_window_rows(session, chat_id, start or ALL_TIME_START, end)
    standings = [_standing(r, today, r.display_name) for r in rows]
    return _board(window, chat.title if chat and chat.title else "", standings, viewer_id)


def global_board(ctx: ServiceContext, viewer_id: int, window: Window) -> Board:
    now = ctx.clock.now()
    with ctx.transaction() as session:
        viewer = learners.get_learner(session, viewer_id)
        tz = timezones.parse_timezone(viewer.timezone if viewer else ctx.defaults.timezone)
        today = timezones.local_date(now, tz)
        start, end = window_bounds(window, today)
        rows = leaderboard.global_window_rows(session, start, end, today)
    standings = [_standing(r, today, r.leaderboard_name or r.display_name) for r in rows]
    return _board(window, "", standings, viewer_id)


def _standing(row: WindowRow, today: date, name: str) -> Standing:
    """A member's figures in the window. The current run's days are the learner's most
    recent study days, so the part of the run inside a window ending today is the smaller
    of the run and the window's study days."""
    alive = row.alive_through is not None and row.alive_through >= today
    current = min(row.current_streak, row.counted_days) if alive else 0
    return Standing(
        learner_id=row.learner_id,
        name=name,
        current_streak=current,
        total_days=row.counted_days,
        answers=row.answers,
        correct=row.correct,
        reached_at=row.reached_at or NEVER,
    )


def _board(window: Window, title: str, standings: list[Standing], viewer_id: int) -> Board:
    ranked = rank(standings)
    mine = next((r.position for r in ranked if r.standing.learner_id == viewer_id), None)
    return Board(window=window, title=title, rows=tuple(ranked[:BOARD_SIZE]), my_position=mine)
