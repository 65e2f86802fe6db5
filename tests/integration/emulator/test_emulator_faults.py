from __future__ import annotations

import asyncio
from collections import Counter

import aiohttp
import httpx
import pytest
from emulator_ids import ALICE, TOKEN
from telegram import Bot
from telegram.error import NetworkError, RetryAfter, TimedOut
from telegram.ext import AIORateLimiter, ExtBot
from telegram.request import HTTPXRequest

from bot.sandbox.emulator import BotApiEmulator, FaultPlan, FloodLimits


async def _statuses(plan: FaultPlan, n: int) -> list[int]:
    async with BotApiEmulator(TOKEN, faults=plan) as emu, httpx.AsyncClient() as client:
        emu.add_user(ALICE, "Alice")
        url = f"{emu.base_url}{TOKEN}/sendMessage"
        return [
            (await client.post(url, json={"chat_id": ALICE, "text": f"m{i}"})).status_code
            for i in range(n)
        ]


async def test_5xx_rate_is_seeded_and_close_to_configured() -> None:
    first = await _statuses(FaultPlan(seed=7, error_5xx_rate=0.1), 400)
    second = await _statuses(FaultPlan(seed=7, error_5xx_rate=0.1), 400)
    other_seed = await _statuses(FaultPlan(seed=8, error_5xx_rate=0.1), 400)
    assert first == second
    assert first != other_seed
    errors = sum(1 for s in first if s >= 500)
    assert 20 <= errors <= 60
    assert set(first) <= {200, 500, 502}


async def test_5xx_reaches_ptb_as_network_error() -> None:
    async with BotApiEmulator(TOKEN, faults=FaultPlan(error_5xx_rate=1.0)) as emu:
        with pytest.raises(NetworkError):
            async with Bot(TOKEN, base_url=emu.base_url):  # initialize() calls getMe
                pass
    assert emu.counters.sent_5xx == 1


async def test_faults_can_target_methods() -> None:
    plan = FaultPlan(error_5xx_rate=1.0, methods=frozenset({"sendPoll"}))
    async with BotApiEmulator(TOKEN, faults=plan) as emu:
        emu.add_user(ALICE, "Alice")
        async with Bot(TOKEN, base_url=emu.base_url) as bot:
            await bot.send_message(ALICE, "fine")
            with pytest.raises(NetworkError):
                await bot.send_poll(ALICE, "q", ["a", "b"])
    assert emu.counters.sent_5xx == 1


@pytest.mark.parametrize("accepted", [True, False])
async def test_timeout_with_and_without_acceptance(accepted: bool) -> None:
    plan = FaultPlan(
        timeout_rate=1.0,
        timeout_seconds=1.0,
        accept_before_timeout=accepted,
        methods=frozenset({"sendMessage"}),
    )
    async with BotApiEmulator(TOKEN, faults=plan) as emu:
        emu.add_user(ALICE, "Alice")
        request = HTTPXRequest(read_timeout=0.3)
        async with Bot(TOKEN, base_url=emu.base_url, request=request) as bot:
            with pytest.raises(TimedOut):
                await bot.send_message(ALICE, "lost answer")
        assert len(emu.sent_messages(ALICE)) == (1 if accepted else 0)
        assert emu.counters.timeouts == 1


async def test_slow_answers() -> None:
    plan = FaultPlan(slow_rate=1.0, slow_seconds=0.3, methods=frozenset({"sendMessage"}))
    async with BotApiEmulator(TOKEN, faults=plan) as emu:
        emu.add_user(ALICE, "Alice")
        async with Bot(TOKEN, base_url=emu.base_url) as bot:
            loop = asyncio.get_running_loop()
            start = loop.time()
            await bot.send_message(ALICE, "slow")
            assert loop.time() - start >= 0.3
    assert emu.counters.slow == 1


async def test_burst_of_429_and_retry_after_bookkeeping() -> None:
    plan = FaultPlan()
    plan.burst_429(2, retry_after=1, after_requests=1)
    async with BotApiEmulator(TOKEN, faults=plan) as emu:
        emu.add_user(ALICE, "Alice")
        async with Bot(TOKEN, base_url=emu.base_url) as bot:
            await bot.send_message(ALICE, "first is fine")
            with pytest.raises(RetryAfter):
                await bot.send_message(ALICE, "429")
            assert "retry after 1" in emu.requests[-1].response["description"]
            with pytest.raises(RetryAfter):
                await bot.send_message(ALICE, "too early: inside the window")
            assert emu.counters.requests_during_retry_after == 1
            await asyncio.sleep(1.05)
            with pytest.raises(RetryAfter):
                await bot.send_message(ALICE, "second of the burst")
            await asyncio.sleep(1.05)
            await bot.send_message(ALICE, "burst over")
    assert emu.counters.sent_429 == 3
    assert emu.counters.requests_during_retry_after == 1


async def test_per_chat_limit_is_429_with_retry_after() -> None:
    async with BotApiEmulator(TOKEN, limits=FloodLimits()) as emu, httpx.AsyncClient() as client:
        emu.add_user(ALICE, "Alice")
        url = f"{emu.base_url}{TOKEN}/sendMessage"
        ok = await client.post(url, json={"chat_id": ALICE, "text": "1"})
        flooded = await client.post(url, json={"chat_id": ALICE, "text": "2"})
    assert ok.status_code == 200
    assert flooded.status_code == 429
    assert flooded.json() == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }


async def test_global_limit_30_per_second() -> None:
    limits = FloodLimits(per_chat_per_second=None)
    async with BotApiEmulator(TOKEN, limits=limits) as emu, httpx.AsyncClient() as client:
        for uid in range(1, 32):
            emu.add_user(uid, f"u{uid}")
        url = f"{emu.base_url}{TOKEN}/sendMessage"
        codes = [
            (await client.post(url, json={"chat_id": uid, "text": "x"})).status_code
            for uid in range(1, 32)
        ]
    assert Counter(codes) == {200: 30, 429: 1}
    assert codes[-1] == 429


async def test_group_limit_20_per_minute() -> None:
    limits = FloodLimits(per_chat_per_second=None)
    async with BotApiEmulator(TOKEN, limits=limits) as emu, httpx.AsyncClient() as client:
        emu.add_user(ALICE, "Alice")
        group = emu.add_group("g", [ALICE], [ALICE])
        url = f"{emu.base_url}{TOKEN}/sendMessage"
        codes = [
            (await client.post(url, json={"chat_id": group, "text": "x"})).status_code
            for _ in range(21)
        ]
        retry = (await client.post(url, json={"chat_id": group, "text": "x"})).json()
    assert codes.count(200) == 20 and codes[-1] == 429
    assert 55 <= retry["parameters"]["retry_after"] <= 60
    assert emu.counters.requests_during_retry_after == 1


async def test_rate_limited_bot_never_gets_429() -> None:
    """PTB's AIORateLimiter (25/s, a margin under 30/s) keeps a 40-chat fan-out free of 429."""
    limits = FloodLimits(per_chat_per_second=None, algorithm="leaky_bucket", jitter=0.1)
    async with BotApiEmulator(TOKEN, limits=limits) as emu:
        for uid in range(1, 41):
            emu.add_user(uid, f"u{uid}")
        bot = ExtBot(
            TOKEN,
            base_url=emu.base_url,
            rate_limiter=AIORateLimiter(overall_max_rate=25, max_retries=0),
        )
        async with bot:
            await asyncio.gather(*(bot.send_message(uid, "今日阅读") for uid in range(1, 41)))
    assert emu.counters.sent_429 == 0
    assert len(emu.sent_messages()) == 40


async def test_latency_is_cheap_under_concurrency() -> None:
    async with BotApiEmulator(TOKEN, latency=0.05) as emu:
        for uid in range(1, 301):
            emu.add_user(uid, f"u{uid}")
        url = f"{emu.base_url}{TOKEN}/sendMessage"
        connector = aiohttp.TCPConnector(limit=300)
        async with aiohttp.ClientSession(connector=connector) as session:

            async def send(uid: int) -> int:
                async with session.post(url, json={"chat_id": uid, "text": "x"}) as resp:
                    await resp.read()
                    return resp.status

            loop = asyncio.get_running_loop()
            start = loop.time()
            statuses = await asyncio.gather(*(send(uid) for uid in range(1, 301)))
            elapsed = loop.time() - start
    assert set(statuses) == {200}
    assert 0.05 <= elapsed < 2.0  # 300 requests x 50 ms one after another would be 15 s


async def test_sliding_window_never_allows_31_in_one_second() -> None:
    limits = FloodLimits(per_chat_per_second=None)
    async with BotApiEmulator(TOKEN, limits=limits) as emu, httpx.AsyncClient() as client:
        for uid in range(1, 61):
            emu.add_user(uid, f"u{uid}")
        url = f"{emu.base_url}{TOKEN}/sendMessage"
        for uid in range(1, 61):
            await client.post(url, json={"chat_id": uid, "text": "x"})
            await asyncio.sleep(0.02)
    stamps = [r.received_at for r in emu.requests if r.status == 200]
    assert max(sum(1 for t in stamps if s <= t < s + 1) for s in stamps) <= 30
    assert emu.counters.sent_429 > 0
