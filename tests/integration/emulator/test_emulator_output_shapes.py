"""What the emulator sends back must itself match the Bot API 10.0 types."""

from __future__ import annotations

from typing import Any

from emulator_ids import ALICE, BOB
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup

from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.emulator.validation import SpecValidator


def _problems(validator: SpecValidator, value: Any, types: tuple[str, ...]) -> list[str]:
    soft: list[str] = []
    try:
        validator.coerce(value, types, "result", {}, soft)
    except Exception as exc:
        return [str(exc)]
    return soft


async def _scenario(emu: BotApiEmulator, bot: Bot) -> None:
    group = emu.add_group("g", [ALICE, BOB], [ALICE], bot_status="left")
    emu.add_bot_to_group(group, ALICE, as_admin=True)
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="ok")]])
    sent = await bot.send_message(ALICE, "<b>hi</b>", parse_mode="HTML", reply_markup=keyboard)
    emu.user_presses(ALICE, sent.message_id, "ok")
    emu.user_sends(ALICE, "/start")
    emu.user_sends(BOB, "hello", chat_id=group)
    poll = await bot.send_poll(
        group,
        "q",
        ["a", "b"],
        is_anonymous=False,
        type="quiz",
        correct_option_ids=[1],
        explanation="because",
    )
    emu.user_answers_poll(BOB, poll.poll.id, [0])
    await bot.stop_poll(group, poll.message_id)
    await bot.send_document(ALICE, b"data", filename="a.xlsx")
    await bot.send_photo(ALICE, b"\x89PNG", caption="c")
    await bot.edit_message_text("v2", chat_id=ALICE, message_id=sent.message_id)
    await bot.get_chat(group)
    await bot.get_chat_member(group, ALICE)
    await bot.get_chat_member(group, bot.id)
    await bot.get_chat_administrators(group)
    await bot.get_webhook_info()
    emu.block_bot(BOB)
    new_id = emu.upgrade_to_supergroup(group)
    await bot.send_message(new_id, "moved")


async def test_results_and_updates_match_the_spec(emulator: BotApiEmulator, bot: Bot) -> None:
    await _scenario(emulator, bot)
    await bot.get_updates()
    validator = SpecValidator(emulator.spec)
    problems: list[str] = []
    for request in emulator.requests:
        if request.status != 200 or request.method == "getUpdates":
            continue
        returns = emulator.spec.methods[request.method].returns
        result = request.response["result"]
        if returns == ("Array of Update",) or not isinstance(result, dict | list):
            continue
        types = tuple(t for t in returns if t != "Boolean") or returns
        problems += [f"{request.method}: {p}" for p in _problems(validator, result, types)]
    for update in emulator.queue.delivered_log:
        problems += [f"update: {p}" for p in _problems(validator, update, ("Update",))]
    assert problems == []
    assert len(emulator.queue.delivered_log) >= 10
