"""学习效果评比: gathers a group's figures for a period into the pure evaluation, and claims the
weekly and monthly report posts (once per group and period).

Figures per member (the group's active members are the members known):

* study days: the member's counted study days (their own zone) in the period;
* current streak: as of the period's end, or today when the period is not over;
* answers and correct: every quiz answer of the member on those days (any chat);
* sessions attended: the group's 集中学习日 runs scheduled in the period where the member
  answered at least one poll;
* reflections: how many the member wrote in the period (never their text).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.core import sessions, timezones
from bot.core.evaluation import (
    GroupEvaluation,
    GroupEvaluationInput,
    MemberActivity,
    Period,
    PeriodKind,
    WeekPoint,
    evaluate,
    week_point,
    weeks_in,
)
from bot.core.streak import compute_streak
from bot.db.records import ChatRecord
from bot.db.repositories import chats, deliveries, leaderboard, reflections, study, studydays
from bot.services.context import ServiceContext

log = logging.getLogger(__name__)

REPORT_KINDS: dict[PeriodKind, str] = {"week": "report_week", "month": "report_month"}


class UnknownChat(LookupError):
    """No such group chat in the database."""


def chat_language(chat: ChatRecord) -> str:
    return chat.language if chat.language in ("zh", "en") else "zh"


def today_in(ctx: ServiceContext, chat_id: int) -> date:
    with ctx.transaction() as session:
        chat = _group(session, chat_id)
    return timezones.local_date(ctx.clock.now(), timezones.parse_timezone(chat.timezone))


def period_from(ctx: ServiceContext, chat_id: int, text: str) -> Period:
    """``""``/``week`` → this week so far, ``month`` → this month so far, else ``2026-11`` or
    ``2026-W47`` (raises :class:`~bot.core.evaluation.EvaluationError` on anything else)."""
    word = text.strip().lower()
    if word in ("", "week", "本周", "周"):
        return sessions.period_so_far("week", today_in(ctx, chat_id))
    if word in ("month", "本月", "月"):
        return sessions.period_so_far("month", today_in(ctx, chat_id))
    return Period.parse(text)


@dataclass(frozen=True, slots=True)
class Report:
    evaluation: GroupEvaluation
    lang: str


def report(ctx: ServiceContext, chat_id: int, period: Period) -> Report:
    """The evaluation of a group for a period (with the weekly chart points for a month)."""
    now = ctx.clock.now()
    with ctx.transaction() as session:
        chat = _group(session, chat_id)
        tz = timezones.parse_timezone(chat.timezone)
        today = timezones.local_date(now, tz)
        current = _activities(session, chat, period, today, tz, streaks=True)
        previous = _activities(session, chat, period.previous(), today, tz, streaks=False)
        weekly: tuple[WeekPoint, ...] = ()
        if period.kind == "month":
            weekly = tuple(
                week_point(w.start, _activities(session, chat, w, today, tz, streaks=False))
                for w in weeks_in(period)
                if w.start <= today
            )
        data = GroupEvaluationInput(
            chat_title=chat.title or str(chat.id),
            period=period,
            members=current,
            previous_members=previous,
            weekly=weekly,
        )
        return Report(evaluate(data), chat_language(chat))


def _group(session: Session, chat_id: int) -> ChatRecord:
    chat = chats.get_chat(session, chat_id)
    if chat is None or chat.type == "private":
        raise UnknownChat(f"no group chat {chat_id}")
    return chat


def _activities(
    session: Session, chat: ChatRecord, period: Period, today: date, tz: ZoneInfo, *, streaks: bool
) -> list[MemberActivity]:
    rows = leaderboard.group_window_rows(session, chat.id, period.start, period.end)
    ids = [r.learner_id for r in rows]
    since, until = sessions.period_bounds(period, tz)
    attended = studydays.attendance(session, chat.id, since, until)
    written = reflections.count_reflections(session, ids, since, until)
    as_of = min(period.end, today)
    return [
        MemberActivity(
            learner_id=r.learner_id,
            name=r.display_name,
            study_days=r.counted_days,
            current_streak=_streak(session, r.learner_id, as_of) if streaks else 0,
            answers=r.answers,
            correct=r.correct,
            sessions_attended=attended.get(r.learner_id, 0),
            reflections=written.get(r.learner_id, 0),
        )
        for r in rows
    ]


def _streak(session: Session, learner_id: int, as_of: date) -> int:
    days = [d.day for d in study.study_days(session, learner_id) if d.counted and d.day <= as_of]
    excused = study.excused_days(session, learner_id)
    return compute_streak(days, as_of, excused).current


# ------------------------------------------------------------------ periodic posts


@dataclass(frozen=True, slots=True)
class ReportPost:
    delivery_id: int
    chat_id: int
    period: Period


def claim_due_reports(
    ctx: ServiceContext, instance: str, seen: set[tuple[int, str, date]] | None = None
) -> list[ReportPost]:
    """Weekly (Monday 09:00 group time) and monthly (the 1st) reports due now, each claimed
    once per group and period; a report more than a day late is skipped, and so are paused
    groups. ``seen`` (kept by the caller) remembers reports already claimed by anyone, so the
    day-long window costs one insert attempt per group and report, not one per tick."""
    now = ctx.clock.now()
    with ctx.transaction() as session:
        groups = studydays.report_groups(session)
    posts: list[ReportPost] = []
    for chat in groups:
        if chat.paused or not chat.subscribed:
            continue
        tz = timezones.parse_timezone(chat.timezone)
        for kind in ("week", "month"):
            due = sessions.due_report(kind, tz, now, chat.created_at)
            key = (chat.id, kind, due.period.start) if due is not None else None
            if due is None or (seen is not None and key in seen):
                continue
            with ctx.transaction() as session:
                held = studydays.hold_report(
                    session, chat.id, due.period.start, REPORT_KINDS[due.kind], instance, now
                )
            if seen is not None and key is not None:
                seen.add(key)
            if held is not None:
                posts.append(ReportPost(held, chat.id, due.period))
    return posts


def report_posted(
    ctx: ServiceContext, delivery_id: int, message_id: int | None, error: str = ""
) -> None:
    now: datetime = ctx.clock.now()
    with ctx.transaction() as session:
        if error:
            deliveries.mark_failed(session, delivery_id, error)
        else:
            deliveries.mark_sent(session, delivery_id, now, message_id)
