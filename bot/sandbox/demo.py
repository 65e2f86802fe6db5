"""`studybot sandbox --demo`: a scripted study week for three learners and their group.

Time runs fast: each morning the clock jumps to the next 08:00 (Asia/Shanghai), the real push
pipeline queues and sends the day's readings, and the learners read, quiz and write reflections.
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

from bot.core import timezones
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
REFLECTION = "读了“公生明，廉生威”，体会到组工干部只有公道正派、清正廉洁，才能在干部群众中树立威信。"


async def run_demo(content_dir: Path | None = None) -> None:
    with tempfile.TemporaryDirectory(prefix="studybot-demo-") as workdir:
        url = f"sqlite:///{workdir}/demo.sqlite3"
        async with running_sandbox(url, content_dir=content_dir, studybot_group_open_period=30) as sandbox:
            await _play(Actor(sandbox))


async def _play(actor: Actor) -> None:
    emulator = actor.emulator
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

    transcript.note("End of the week")
    for user, text, chat in ((WANG, "/streak", WANG), (WANG, "/rank", group), (ALICE, "/rank", ALICE)):
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
