"""The evaluation service on a real (SQLite) database: every figure of a member gathered from
study days, streaks, 集中学习日 runs and reflections; the report timing rules; and the
``studybot report`` command with its one-line errors."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from typer.testing import CliRunner

from bot.cli import build_cli
from bot.core import sessions
from bot.core.evaluation import Period
from bot.corpus.index import CorpusIndex
from bot.corpus.model import Corpus
from bot.db.migrate import upgrade_to_head
from bot.db.records import ContentRow
from bot.db.repositories import (
    chats,
    content,
    learners,
    members,
    quiz,
    reflections,
    study,
    studydays,
)
from bot.db.session import make_engine, make_session_factory
from bot.services import evaluation
from bot.services.context import ServiceContext

GROUP = -100777
WANG, LI, ALICE, GONE = 11, 12, 13, 14
SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass
class FixedClock:
    at: datetime

    def now(self) -> datetime:
        return self.at


def _utc(y: int, m: int, d: int, hh: int = 12) -> datetime:
    return datetime(y, m, d, hh, tzinfo=SHANGHAI).astimezone(UTC)


@pytest.fixture
def db(tmp_path: Path) -> tuple[str, ServiceContext]:
    url = f"sqlite:///{tmp_path / 'evaluation.sqlite3'}"
    upgrade_to_head(url)
    clock = FixedClock(_utc(2026, 12, 10))
    ctx = ServiceContext(
        sessions=make_session_factory(make_engine(url)),
        corpus=CorpusIndex(Corpus()),
        clock=clock,
    )
    _seed(ctx)
    return url, ctx


def _study(session, learner: int, day: date, answers: int, correct: int) -> None:  # type: ignore[no-untyped-def]
    study.add_activity(session, learner, day, read=True, answers=answers, correct=correct)
    study.set_counted(session, learner, day, True, _utc(day.year, day.month, day.day))


def _seed(ctx: ServiceContext) -> None:
    t0 = _utc(2026, 10, 1)
    with ctx.transaction() as s:
        chats.upsert_chat(s, chat_id=GROUP, type="supergroup", title="学习群", now=t0)
        items = [ContentRow(i, "quiz", "a1", {"question": "?"}, ()) for i in ("a", "b")]
        content.sync_content(s, items, t0)
        for learner, name in ((WANG, "王芳"), (LI, "李明"), (ALICE, "Alice"), (GONE, "走了")):
            learners.upsert_learner(s, learner_id=learner, display_name=name, now=t0)
            members.add_member(s, GROUP, learner, t0)
        members.remove_member(s, GROUP, GONE)  # a former member is not known any more
        # November: Wang 28-30 Nov (3 days, 9 answers, 8 correct), Li 2 Nov (1 day)
        for d in (28, 29, 30):
            _study(s, WANG, date(2026, 11, d), 3, 3 if d != 29 else 2)
        _study(s, LI, date(2026, 11, 2), 5, 1)
        _study(s, GONE, date(2026, 11, 3), 3, 3)
        # an uncounted day (answers but no reading) adds answers, not a study day
        study.add_activity(s, ALICE, date(2026, 11, 5), answers=2, correct=1)
        # October: only Li
        _study(s, LI, date(2026, 10, 20), 3, 3)
        # reflections: Li two in November (one on 30 Nov 23:30 local), one in December
        for at in (_utc(2026, 11, 10), _utc(2026, 11, 30, 23) + timedelta(minutes=30)):
            reflections.add_reflection(
                s, learner_id=LI, text="心得" * 20, study_day=at.date(), now=at
            )
        reflections.add_reflection(
            s, learner_id=LI, text="心得" * 20, study_day=date(2026, 12, 1), now=_utc(2026, 12, 1)
        )
        # a 集中学习日 run on 27 Nov: Wang and Alice answered; one run in October: Wang
        schedule = studydays.create_schedule(s, chat_id=GROUP, weekday=4, minute=900, now=t0)
        for when, who in (
            (_utc(2026, 11, 27, 15), (WANG, ALICE)),
            (_utc(2026, 10, 30, 15), (WANG,)),
        ):
            assert studydays.claim_run(s, schedule.id, GROUP, when, when)
            run = studydays.get_run(s, schedule.id, when)
            qs = quiz.create_session(
                s,
                chat_id=GROUP,
                learner_id=None,
                kind="studyday",
                item_ids=["a", "b"],
                study_day=when.date(),
                now=when,
            )
            studydays.update_run(s, run.id, quiz_session_id=qs.id, status="finished")
            for n, item in enumerate(("a", "b")):
                poll_id = f"p{qs.id}-{n}"
                quiz.record_poll(
                    s,
                    poll_id=poll_id,
                    chat_id=GROUP,
                    session_id=qs.id,
                    item_id=item,
                    correct_option=0,
                    option_count=4,
                    opened_at=when,
                )
                for learner in who:
                    quiz.record_answer(
                        s,
                        learner_id=learner,
                        poll_id=poll_id,
                        chosen_option=0,
                        answered_at=when,
                        study_day=when.date(),
                    )


def test_november_figures_per_member(db: tuple[str, ServiceContext]) -> None:
    _, ctx = db
    ev = evaluation.report(ctx, GROUP, Period.parse("2026-11")).evaluation
    rows = {m.name: m for m in ev.members}
    assert set(rows) == {"王芳", "李明", "Alice"}
    wang, li, alice = rows["王芳"], rows["李明"], rows["Alice"]
    assert (wang.study_days, wang.current_streak, wang.answers, wang.correct) == (3, 3, 9, 8)
    assert (wang.sessions_attended, wang.reflections) == (1, 0)
    assert (li.study_days, li.current_streak, li.answers, li.correct) == (1, 0, 5, 1)
    assert (li.sessions_attended, li.reflections) == (0, 2)  # the December one is not counted
    assert (alice.study_days, alice.answers, alice.correct, alice.sessions_attended) == (0, 2, 1, 1)
    assert (ev.participation.participants, ev.participation.known) == (2, 3)
    assert (ev.previous_participation.participants, ev.previous_participation.known) == (1, 3)
    assert ev.trend.direction == "up" and round(ev.trend.delta_points or 0, 3) == 33.333
    assert [e.member.name for e in ev.honour_roll] == ["王芳", "李明"]
    assert [p.week_start for p in ev.weekly] == [
        date(2026, 10, 26),
        date(2026, 11, 2),
        date(2026, 11, 9),
        date(2026, 11, 16),
        date(2026, 11, 23),
        date(2026, 11, 30),
    ]
    assert [round(p.participation, 3) for p in ev.weekly] == [0, 0.333, 0, 0, 0.333, 0.333]


def test_week_so_far_streak_as_of_today(db: tuple[str, ServiceContext]) -> None:
    _, ctx = db
    week = evaluation.period_from(ctx, GROUP, "week")
    assert week == Period.week_of(date(2026, 12, 10))
    assert evaluation.period_from(ctx, GROUP, "2026-W48") == Period.parse("2026-W48")
    ev = evaluation.report(ctx, GROUP, Period.parse("2026-W48")).evaluation
    wang = next(m for m in ev.members if m.name == "王芳")
    assert (wang.study_days, wang.current_streak) == (2, 2)  # 28, 29 Nov; as of Sun 29 Nov
    with pytest.raises(evaluation.UnknownChat):
        evaluation.report(ctx, -1, week)


def test_report_timing_rules() -> None:
    since = _utc(2026, 11, 1)
    assert sessions.due_report("week", SHANGHAI, _utc(2026, 11, 30, 8), since) is None
    due = sessions.due_report("week", SHANGHAI, _utc(2026, 11, 30, 9), since)
    assert due is not None and due.period == Period.parse("2026-W48")
    assert sessions.due_report("week", SHANGHAI, _utc(2026, 12, 1, 10), since) is None  # > 1 day
    month = sessions.due_report("month", SHANGHAI, _utc(2026, 12, 1, 9), since)
    assert month is not None and month.period == Period.parse("2026-11")
    assert (
        sessions.due_report("month", SHANGHAI, _utc(2026, 12, 1, 9), _utc(2026, 12, 1, 10)) is None
    )


def test_session_timing_rules() -> None:
    now = _utc(2026, 11, 27, 16)  # Friday 16:00 local
    latest = sessions.latest_occurrence(4, 15 * 60, SHANGHAI, now)
    assert latest == _utc(2026, 11, 27, 15)
    assert sessions.next_occurrence(4, 15 * 60, SHANGHAI, now) == _utc(2026, 12, 4, 15)
    assert sessions.latest_occurrence(4, 17 * 60, SHANGHAI, now) == _utc(2026, 11, 20, 17)
    created = _utc(2026, 11, 1)
    assert sessions.decide(latest, created, now) == "start"
    assert sessions.decide(latest, created, latest + timedelta(hours=2, seconds=1)) == "missed"
    assert sessions.decide(latest, now, now) == "not_due"  # scheduled after its time had passed
    for text, day in (("fri", 4), ("Friday", 4), ("周五", 4), ("星期日", 6), ("周天", 6), ("7", 6)):
        assert sessions.parse_weekday(text) == day
    for bad in ("", "fri day", "周八", "8", "星期"):
        with pytest.raises(ValueError):
            sessions.parse_weekday(bad)


def _cli(url: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(build_cli(), ["report", "--url", url, *args])
    return result.exit_code, result.stdout, result.stderr


def test_cli_text_csv_xlsx_and_errors(db: tuple[str, ServiceContext], tmp_path: Path) -> None:
    url, _ = db
    code, out, _ = _cli(url, f"--chat={GROUP}", "--period", "2026-11")
    assert code == 0
    assert out.startswith("📊 学习效果评比 · 2026年11月\n学习群\n")
    assert "参与率：66.7%（2/3 人）" in out and "<b>" not in out
    code, out, _ = _cli(url, "--chat", str(GROUP), "--period", "2026-11", "--format", "csv")
    assert code == 0
    table = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert [r[1] for r in table] == ["成员", "王芳", "李明", "Alice"]
    target = tmp_path / "nov.xlsx"
    code, _, err = _cli(
        url,
        "--chat",
        str(GROUP),
        "--period",
        "2026-11",
        "--format",
        "xlsx",
        "--output",
        str(target),
    )
    assert code == 0 and "wrote" in err
    sheet = openpyxl.load_workbook(target)["members"]
    values = [c.value for c in sheet[2]]
    # the streak (column 4) is as of the period's end or the real today: not compared here
    assert values[1:3] + values[4:9] == ["王芳", 3, 9, 8, 8 / 9, 1, 0]

    for args, message in (
        (("--chat", "-5", "--period", "2026-11"), "no group chat -5 in the database"),
        (("--chat", str(GROUP), "--period", "2026-13"), "no such month: '2026-13'"),
        (("--chat", str(GROUP), "--period", "nov"), "cannot read period 'nov'"),
        (("--chat", str(GROUP), "--period", "2026-11", "--format", "pdf"), "unknown format 'pdf'"),
    ):
        code, _, err = _cli(url, *args)
        assert code == 2, (args, err)
        assert err.startswith("studybot report: ") and message in err and "Traceback" not in err
        assert len(err.strip().splitlines()) == 1


def test_reports_claimed_once_per_group_and_period_and_not_for_paused_groups(
    db: tuple[str, ServiceContext],
) -> None:
    _, ctx = db
    clock = ctx.clock
    assert isinstance(clock, FixedClock)
    clock.at = _utc(2026, 11, 30, 9) + timedelta(minutes=1)  # Monday 09:01
    first = evaluation.claim_due_reports(ctx, "a")
    assert [(p.chat_id, p.period.code()) for p in first] == [(GROUP, "2026-W48")]
    assert evaluation.claim_due_reports(ctx, "b") == []  # another instance: nothing left
    evaluation.report_posted(ctx, first[0].delivery_id, 42)
    with ctx.transaction() as s:
        chats.update_chat(s, GROUP, paused=True)
    clock.at = _utc(2026, 12, 1, 9) + timedelta(minutes=1)  # the 1st: the monthly report
    assert evaluation.claim_due_reports(ctx, "a") == []  # paused groups get none
    with ctx.transaction() as s:
        chats.update_chat(s, GROUP, paused=False)
    seen: set[tuple[int, str, date]] = set()
    month = evaluation.claim_due_reports(ctx, "a", seen)
    assert [p.period.code() for p in month] == ["2026-11"] and len(seen) == 1
    assert evaluation.claim_due_reports(ctx, "a", seen) == []


def test_concurrent_ticks_open_and_step_a_session_once(tmp_path: Path) -> None:
    """Four instances tick at the same moment: one run, one quiz session, one first step."""
    from concurrent.futures import ThreadPoolExecutor

    from bot.corpus.loader import load_corpus
    from bot.services import studyday

    url = f"sqlite:///{tmp_path / 'race.sqlite3'}"
    upgrade_to_head(url)
    corpus = CorpusIndex(load_corpus(Path(__file__).resolve().parents[1] / "data" / "corpus"))
    ctx = ServiceContext(
        sessions=make_session_factory(make_engine(url)),
        corpus=corpus,
        clock=FixedClock(_utc(2026, 11, 1)),
    )
    rows = [
        ContentRow(q.id, "quiz", q.article_id, {"question": q.question}, q.tags)
        for q in corpus.corpus.quiz_items
    ]
    with ctx.transaction() as s:
        content.sync_content(s, rows, _utc(2026, 11, 1))
        chats.upsert_chat(
            s, chat_id=GROUP, type="supergroup", title="学习群", now=_utc(2026, 11, 1)
        )
    view = studyday.add_schedule(ctx, GROUP, 4, 15 * 60, None)
    assert view.question_count == 5 and view.open_period == 60
    ctx.clock.at = _utc(2026, 11, 27, 15) + timedelta(seconds=30)  # type: ignore[attr-defined]
    with ThreadPoolExecutor(4) as pool:
        opened = list(pool.map(lambda _: studyday.open_due_sessions(ctx), range(4)))
        steps = list(pool.map(lambda _: studyday.next_steps(ctx), range(4)))
    assert sum(len(o.started) for o in opened) == 1
    assert sum(len(s) for s in steps) == 1
    step = next(s for batch in steps for s in batch)
    assert step.kind == "open" and step.number == 1 and step.total == 3  # 公道正派 has 3 items
    assert step.reading is not None and step.reading.theme == "公道正派"
