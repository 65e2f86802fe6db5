from __future__ import annotations

import json

import httpx
import pytest
from emulator_ids import ALICE, TOKEN
from telegram import Bot
from telegram.error import InvalidToken

from bot.sandbox.emulator import BotApiEmulator


async def test_wrong_token_is_401(emulator: BotApiEmulator) -> None:
    async with httpx.AsyncClient() as client:
        resp = await client.post(f"{emulator.base_url}999:WRONG/getMe")
    assert resp.status_code == 401
    assert resp.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}


async def test_ptb_reports_wrong_token(emulator: BotApiEmulator) -> None:
    with pytest.raises(InvalidToken):
        async with Bot("999:WRONG", base_url=emulator.base_url):
            pass


async def test_unknown_method_is_404(http: httpx.AsyncClient) -> None:
    resp = await http.post("sendTelepathy")
    assert resp.status_code == 404
    assert resp.json()["description"] == "Not Found: method not found"


async def test_method_names_are_case_insensitive(http: httpx.AsyncClient) -> None:
    resp = await http.post("GETME")
    assert resp.status_code == 200
    assert resp.json()["result"]["is_bot"] is True


async def test_json_form_and_query_bodies_are_equivalent(
    emulator: BotApiEmulator, http: httpx.AsyncClient
) -> None:
    markup = {"inline_keyboard": [[{"text": "ok", "callback_data": "c1"}]]}
    as_json = await http.post(
        "sendMessage", json={"chat_id": ALICE, "text": "j", "reply_markup": markup}
    )
    as_form = await http.post(
        "sendMessage",
        data={"chat_id": str(ALICE), "text": "f", "reply_markup": json.dumps(markup)},
    )
    as_query = await http.get("sendMessage", params={"chat_id": ALICE, "text": "q"})
    for resp in (as_json, as_form, as_query):
        assert resp.status_code == 200, resp.text
    assert [m["text"] for m in emulator.sent_messages(ALICE)] == ["j", "f", "q"]
    assert emulator.sent_messages(ALICE)[1]["reply_markup"] == markup
    assert emulator.violations == []


async def test_multipart_upload_keeps_bytes(emulator: BotApiEmulator, bot: Bot) -> None:
    payload = b"PK\x03\x04 fake xlsx bytes"
    message = await bot.send_document(ALICE, payload, filename="report.xlsx", caption="周报")
    assert message.document is not None
    assert message.document.file_name == "report.xlsx"
    assert message.document.file_size == len(payload)
    assert emulator.file_bytes(message.document.file_id) == payload
    request = emulator.requests_for("sendDocument")[0]
    assert request.files == {"document": "report.xlsx"}
    downloaded = await (await bot.get_file(message.document.file_id)).download_as_bytearray()
    assert bytes(downloaded) == payload
    assert emulator.violations == []


async def test_requests_are_recorded_with_coerced_params(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    await bot.send_message(ALICE, "hello", disable_notification=True)
    request = emulator.requests_for("sendMessage")[0]
    assert request.params == {"chat_id": ALICE, "text": "hello", "disable_notification": True}
    assert request.status == 200
    assert request.response is not None and request.response["ok"] is True
    assert emulator.counters.per_method["sendMessage"] == 1


async def test_token_prefix_is_bot_id() -> None:
    async with BotApiEmulator("42:ABC") as emu, Bot("42:ABC", base_url=emu.base_url) as bot:
        assert bot.id == 42
        assert TOKEN != "42:ABC"
