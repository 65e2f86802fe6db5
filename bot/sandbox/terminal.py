"""`studybot sandbox`: chat with the real bot in the terminal, as a learner.

Type as the learner; bot messages print with their buttons and poll options numbered.
"""

from __future__ import annotations

import asyncio
import re
import tempfile
from datetime import timedelta

from bot.core import timezones
from bot.sandbox.runtime import SandboxBot, running_sandbox
from bot.sandbox.scenario import Actor
from bot.sandbox.transcript import Transcript

ME, FRIEND = 2001, 2002
HELP = """Sandbox: you are a learner talking to studybot (offline, a local Telegram emulator).
  text or /command   say it (try /start, /today, /quiz, /streak, /rank, /settings, /help)
  #N                 press button N of the last message that has buttons
  ?N                 choose option N in the last quiz poll
  :group / :private  talk in the study group / back to your private chat
  :next              jump to the next morning's push     :wait 90m | 2h | 1d   jump forward
  :help  :quit"""
_WAIT = re.compile(r"^:wait\s+(\d+)\s*([mhd])$")


async def run_terminal() -> None:
    with tempfile.TemporaryDirectory(prefix="studybot-sandbox-") as workdir:
        async with running_sandbox(f"sqlite:///{workdir}/sandbox.sqlite3") as sandbox:
            await Session(sandbox).run()


class Session:
    def __init__(self, sandbox: SandboxBot) -> None:
        self.sandbox, self.actor = sandbox, Actor(sandbox)
        emulator = sandbox.emulator
        emulator.add_user(ME, "我", language_code="zh-hans")
        emulator.add_user(FRIEND, "同事", language_code="zh-hans")
        self.group = emulator.add_group("学习小组", [FRIEND], admin_ids=[ME])
        self.chat = ME
        self.transcript = Transcript(emulator, {ME: "私聊", self.group: "学习小组"})

    async def run(self) -> None:
        print(HELP)
        self.sandbox.emulator.add_bot_to_group(self.group, ME)
        await self.actor.settle()
        self.transcript.flush()
        while True:
            try:
                line = (
                    await asyncio.to_thread(input, f"{self.transcript.chat_names[self.chat]}> ")
                ).strip()
            except EOFError:
                return
            if line in (":quit", ":q"):
                return
            try:
                await self.handle(line)
            except (LookupError, ValueError) as error:
                print(f"  ({error})")
            self.transcript.flush()

    async def handle(self, line: str) -> None:
        if not line:
            return
        if line == ":help":
            print(HELP)
        elif line in (":group", ":private"):
            self.chat = self.group if line == ":group" else ME
        elif line == ":next":
            await self._next_morning()
        elif match := _WAIT.match(line):
            amount, unit = int(match.group(1)), match.group(2)
            await self.actor.jump(
                timedelta(**{{"m": "minutes", "h": "hours", "d": "days"}[unit]: amount})
            )
        elif line.startswith("#") and line[1:].isdigit():
            await self._press(int(line[1:]))
        elif line.startswith("?") and line[1:].isdigit():
            await self._vote(int(line[1:]))
        else:
            await self.actor.says(ME, line, chat_id=None if self.chat == ME else self.chat)

    async def _next_morning(self) -> None:
        ctx = self.sandbox.ctx
        tz = timezones.parse_timezone(ctx.defaults.timezone)
        now = self.sandbox.clock.now()
        at = timezones.next_push_at(ctx.defaults.push_time, tz, now)
        await self.actor.jump(at - now + timedelta(seconds=1))
        local = self.sandbox.clock.now().astimezone(tz)
        print(f"  (the clock now reads {local:%Y-%m-%d %H:%M} {tz.key})")

    async def _press(self, number: int) -> None:
        buttons = self.transcript.last_buttons
        if not 1 <= number <= len(buttons):
            raise LookupError(f"no button #{number}")
        chat_id, message_id, data = buttons[number - 1]
        self.sandbox.emulator.user_presses(ME, message_id, data, chat_id=chat_id)
        await self.actor.settle()
        for answer in self._callback_answers():
            print(f"  [{answer}]")

    def _callback_answers(self) -> list[str]:
        requests = self.sandbox.emulator.requests_for("answerCallbackQuery")
        last = requests[-1].params.get("text") if requests else None
        return [str(last)] if last else []

    async def _vote(self, number: int) -> None:
        poll = self.transcript.last_poll
        if poll is None or not 1 <= number <= poll[1]:
            raise LookupError(f"no option ?{number}")
        self.sandbox.emulator.user_answers_poll(ME, poll[0], [number - 1])
        await self.actor.settle()
