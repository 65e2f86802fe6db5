from __future__ import annotations

import asyncio

import httpx
from aiohttp import web
from emulator_ids import ALICE, BOB, TOKEN
from telegram import Bot
from telegram.error import Conflict

from bot.sandbox.emulator import BotApiEmulator


async def test_offsets_deliver_each_update_once(emulator: BotApiEmulator, bot: Bot) -> None:
    for text in ("one", "two", "three"):
        emulator.user_sends(ALICE, text)
    first = await bot.get_updates(limit=2)
    assert [u.message.text for u in first] == ["one", "two"]
    again = await bot.get_updates(limit=2)
    assert [u.update_id for u in again] == [u.update_id for u in first]  # not confirmed yet
    rest = await bot.get_updates(offset=first[-1].update_id + 1)
    assert [u.message.text for u in rest] == ["three"]
    assert rest[0].update_id == first[-1].update_id + 1
    empty = await bot.get_updates(offset=rest[-1].update_id + 1)
    assert empty == ()


async def test_negative_offset_keeps_last_updates(emulator: BotApiEmulator, bot: Bot) -> None:
    for text in ("a", "b", "c"):
        emulator.user_sends(ALICE, text)
    updates = await bot.get_updates(offset=-1)
    assert [u.message.text for u in updates] == ["c"]


async def test_long_poll_waits_for_an_update(emulator: BotApiEmulator, bot: Bot) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    task = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.3)
    assert not task.done()
    emulator.user_sends(BOB, "late")
    updates = await task
    assert [u.message.text for u in updates] == ["late"]
    assert 0.3 <= loop.time() - started < 2


async def test_long_poll_times_out_empty(bot: Bot) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await bot.get_updates(timeout=1) == ()
    assert loop.time() - started >= 0.95


async def test_concurrent_get_updates_conflict(emulator: BotApiEmulator, bot: Bot) -> None:
    """Two bot instances polling: the newer request terminates the older one with 409."""
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)
    async with Bot(TOKEN, base_url=emulator.base_url) as other:
        second = asyncio.create_task(other.get_updates(timeout=1))
        results = await asyncio.gather(first, second, return_exceptions=True)
    assert isinstance(results[0], Conflict)
    assert "terminated by other getUpdates request" in str(results[0])
    assert results[1] == ()


async def test_allowed_updates_filters_new_updates(emulator: BotApiEmulator, bot: Bot) -> None:
    await bot.get_updates(allowed_updates=["callback_query"])
    emulator.user_sends(ALICE, "ignored")
    assert await bot.get_updates() == ()
    assert len(emulator.queue.dropped) == 1


async def test_update_shapes_parse_in_ptb(emulator: BotApiEmulator, bot: Bot) -> None:
    group = emulator.add_group("学习小组", [ALICE, BOB], [ALICE], bot_status="left")
    emulator.add_bot_to_group(group, ALICE)
    emulator.user_sends(ALICE, "/today@studybot_test_bot", chat_id=group)
    emulator.inject_update(
        {"channel_post": {"message_id": 1, "date": 0, "chat": {"id": -1, "type": "channel"}}}
    )
    emulator.inject_update({"brand_new_kind": {"x": 1}})
    updates = await bot.get_updates()
    assert updates[0].my_chat_member is not None
    assert updates[0].my_chat_member.new_chat_member.status == "member"
    assert updates[1].message.new_chat_members[0].id == bot.id
    assert updates[2].message.text == "/today@studybot_test_bot"
    assert updates[2].message.entities[0].type == "bot_command"
    assert updates[3].channel_post is not None
    assert updates[4].api_kwargs == {"brand_new_kind": {"x": 1}}


async def test_webhook_delivery_with_secret(emulator: BotApiEmulator, bot: Bot) -> None:
    received: list[tuple[str | None, dict]] = []

    async def hook(request: web.Request) -> web.Response:
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cret")
        emulator.user_sends(ALICE, "via webhook")
        await emulator.wait_for(lambda: len(received) == 1)
        assert received[0][0] == "s3cret"
        assert received[0][1]["message"]["text"] == "via webhook"
        info = await bot.get_webhook_info()
        assert info.url.endswith("/hook") and info.pending_update_count == 0
        try:
            await bot.get_updates()
        except Conflict as err:
            assert "webhook is active" in str(err)
        else:
            raise AssertionError("getUpdates must conflict while a webhook is set")
        await bot.delete_webhook()
        emulator.user_sends(ALICE, "polled again")
        assert [u.message.text for u in await bot.get_updates()] == ["polled again"]
    finally:
        await runner.cleanup()


async def test_webhook_requires_https_except_loopback(http: httpx.AsyncClient) -> None:
    resp = await http.post("setWebhook", json={"url": "http://example.com/hook"})
    assert resp.status_code == 400
    assert "HTTPS URL must be provided" in resp.json()["description"]


async def test_delete_webhook_drops_pending(emulator: BotApiEmulator, bot: Bot) -> None:
    emulator.user_sends(ALICE, "stale")
    await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.get_updates() == ()
