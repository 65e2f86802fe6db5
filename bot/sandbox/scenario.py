"""Acting as learners in the sandbox: say things, press buttons, answer quizzes, and wait
until the bot has answered. Shared by the scripted demo and the end-to-end tests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from bot.db.repositories import deliveries
from bot.sandbox.runtime import SandboxBot

QUIET_SECONDS = 0.05


@dataclass
class Actor:
    sandbox: SandboxBot

    @property
    def emulator(self):
        return self.sandbox.emulator

    async def settle(self, timeout: float = 15.0) -> None:
        """Waits until the bot has fetched every update and sent nothing for a moment."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        seen = -1
        while loop.time() < deadline:
            count = len(self.emulator.requests)
            busy = self.sandbox.app.update_processor.in_flight  # type: ignore[attr-defined]
            if count == seen and not busy and not self.emulator.queue.pending:
                return
            seen = count
            await asyncio.sleep(QUIET_SECONDS)
        raise TimeoutError("the bot did not settle")

    async def says(self, user_id: int, text: str, chat_id: int | None = None, **kwargs: Any) -> int:
        message_id = self.emulator.user_sends(user_id, text, chat_id=chat_id, **kwargs)
        await self.settle()
        return message_id

    async def presses(
        self, user_id: int, chat_id: int, message: dict[str, Any], label_prefix: str
    ) -> None:
        """Presses the button of `message` whose text starts with `label_prefix`."""
        for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                if button["text"].startswith(label_prefix):
                    self.emulator.user_presses(
                        user_id, message["message_id"], button["callback_data"], chat_id=chat_id
                    )
                    await self.settle()
                    return
        raise LookupError(f"no button {label_prefix!r} on message {message['message_id']}")

    def open_polls(self, chat_id: int, user_id: int) -> list[Any]:
        return [
            p
            for p in self.emulator.polls.values()
            if p.chat_id == chat_id and not p.is_closed and user_id not in p.votes
        ]

    async def answers_open_polls(
        self,
        user_id: int,
        chat_id: int,
        right: bool | list[bool],
        on_answer: Callable[[Any, int], None] | None = None,
    ) -> int:
        """Answers every open poll in the chat (and those that follow), right or wrong."""
        answered = 0
        plan = right if isinstance(right, list) else [right]
        while polls := self.open_polls(chat_id, user_id):
            for poll in polls:
                choice = choose(poll, plan[answered % len(plan)])
                if on_answer is not None:
                    on_answer(poll, choice)
                self.emulator.user_answers_poll(user_id, poll.id, [choice])
                answered += 1
                await self.settle()
        return answered

    def last_message(self, chat_id: int, predicate: Any = None) -> dict[str, Any]:
        messages = [
            m for m in self.emulator.sent_messages(chat_id) if predicate is None or predicate(m)
        ]
        if not messages:
            raise LookupError(f"no message in chat {chat_id}")
        return messages[-1]

    async def jump(self, delta: timedelta) -> int:
        """Moves time forward, runs the push planner and waits until its pushes are sent."""
        await self.sandbox.advance(delta)
        sent = await self.sandbox.drain_pushes()
        await self.pushes_done()
        return sent

    async def pushes_done(self, timeout: float = 15.0) -> None:
        """Waits until no push is queued and due or in flight (the background sender's too)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while await asyncio.to_thread(self._pending_pushes):
            if loop.time() > deadline:
                raise TimeoutError("pushes still queued or in flight")
            await self.sandbox.drain_pushes()
            await asyncio.sleep(QUIET_SECONDS)
        await self.settle()

    def _pending_pushes(self) -> int:
        ctx = self.sandbox.ctx
        with ctx.transaction() as session:
            return deliveries.pending_count(session, ctx.clock.now())


def choose(poll: Any, right: bool) -> int:
    """The correct option of a quiz poll, or the one after it."""
    correct = (poll.correct_option_ids or [0])[0]
    return correct if right else (correct + 1) % len(poll.options)
