from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from emulator_ids import ALICE, BOB, TOKEN
from telegram import Bot

from bot.sandbox.emulator import BotApiEmulator


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


@pytest.fixture
async def http(emulator: BotApiEmulator) -> AsyncIterator[httpx.AsyncClient]:
    """A raw HTTP client whose base URL is the bot's method root."""
    async with httpx.AsyncClient(base_url=f"{emulator.base_url}{TOKEN}/") as client:
        yield client
