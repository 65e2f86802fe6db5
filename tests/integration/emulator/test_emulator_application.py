"""A real python-telegram-bot Application, polling the emulator over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from emulator_ids import ALICE, BOB, TOKEN
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    PollAnswerHandler,
    filters,
)

from bot.sandbox.emulator import BotApiEmulator

Ctx = ContextTypes.DEFAULT_TYPE


async def start(update: Update, context: Ctx) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("读完了", callback_data="done")]])
    await update.effective_message.reply_text("今日阅读: 学而时习之", reply_markup=keyboard)


async def quiz(update: Update, context: Ctx) -> None:
    await context.bot.send_poll(
        update.effective_chat.id,
        "“习”的意思?",
        ["复习", "学习"],
        type="quiz",
        correct_option_ids=[0],
        is_anonymous=False,
    )


async def echo(update: Update, context: Ctx) -> None:
    await update.effective_message.reply_text(f"echo: {update.effective_message.text}")


async def pressed(update: Update, context: Ctx) -> None:
    await update.callback_query.answer("👍")
    await update.callback_query.edit_message_text("已完成 ✅")


async def answered(update: Update, context: Ctx) -> None:
    answer = update.poll_answer
    await context.bot.send_message(answer.user.id, f"answer {list(answer.option_ids)}")


@pytest.fixture
async def running(emulator: BotApiEmulator) -> AsyncIterator[BotApiEmulator]:
    app = Application.builder().token(TOKEN).base_url(emulator.base_url).build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("quiz", quiz))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(CallbackQueryHandler(pressed))
    app.add_handler(PollAnswerHandler(answered))
    async with app:
        await app.start()
        await app.updater.start_polling(timeout=1, drop_pending_updates=True)
        yield emulator
        await app.updater.stop()
        await app.stop()


async def test_application_round_trip(running: BotApiEmulator) -> None:
    emu = running
    first = emu.user_sends(ALICE, "/start")
    reading = await emu.wait_for_message(ALICE, since=first)
    assert reading["text"].startswith("今日阅读")
    assert "reply_to_message" not in reading  # PTB quotes by default only in groups

    query_id = emu.user_presses(ALICE, reading["message_id"], "done")
    await emu.wait_for(lambda: reading.get("text") == "已完成 ✅")
    assert emu.callback_answer(query_id) == {"text": "👍"}

    said = emu.user_sends(BOB, "你好")
    assert (await emu.wait_for_message(BOB, since=said))["text"] == "echo: 你好"

    asked = emu.user_sends(ALICE, "/quiz")
    poll_message = await emu.wait_for_message(ALICE, lambda m: "poll" in m, since=asked)
    emu.user_answers_poll(ALICE, poll_message["poll"]["id"], [0])
    reply = await emu.wait_for_message(ALICE, lambda m: m.get("text", "").startswith("answer"))
    assert reply["text"] == "answer [0]"

    assert emu.violations == []
    assert emu.unimplemented == []


async def test_each_update_is_handled_once(running: BotApiEmulator) -> None:
    emu = running
    for i in range(20):
        emu.user_sends(BOB, f"m{i}")
    await emu.wait_for(lambda: len(emu.sent_messages(BOB)) == 20)
    await emu.wait_for(lambda: emu.queue.pending == [], timeout=3)
    texts = [m["text"] for m in emu.sent_messages(BOB)]
    assert texts == [f"echo: m{i}" for i in range(20)]
    assert emu.violations == []


async def test_ptb_startup_calls(running: BotApiEmulator) -> None:
    await running.wait_for(lambda: bool(running.requests_for("getUpdates")))
    methods = [r.method for r in running.requests]
    assert methods[:2] == ["getMe", "deleteWebhook"]
    assert "getUpdates" in methods
    delete = running.requests_for("deleteWebhook")[0]
    assert delete.params == {"drop_pending_updates": True}
