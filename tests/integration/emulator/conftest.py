from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot

from bot.sandbox.emulator import BotApiEmulator

TOKEN = "123456:TEST"
ALICE = 1001
BOB = 1002


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(TOKEN) as emu:
        emu.add_user(ALICE, "Alice", username="alice")
        emu.add_user(BOB, "Bob")
        yield emu


@pytest.fixture
async def bot(emulator: BotApiEmulator) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=emulator.base_url, base_file_url=emulator.base_file_url) as b:
        yield b
