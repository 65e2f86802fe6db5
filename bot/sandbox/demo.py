"""`studybot sandbox --demo`: a scripted study week for three learners and their group.

Time runs fast: each morning the clock jumps to the next 08:00 (Asia/Shanghai), the real push
pipeline queues and sends the day's readings, and the learners read, quiz and write reflections.
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

from bot.core import timezones
from bot.core.sessions import WEEKDAY_CODES
from bot.db.repositories import studydays
from bot.delivery.sessions import job_memory, tick
from bot.sandbox.runtime import running_sandbox
from bot.sandbox.scenario import Actor, choose
from bot.sandbox.transcript import Transcript

WANG, LI, ALICE = 1001, 1002, 1003
NAMES = {WANG: "王芳", LI: "李明", ALICE: "Alice"}
DAYS = 7
# Who studies on which day of the week (1-7), and how well they answer.
STUDY_PLAN = {
    WANG: ({1, 2, 3, 4, 5, 6, 7}, [True, True, False]),
    LI: ({1, 2, 3, 5, 6, 7}, [True, False, True]),
    ALICE: ({1, 2, 3, 4, 5, 7}, [True, True, True]),
}
SESSION_DAY = 4  # the 集中学习日 session: 15:00 on the demo's fourth day
REFLECTION = (
    "读了“公生明，廉生威”，体会到组工干部只有公道正派、清正廉洁，才能在干部群众中树立威信。"
)


async def run_demo(content_dir: Path | None = None) -> None:
    with tempfile.TemporaryDirectory(prefix="studybot-demo-") as workdir:
        url = f"sqlite:///{workdir}/demo.sqlite3"
        async with running_sandbox(
            url, content_dir=content_dir, studybot_group_open_period=30
        ) as sandbox:
            await _play(Actor(sandbox))


async def _play(actor: Actor) -> None:
    emulator = actor.emulator
    if actor.sandbox.app.job_queue is not None:  # the demo runs the study-day job itself
        for job in actor.sandbox.app.job_queue.get_jobs_by_name("studyday"):
            job.schedule_removal()
    emulator.add_user(WANG, "王芳", language_code="zh-hans")
    emulator.add_user(LI, "李明", language_code="zh-hans")
    emulator.add_user(ALICE, "Alice", language_code="en")
    group = emulator.add_group("组织部学习群", [LI, ALICE], admin_ids=[WANG])
    transcript = Transcript(emulator, {**{u: n for u, n in NAMES.items()}, group: "组织部学习群"})
    names = transcript.chat_names

    transcript.note("Day 0: everyone meets the bot")
    for user in NAMES:
        transcript.say(user, names[user], "/start")
        await actor.says(user, "/start")
    emulator.add_bot_to_group(group, WANG)
    await actor.settle()
    transcript.say(WANG, names[WANG], "/name 王芳")
    await actor.says(WANG, "/name 王芳")
    transcript.say(ALICE, names[ALICE], "/name Alice")
    await actor.says(ALICE, "/name Alice")
    transcript.flush()

    tz = timezones.parse_timezone("Asia/Shanghai")
    session_day = (actor.sandbox.clock.now().astimezone(tz) + timedelta(days=SESSION_DAY)).weekday()
    command = f"/studyday add {WEEKDAY_CODES[session_day]} 15:00"
    transcript.say(group, names[WANG], command)
    await actor.says(WANG, command, chat_id=group)
    transcript.flush()
    _short_sessions(actor, group)
    for day in range(1, DAYS + 1):
        now = actor.sandbox.clock.now()
        push_at = timezones.next_push_at(actor.sandbox.ctx.defaults.push_time, tz, now)
        sent = await actor.jump(push_at - now + timedelta(seconds=1))
        transcript.note(f"Day {day}: {push_at.astimezone(tz):%Y-%m-%d %H:%M} — {sent} pushes sent")
        transcript.flush()
        for user, (days, answers) in STUDY_PLAN.items():
            if day in days:
                await _study(actor, transcript, user, answers)
        if day == 3:
            await _group_quiz(actor, transcript, group)
        if day == 5:
            transcript.say(LI, names[LI], f"/note {REFLECTION}")
            await actor.says(LI, f"/note {REFLECTION}")
            transcript.flush()
        if actor.sandbox.clock.now().astimezone(tz).weekday() == 0:  # Monday: the weekly report
            await _weekly_report(actor, transcript, tz)
        if day == SESSION_DAY:  # 15:00, after the report's 09:00 when both fall on one day
            await _studyday_session(actor, transcript, group)

    transcript.note("End of the week")
    for user, text, chat in (
        (WANG, "/streak", WANG),
        (WANG, "/rank", group),
        (ALICE, "/rank", ALICE),
    ):
        transcript.say(chat, names[user], text)
        await actor.says(user, text, chat_id=None if chat == user else chat)
        transcript.flush()


async def _study(actor: Actor, transcript: Transcript, user: int, answers: list[bool]) -> None:
    name = transcript.chat_names[user]
    push = actor.last_message(user, lambda m: "reply_markup" in m and "text" in m)
    transcript.say(user, name, "[presses ✅]")
    await actor.presses(user, user, push, "✅")
    transcript.say(user, name, "/quiz")
    await actor.says(user, "/quiz")
    transcript.flush()

    def show(poll: object, choice: int) -> None:
        transcript.flush()
        transcript.say(user, name, f"({choice + 1})")

    await actor.answers_open_polls(user, user, answers, show)
    transcript.flush()


async def _group_quiz(actor: Actor, transcript: Transcript, group: int) -> None:
    transcript.say(group, "王芳", "/quiz")
    await actor.says(WANG, "/quiz", chat_id=group)
    transcript.flush()
    while any(actor.open_polls(group, u) for u in NAMES):
        for user, right in ((WANG, True), (LI, False), (ALICE, True)):
            for poll in actor.open_polls(group, user)[:1]:
                choice = choose(poll, right)
                transcript.say(group, NAMES[user], f"({choice + 1})")
                actor.emulator.user_answers_poll(user, poll.id, [choice])
        await actor.settle()
        transcript.flush()


def _short_sessions(actor: Actor, group: int) -> None:
    """2 questions instead of 5: the bot keeps to Telegram's 20 requests a minute per group
    (each group answer also asks for the member count), and the demo's minutes are short."""
    with actor.sandbox.ctx.transaction() as session:
        for schedule in studydays.list_schedules(session, group):
            studydays.update_schedule(session, schedule.id, question_count=2)


async def _run_jobs(actor: Actor) -> None:
    """What the repeating study-day job does, run at once (the demo's clock jumps)."""
    app = actor.sandbox.app
    await tick(actor.sandbox.ctx, app.bot, "demo", job_memory(app.bot_data))
    await actor.settle()


async def _studyday_session(actor: Actor, transcript: Transcript, group: int) -> None:
    """The 集中学习日 at 15:00: reading, then polls; each moves on once all have answered."""
    tz = timezones.parse_timezone("Asia/Shanghai")
    now = actor.sandbox.clock.now()
    start = now.astimezone(tz).replace(hour=15, minute=0, second=5, microsecond=0)
    await actor.jump(start - now)
    transcript.note(f"{start:%Y-%m-%d %H:%M}: the 集中学习日 session")
    await _run_jobs(actor)
    transcript.flush()
    plans = {WANG: True, LI: False, ALICE: True}
    for _ in range(20):  # at most a few questions; the summary ends it
        polls = [(u, p) for u in plans for p in actor.open_polls(group, u)[:1]]
        if not polls:
            break
        for user, poll in polls:
            choice = choose(poll, plans[user])
            transcript.say(group, NAMES[user], f"({choice + 1})")
            actor.emulator.user_answers_poll(user, poll.id, [choice])
        plans[LI] = not plans[LI]
        await actor.settle()
        await _run_jobs(actor)
        transcript.flush()


async def _weekly_report(actor: Actor, transcript: Transcript, tz: object) -> None:
    """Monday 09:00: the 学习效果评比 of the week before is posted in the group, once."""
    now = actor.sandbox.clock.now()
    at = now.astimezone(tz).replace(hour=9, minute=0, second=5, microsecond=0)  # type: ignore[arg-type]
    await actor.jump(at - now)
    transcript.note(f"{at:%Y-%m-%d %H:%M}: the weekly report")
    await _run_jobs(actor)
    transcript.flush()
