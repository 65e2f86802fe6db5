# ruff: noqa: E501  (the case tables read best one case per line)
from __future__ import annotations

from typing import Any

import httpx
import pytest
from emulator_ids import ALICE
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest

from bot.sandbox.emulator import BotApiEmulator


def _opts(n: int) -> list[dict[str, str]]:
    return [{"text": f"option {i}"} for i in range(n)]


def _kb(*buttons: dict[str, Any]) -> dict[str, Any]:
    return {"inline_keyboard": [list(buttons)]}


POLL = {"chat_id": ALICE, "question": "2+2?", "options": _opts(3)}

CASES: list[tuple[str, str, dict[str, Any], str]] = [
    ("missing chat_id", "sendMessage", {"text": "x"}, 'parameter "chat_id" is required'),
    ("missing text", "sendMessage", {"chat_id": ALICE}, 'parameter "text" is required'),
    ("empty text", "sendMessage", {"chat_id": ALICE, "text": "   "}, "message text is empty"),
    ("5000 chars", "sendMessage", {"chat_id": ALICE, "text": "字" * 5000}, "message is too long"),
    ("bad int", "sendMessage", {"chat_id": ALICE, "text": "x", "message_thread_id": "abc"}, "message_thread_id"),
    ("bad bool", "sendMessage", {"chat_id": ALICE, "text": "x", "disable_notification": "yes"}, "disable_notification"),
    ("bad html", "sendMessage", {"chat_id": ALICE, "text": "<b>bold", "parse_mode": "HTML"}, "can't parse entities"),
    ("bad tag", "sendMessage", {"chat_id": ALICE, "text": "<p>x</p>", "parse_mode": "HTML"}, 'Unsupported start tag "p"'),
    ("mdv2 dot", "sendMessage", {"chat_id": ALICE, "text": "v1.0", "parse_mode": "MarkdownV2"}, "reserved"),
    ("bad parse_mode", "sendMessage", {"chat_id": ALICE, "text": "x", "parse_mode": "BBCode"}, "unsupported parse_mode"),
    ("65-byte callback", "sendMessage", {"chat_id": ALICE, "text": "x", "reply_markup": _kb({"text": "b", "callback_data": "x" * 65})}, "BUTTON_DATA_INVALID"),
    ("empty callback", "sendMessage", {"chat_id": ALICE, "text": "x", "reply_markup": _kb({"text": "b", "callback_data": ""})}, "BUTTON_DATA_INVALID"),
    ("22 CJK chars = 66 bytes", "sendMessage", {"chat_id": ALICE, "text": "x", "reply_markup": _kb({"text": "b", "callback_data": "学" * 22})}, "BUTTON_DATA_INVALID"),
    ("button without action", "sendMessage", {"chat_id": ALICE, "text": "x", "reply_markup": _kb({"text": "b"})}, "Text buttons are unallowed"),
    ("button two actions", "sendMessage", {"chat_id": ALICE, "text": "x", "reply_markup": _kb({"text": "b", "callback_data": "a", "url": "https://x.org"})}, "exactly one"),
    ("button text missing", "sendMessage", {"chat_id": ALICE, "text": "x", "reply_markup": _kb({"callback_data": "a"})}, '"text" is required'),
    ("markup not json", "sendMessage", {"chat_id": ALICE, "text": "x", "reply_markup": "{oops"}, "reply_markup"),
    ("13 poll options", "sendPoll", {**POLL, "options": _opts(13)}, "can't have more than 12 options"),
    ("0 poll options", "sendPoll", {**POLL, "options": []}, "at least 1 option"),
    ("option as string", "sendPoll", {**POLL, "options": ["a", "b"]}, "options"),
    ("101-char option", "sendPoll", {**POLL, "options": [{"text": "a" * 101}, {"text": "b"}]}, "must not exceed 100"),
    ("empty question", "sendPoll", {**POLL, "question": ""}, "poll question must be non-empty"),
    ("301-char question", "sendPoll", {**POLL, "question": "q" * 301}, "must not exceed 300"),
    ("quiz without correct", "sendPoll", {**POLL, "type": "quiz"}, "correct_option_ids"),
    ("quiz correct out of range", "sendPoll", {**POLL, "type": "quiz", "correct_option_ids": [3]}, "wrong correct option ID"),
    ("quiz correct unordered", "sendPoll", {**POLL, "type": "quiz", "allows_multiple_answers": True, "correct_option_ids": [2, 0]}, "wrong correct option ID"),
    ("explanation 3 line feeds", "sendPoll", {**POLL, "type": "quiz", "correct_option_ids": [0], "explanation": "a\nb\nc\nd"}, "2 line feeds"),
    ("explanation 201 chars", "sendPoll", {**POLL, "type": "quiz", "correct_option_ids": [0], "explanation": "e" * 201}, "must not exceed 200"),
    ("open_period 4", "sendPoll", {**POLL, "open_period": 4}, "open_period"),
    ("open_period and close_date", "sendPoll", {**POLL, "open_period": 10, "close_date": 2_000_000_000}, "can't be used together"),
    ("poll type", "sendPoll", {**POLL, "type": "survey"}, "wrong poll type"),
    ("old correct_option_id only", "sendPoll", {**POLL, "type": "quiz", "correct_option_id": 0}, "correct_option_ids"),
    ("callback answer 201 chars", "answerCallbackQuery", {"callback_query_id": "1", "text": "t" * 201}, "MESSAGE_TOO_LONG"),
    ("command uppercase", "setMyCommands", {"commands": [{"command": "Today", "description": "d"}]}, "BOT_COMMAND_INVALID"),
    ("command 33 chars", "setMyCommands", {"commands": [{"command": "c" * 33, "description": "d"}]}, "BOT_COMMAND_INVALID"),
    ("command with dash", "setMyCommands", {"commands": [{"command": "my-cmd", "description": "d"}]}, "BOT_COMMAND_INVALID"),
    ("description 257", "setMyCommands", {"commands": [{"command": "c", "description": "d" * 257}]}, "BOT_COMMAND_DESCRIPTION_INVALID"),
    ("empty description", "setMyCommands", {"commands": [{"command": "c", "description": ""}]}, "BOT_COMMAND_DESCRIPTION_INVALID"),
    ("101 commands", "setMyCommands", {"commands": [{"command": f"c{i}", "description": "d"} for i in range(101)]}, "BOT_COMMANDS_TOO_MUCH"),
    ("bad scope", "setMyCommands", {"commands": [], "scope": {"type": "chat"}}, "scope"),
    ("chat action", "sendChatAction", {"chat_id": ALICE, "action": "dancing"}, "wrong parameter action"),
    ("edit without target", "editMessageText", {"text": "x"}, "message identifier is not specified"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("method", "params", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
async def test_violation_is_400_and_recorded(
    emulator: BotApiEmulator, http: httpx.AsyncClient, method: str, params: dict, expected: str
) -> None:
    resp = await http.post(method, json=params)
    body = resp.json()
    assert resp.status_code == 400, body
    assert body["ok"] is False and body["error_code"] == 400
    assert body["description"].startswith("Bad Request: ")
    assert expected in body["description"]
    assert emulator.violations == [(method, body["description"])]
    assert emulator.sent_messages() == []


VALID: list[tuple[str, dict[str, Any]]] = [
    ("sendMessage", {"chat_id": ALICE, "text": "字" * 4096}),
    ("sendMessage", {"chat_id": ALICE, "text": "<b>粗</b> <i>a</i> &lt;3 <a href='https://x.org'>l</a> <tg-spoiler>s</tg-spoiler>", "parse_mode": "HTML"}),
    ("sendMessage", {"chat_id": ALICE, "text": "*b* _i_ v1\\.0 `c.d`", "parse_mode": "MarkdownV2"}),
    ("sendMessage", {"chat_id": ALICE, "text": "x", "reply_markup": _kb({"text": "b", "callback_data": "学" * 21})}),
    ("sendMessage", {"chat_id": ALICE, "text": "x", "reply_markup": {"keyboard": [[{"text": "a"}]]}}),
    ("sendMessage", {"chat_id": ALICE, "text": "x", "reply_markup": {"remove_keyboard": True}}),
    ("sendPoll", {**POLL, "options": _opts(12), "type": "quiz", "correct_option_ids": [11], "explanation": "a\nb\nc", "open_period": 600}),
    ("sendPoll", {**POLL, "is_anonymous": False, "allows_multiple_answers": True}),
    ("setMyCommands", {"commands": [{"command": "today_1", "description": "今日阅读"}], "scope": {"type": "chat", "chat_id": ALICE}, "language_code": "zh"}),
    ("setMyCommands", {"commands": [{"command": "c", "description": "d"}], "scope": {"type": "all_group_chats"}}),
]  # fmt: skip


@pytest.mark.parametrize(("method", "params"), VALID)
async def test_valid_requests_pass(
    emulator: BotApiEmulator, http: httpx.AsyncClient, method: str, params: dict
) -> None:
    resp = await http.post(method, json=params)
    assert resp.status_code == 200, resp.text
    assert emulator.violations == []


async def test_unknown_parameter_is_a_soft_violation(
    emulator: BotApiEmulator, http: httpx.AsyncClient
) -> None:
    resp = await http.post("sendMessage", json={"chat_id": ALICE, "text": "x", "colour": "red"})
    assert resp.status_code == 200  # Telegram ignores unknown parameters …
    assert emulator.violations == [("sendMessage", 'unknown parameter "colour"')]  # … we don't


async def test_non_strict_mode_ignores_unknown_parameters() -> None:
    async with BotApiEmulator(strict=False) as emu, httpx.AsyncClient() as client:
        emu.add_user(ALICE, "Alice")
        url = f"{emu.base_url}123456:TEST/sendMessage"
        resp = await client.post(url, json={"chat_id": ALICE, "text": "x", "colour": "red"})
        assert resp.status_code == 200
        assert emu.violations == []


async def test_ptb_gets_bad_request_for_long_callback_data(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("b", callback_data="x" * 65)]])
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(ALICE, "x", reply_markup=markup)
    assert emulator.violations == [("sendMessage", "Bad Request: BUTTON_DATA_INVALID")]


async def test_ptb_quiz_round_trip_has_no_violations(emulator: BotApiEmulator, bot: Bot) -> None:
    message = await bot.send_poll(
        ALICE,
        "汉字“学”的拼音是?",
        ["xué", "xuě", "xuē"],
        type="quiz",
        correct_option_ids=[0],
        explanation="第二声",
        is_anonymous=False,
        open_period=60,
    )
    assert message.poll is not None and message.poll.correct_option_ids == (0,)
    assert emulator.violations == []


async def test_html_entities_are_parsed_into_the_sent_message(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    message = await bot.send_message(ALICE, "<b>连续</b> 3 天 &amp; more", parse_mode="HTML")
    assert message.text == "连续 3 天 & more"
    assert message.entities[0].type == "bold" and message.entities[0].length == 2
