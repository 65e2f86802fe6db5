"""Turning activity into study days and streaks, and reading them back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from bot.core import timezones
from bot.core.streak import Streak, compute_streak
from bot.core.studyday import DayActivity, Missing, is_study_day, missing_for
from bot.db.records import StreakRecord, StudyDayRecord
from bot.db.repositories import learners, study
from bot.services.context import ServiceContext


@dataclass(frozen=True, slots=True)
class DayStatus:
    day: date
    activity: DayActivity
    missing: Missing
    counted: bool
    just_completed: bool  # this very action completed the study day
    streak: Streak
    newly_read: bool = False  # this very action marked the reading as read


def learner_today(session: Session, learner_id: int, now: datetime, default_tz: str) -> date:
    learner = learners.get_learner(session, learner_id)
    tz = timezones.parse_timezone(learner.timezone if learner else default_tz)
    return timezones.local_date(now, tz)


def record_activity(
    ctx: ServiceContext,
    session: Session,
    learner_id: int,
    *,
    read: bool = False,
    answers: int = 0,
    correct: int = 0,
    reflection_chars: int = 0,
) -> DayStatus:
    """Adds what the learner just did to their study day (in their own zone) and streak."""
    now = ctx.clock.now()
    day = learner_today(session, learner_id, now, ctx.defaults.timezone)
    previous = _day_record(session, learner_id, day)
    before = study.add_activity(
        session,
        learner_id,
        day,
        read=read,
        answers=answers,
        correct=correct,
        reflection_chars=reflection_chars,
    )
    activity = DayActivity(
        read=before.read,
        answers=before.answers,
        correct=before.correct,
        reflection_chars=before.reflection_chars,
    )
    counted = is_study_day(activity, ctx.defaults.requirement)
    just_completed = counted and not before.counted
    if just_completed:
        study.set_counted(session, learner_id, day, True, now)
    streak = _streak(session, learner_id, day)
    _save_streak(session, learner_id, streak, answers, correct, now, just_completed)
    return DayStatus(
        day=day,
        activity=activity,
        missing=missing_for(activity, ctx.defaults.requirement),
        counted=counted,
        just_completed=just_completed,
        streak=streak,
        newly_read=read and not (previous is not None and previous.read),
    )


def day_status(ctx: ServiceContext, learner_id: int) -> DayStatus:
    """Today's activity and the streak as of today, for /streak and quiz results."""
    now = ctx.clock.now()
    with ctx.transaction() as session:
        day = learner_today(session, learner_id, now, ctx.defaults.timezone)
        record = _day_record(session, learner_id, day)
        activity = (
            DayActivity(
                read=record.read,
                answers=record.answers,
                correct=record.correct,
                reflection_chars=record.reflection_chars,
            )
            if record
            else DayActivity()
        )
        return DayStatus(
            day=day,
            activity=activity,
            missing=missing_for(activity, ctx.defaults.requirement),
            counted=is_study_day(activity, ctx.defaults.requirement),
            just_completed=False,
            streak=_streak(session, learner_id, day),
        )


def _day_record(session: Session, learner_id: int, day: date) -> StudyDayRecord | None:
    return next((r for r in study.study_days(session, learner_id, since=day) if r.day == day), None)


def _save_streak(
    session: Session,
    learner_id: int,
    streak: Streak,
    answers: int,
    correct: int,
    now: datetime,
    just_completed: bool,
) -> None:
    """Stores the streak for the leaderboards, with running answer totals for accuracy."""
    stored = study.get_streak(session, learner_id)
    reached_at = now if just_completed or stored is None else stored.reached_at
    study.save_streak(
        session,
        StreakRecord(
            learner_id=learner_id,
            current=streak.current,
            longest=streak.longest,
            total=streak.total,
            freezes=streak.freezes,
            last_study_day=streak.last_study_day,
            alive_through=streak.alive_through,
            answers_total=(stored.answers_total if stored else 0) + answers,
            correct_total=(stored.correct_total if stored else 0) + correct,
            reached_at=reached_at,
            updated_at=now,
        ),
    )


def _streak(session: Session, learner_id: int, today: date) -> Streak:
    days = [d.day for d in study.study_days(session, learner_id) if d.counted]
    excused = study.excused_days(session, learner_id)
    return compute_streak(days, today, excused)


def calendar_png(ctx: ServiceContext, learner_id: int, weeks: int) -> bytes | None:
    """The learner's study days of the last `weeks` weeks as a picture (None: nothing yet)."""
    from bot.reports.calendar import render_streak_calendar  # matplotlib: only when asked

    now = ctx.clock.now()
    with ctx.transaction() as session:
        learner = learners.get_learner(session, learner_id)
        today = learner_today(session, learner_id, now, ctx.defaults.timezone)
        days = {d.day for d in study.study_days(session, learner_id) if d.counted}
        streak = _streak(session, learner_id, today)
    lang = learner.language if learner else "zh"
    return render_streak_calendar(days, set(streak.frozen_days), today, weeks, lang)  # type: ignore[arg-type]
