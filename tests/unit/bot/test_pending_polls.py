"""An answer racing the recording of its poll waits for it; an unknown poll does not wait."""

from __future__ import annotations

import asyncio

from bot.polls import PendingPolls


async def test_an_answer_waits_for_the_recording_of_its_poll() -> None:
    polls, order = PendingPolls(), []

    async def record() -> None:
        async with polls.recording("p1"):
            await asyncio.sleep(0.05)
            order.append("recorded")

    async def answer() -> None:
        await asyncio.sleep(0.01)
        assert await polls.wait_recorded("p1") is True
        order.append("answered")

    await asyncio.gather(record(), answer())
    assert order == ["recorded", "answered"]


async def test_an_unknown_poll_is_not_waited_for() -> None:
    polls = PendingPolls()
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await polls.wait_recorded("never-sent") is False
    assert loop.time() - started < 0.05


async def test_a_failed_recording_releases_the_waiting_answer() -> None:
    polls = PendingPolls()

    async def record() -> None:
        async with polls.recording("p2"):
            await asyncio.sleep(0.02)
            raise RuntimeError("database away")

    recording = asyncio.create_task(record())
    await asyncio.sleep(0)  # the recording has begun
    assert await asyncio.wait_for(polls.wait_recorded("p2"), 1.0) is True
    assert isinstance(recording.exception(), RuntimeError)
