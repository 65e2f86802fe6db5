"""Issue 6: learners who blocked the bot, groups upgraded to supergroups in the middle of
the push and chats that no longer exist. Blocked: 403 → the chat is marked blocked and
skipped; upgraded: the push follows migrate_to_chat_id and the history moves; gone: "chat not
found" → marked, failed, never retried. The other chats' pushes take about as long as without
them."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from bot.db.migrate import upgrade_to_head
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.runtime import SANDBOX_TOKEN
from tests.faults.support import (
    FIRST_USER,
    accepted_pushes,
    add_users,
    bot_env,
    bot_polling,
    scalar,
    seed_due_subscribers,
    start_bot,
    stop_bot,
    wait_until,
)

GOOD = 500
BLOCKED_UNNOTICED = 40  # blocked the bot while it was not listening: the push meets a 403
BLOCKED_DURING = 20  # block the bot during the push (the bot hears my_chat_member)
GONE = 30  # the chat no longer exists: 400 chat not found
GROUPS = 10  # half upgraded before the bot starts (unnoticed), half in the middle of the push


async def run_push(tmp_path: Path, *, bad: bool) -> dict[str, object]:
    url = f"sqlite:///{tmp_path / ('bad' if bad else 'good')}.sqlite3"
    await asyncio.to_thread(upgrade_to_head, url)
    extra = BLOCKED_UNNOTICED + BLOCKED_DURING + GONE if bad else 0
    ids = list(range(FIRST_USER, FIRST_USER + GOOD + extra))
    good = ids[:GOOD]
    blocked_unnoticed = ids[GOOD : GOOD + BLOCKED_UNNOTICED]
    blocked_during = ids[GOOD + BLOCKED_UNNOTICED : GOOD + BLOCKED_UNNOTICED + BLOCKED_DURING]
    gone = ids[GOOD + BLOCKED_UNNOTICED + BLOCKED_DURING :]
    emulator = BotApiEmulator(token=SANDBOX_TOKEN)
    add_users(emulator, ids)
    groups: dict[int, str] = {}
    if bad:
        for n in range(GROUPS):
            groups[emulator.add_group(f"学习{n}群", good[n * 3 : n * 3 + 3])] = f"学习{n}群"
        for user in blocked_unnoticed:
            emulator.world.blocked.add(user)
        for chat in gone:
            emulator.delete_chat(chat)
    early = list(groups)[: GROUPS // 2]
    late = list(groups)[GROUPS // 2 :]
    migrated = {g: emulator.upgrade_to_supergroup(g) for g in early}
    await asyncio.to_thread(seed_due_subscribers, url, len(ids), groups=groups)
    await emulator.start()
    log = tmp_path / f"bot-{'bad' if bad else 'good'}.log"
    bot = start_bot(bot_env(emulator.base_url, url), log)
    try:
        assert await bot_polling(emulator), log.read_text(errors="replace")[-3000:]
        started = time.monotonic()

        def good_done(n: int = GOOD) -> bool:
            pushes = accepted_pushes(emulator)
            return sum(1 for chat in good if pushes[chat]) >= n

        if bad:  # in the middle of the push: blocks and group upgrades
            await wait_until(lambda: good_done(GOOD // 3), 60)
            for user in blocked_during:
                emulator.block_bot(user)
            migrated |= {g: emulator.upgrade_to_supergroup(g) for g in late}
        assert await wait_until(good_done, 90), log.read_text(errors="replace")[-3000:]
        took = time.monotonic() - started
        await wait_until(
            lambda: (
                scalar(url, "select count(*) from deliveries where status in ('queued', 'sending')")
                == 0
            ),
            30,
            step=0.2,
        )
    finally:
        stop_bot(bot)
        await emulator.stop()
    return {
        "url": url,
        "emulator": emulator,
        "took": took,
        "good": good,
        "blocked_unnoticed": blocked_unnoticed,
        "blocked_during": blocked_during,
        "gone": gone,
        "migrated": migrated,
    }


def attempts(emulator: BotApiEmulator, chat: int) -> int:
    return sum(1 for r in emulator.requests_for("sendMessage") if r.params.get("chat_id") == chat)


@pytest.mark.slow
async def test_blocked_upgraded_and_deleted_chats_do_not_hold_up_the_push(tmp_path: Path) -> None:
    baseline = await run_push(tmp_path, bad=False)
    run = await run_push(tmp_path, bad=True)
    emulator: BotApiEmulator = run["emulator"]  # type: ignore[assignment]
    url: str = run["url"]  # type: ignore[assignment]
    pushes = accepted_pushes(emulator)

    good = run["good"]
    good_once = sum(1 for c in good if pushes[c] == 1)  # type: ignore[union-attr]
    print(f"\ngood chats {GOOD}: took {baseline['took']:.1f}s alone, {run['took']:.1f}s with bad")
    print(f"good chats with exactly one push: {good_once}")

    unnoticed = run["blocked_unnoticed"]
    statuses = {
        c: (
            scalar(url, "select blocked from chats where id=:c", c=c),
            scalar(url, "select status from deliveries where chat_id=:c", c=c),
        )
        for c in unnoticed  # type: ignore[union-attr]
    }
    tries = [attempts(emulator, c) for c in unnoticed]  # type: ignore[union-attr]
    print(
        f"blocked unnoticed {len(unnoticed)}: pushes {sum(pushes[c] for c in unnoticed)}, "  # type: ignore[arg-type, union-attr]
        f"requests {sum(tries)}, (blocked, status) {set(statuses.values())}"
    )
    during = run["blocked_during"]
    during_rows = [
        (
            pushes[c],
            scalar(url, "select blocked from chats where id=:c", c=c),
            scalar(url, "select status from deliveries where chat_id=:c", c=c),
        )
        for c in during  # type: ignore[union-attr]
    ]
    seen = sorted(set(during_rows))
    print(f"blocked during the push {len(during)}: (pushes, blocked, status) {seen}")
    gone = run["gone"]
    gone_rows = {
        (
            scalar(url, "select blocked from chats where id=:c", c=c),
            scalar(url, "select status from deliveries where chat_id=:c", c=c),
        )
        for c in gone  # type: ignore[union-attr]
    }
    gone_tries = [attempts(emulator, c) for c in gone]  # type: ignore[union-attr]
    print(f"gone {len(gone)}: requests {sum(gone_tries)}, (blocked, status) {gone_rows}")
    migrated: dict[int, int] = run["migrated"]  # type: ignore[assignment]
    group_rows = [
        (
            pushes[old] + pushes[new],
            scalar(url, "select migrated_to_chat_id from chats where id=:c", c=old) == new,
            scalar(url, "select count(*) from deliveries where chat_id=:c", c=old),
            scalar(url, "select status from deliveries where chat_id=:c", c=new),
        )
        for old, new in migrated.items()
    ]
    print(
        f"groups upgraded {len(migrated)}: (pushes old+new, migrated, rows left on old id, "
        f"status on new id) {sorted(set(group_rows))}"
    )

    assert good_once == GOOD
    assert all(pushes[c] == 0 for c in unnoticed)  # type: ignore[union-attr]
    assert tries == [1] * len(unnoticed)  # type: ignore[arg-type]
    assert set(statuses.values()) == {(1, "skipped")}
    assert all(
        n <= 1 and blocked == 1 and status in ("sent", "skipped")
        for n, blocked, status in during_rows
    )
    assert all(n == 1 for n, _, status in during_rows if status == "sent")
    assert gone_tries == [1] * len(gone)  # type: ignore[arg-type]
    assert gone_rows == {(1, "failed")}
    assert group_rows == [(1, True, 0, "sent")] * len(migrated)
    assert run["took"] <= 1.5 * baseline["took"] + 3.0  # type: ignore[operator]
    assert emulator.violations == []
