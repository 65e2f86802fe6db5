"""End-to-end fixtures: a fresh SQLite file, the fixture corpus and a running sandbox bot per
test; afterwards the emulator must have seen no request that breaks the Bot API spec and no
text the bot sent may leak a traceback."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from spec_check import ALICE, BOB, CORPUS, LI, WANG, World, assert_clean, tuning

from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.runtime import SANDBOX_TOKEN, running_sandbox


@pytest.fixture
async def emulator() -> BotApiEmulator:
    return BotApiEmulator(token=SANDBOX_TOKEN)


@pytest.fixture
async def world(sqlite_url: str, emulator: BotApiEmulator) -> AsyncIterator[World]:
    emulator.add_user(WANG, "王芳", language_code="zh-hans")
    emulator.add_user(LI, "李明", language_code="zh-hans")
    emulator.add_user(ALICE, "Alice", language_code="en")
    emulator.add_user(BOB, "Bob", language_code="zh-hans")
    async with running_sandbox(
        sqlite_url, content_dir=CORPUS, tuning=tuning(), emulator=emulator
    ) as sandbox:
        w = World(sandbox, sqlite_url)
        await w.settle()
        yield w
        await w.settle()
    assert_clean(emulator)
