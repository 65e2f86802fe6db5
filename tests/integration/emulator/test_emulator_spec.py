from __future__ import annotations

from pathlib import Path

from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.emulator.apispec import ApiSpec
from bot.sandbox.emulator.server import _handlers

DATA = Path(__file__).resolve().parents[2] / "data" / "telegram-bot-api-spec"
BUNDLED = Path(__file__).resolve().parents[3] / "bot" / "sandbox" / "emulator" / "spec"


def test_bundled_spec_is_the_tests_copy_with_licence() -> None:
    assert (BUNDLED / "api.json").read_bytes() == (DATA / "api.json").read_bytes()
    assert (BUNDLED / "LICENSE").read_bytes() == (DATA / "LICENSE").read_bytes()
    assert "MIT License" in (DATA / "LICENSE").read_text()


def test_spec_is_bot_api_10() -> None:
    spec = ApiSpec.load(DATA / "api.json")
    assert spec.version == "Bot API 10.0"
    assert spec.method_name("SENDMESSAGE") == "sendMessage"


def test_every_emulated_method_exists_in_the_spec() -> None:
    spec = ApiSpec.load()
    assert set(_handlers()) <= set(spec.methods)


async def test_spec_is_loaded_per_emulator_not_at_import() -> None:
    first, second = BotApiEmulator(), BotApiEmulator(spec_path=DATA / "api.json")
    assert first.spec is not second.spec
    assert first.spec.version == second.spec.version
