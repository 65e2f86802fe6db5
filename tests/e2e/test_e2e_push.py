"""The daily push: local times, rotation, restarts, blocked users, supergroups, retries."""

from __future__ import annotations

from datetime import timedelta

from spec_check import ALICE, CORPUS, LI, WANG, World, tuning

from bot.sandbox.emulator import FaultPlan
from bot.sandbox.runtime import running_sandbox

PUSH_TITLE = ("📖 今日学习", "📖 Today's reading")
PUSH_FOOTER = ("就完成今天的学习日了。", "to complete today's study day.")


def pushes(world, chat_id):
    """The daily pushes in that chat (a /today answer has the same reading but no footer)."""
    return [
        m
        for m in world.messages(chat_id)
        if m.get("text", "").startswith(PUSH_TITLE) and m["text"].endswith(PUSH_FOOTER)
    ]


async def test_each_learner_gets_the_push_at_their_local_time(world):
    for user in (WANG, ALICE):
        await world.says(user, "/start")
    await world.says(ALICE, "/tz Europe/Berlin")
    await world.says(LI, "/start")
    await world.says(LI, "/time 21:30")
    await world.jump_to_push("Asia/Shanghai", "08:00")
    assert len(pushes(world, WANG)) == 1
    assert pushes(world, ALICE) == [] and pushes(world, LI) == []
    await world.jump_to_push("Europe/Berlin", "08:00")
    assert len(pushes(world, ALICE)) == 1
    assert pushes(world, ALICE)[0]["text"].startswith("📖 Today's reading")
    assert world.buttons(pushes(world, ALICE)[0])[0][0] == "✅ Read"
    await world.jump_to_push("Asia/Shanghai", "21:30")
    assert len(pushes(world, LI)) == 1
    assert len(pushes(world, WANG)) == 1 and len(pushes(world, ALICE)) == 1
    statuses = world.rows("select chat_id, status from deliveries order by chat_id")
    assert [tuple(s) for s in statuses] == [(WANG, "sent"), (LI, "sent"), (ALICE, "sent")]


async def test_paused_learner_gets_no_push(world):
    await world.says(WANG, "/start")
    await world.says(WANG, "/pause")
    await world.jump_to_push()
    assert pushes(world, WANG) == []
    await world.says(WANG, "/resume")
    await world.jump_to_push()
    assert len(pushes(world, WANG)) == 1


async def test_no_excerpt_repeats_until_the_pool_is_used_up(world):
    await world.says(WANG, "/start")
    seen = []
    for _ in range(4):
        await world.jump_to_push()
        seen.append(
            world.one(
                "select excerpt_id from daily_readings where chat_id=:c"
                " order by study_day desc limit 1",
                c=WANG,
            )[0]
        )
    assert len(pushes(world, WANG)) == 4
    assert sorted(seen[:3]) == ["ex-1", "ex-2", "ex-3"]
    assert seen[3] in seen[:3]
    days = [
        r[0]
        for r in world.rows(
            "select study_day from deliveries where chat_id=:c order by study_day", c=WANG
        )
    ]
    assert len(set(days)) == 4


async def test_a_restart_loses_no_push_and_sends_none_twice(sqlite_url, emulator):
    emulator.add_user(WANG, "王芳")
    emulator.add_user(LI, "李明")
    async with running_sandbox(
        sqlite_url, content_dir=CORPUS, tuning=tuning(), emulator=emulator
    ) as sandbox:
        world = World(sandbox, sqlite_url)
        await world.says(WANG, "/start")
        await world.says(LI, "/start")
        await world.says(LI, "/time 08:01")
        await world.jump_to_push()  # Wang's push goes out
        assert len(pushes(world, WANG)) == 1
        # the sender stops; Li's push is queued and then the bot goes down before sending it
        sandbox.app.bot_data["sender_stop"].set()
        await sandbox.app.bot_data["sender_task"]
        sandbox.clock.advance(timedelta(minutes=1))
        emulator.advance_time(60)
        result = await sandbox.plan_now()
        assert result.queued == 1
        offset = sandbox.clock.offset
    assert pushes(world, LI) == []
    emulator.queue.closed = (
        False  # emulator bug: start() after stop() does not reopen the update queue
    )
    async with running_sandbox(
        sqlite_url, content_dir=CORPUS, tuning=tuning(), emulator=emulator
    ) as sandbox:
        sandbox.clock.advance(offset)
        world = World(sandbox, sqlite_url)
        await world.jump(timedelta(seconds=1))
        assert len(pushes(world, LI)) == 1
        assert len(pushes(world, WANG)) == 1
        await world.jump(timedelta(minutes=5))
        assert len(pushes(world, LI)) == 1 and len(pushes(world, WANG)) == 1
        await world.says(WANG, "/today")  # the bot is alive after the restart
        assert world.last_text(WANG).startswith("📖 今日学习")
        await world.jump_to_push()
        assert len(pushes(world, WANG)) == 2
        statuses = world.rows("select chat_id, status from deliveries order by id")
        assert [tuple(s) for s in statuses] == [(WANG, "sent"), (LI, "sent"), (WANG, "sent")]
    from spec_check import assert_clean

    assert_clean(emulator)


async def test_blocked_user_is_marked_and_skipped(world):
    await world.says(WANG, "/start")
    await world.says(LI, "/start")
    # Li blocks the bot and the bot hears of it
    world.emulator.block_bot(LI)
    await world.settle()
    assert world.one("select blocked from chats where id=:c", c=LI)[0] == 1
    # Wang blocks the bot while it was not listening: the push meets a 403
    world.emulator.world.blocked.add(WANG)
    await world.jump_to_push()
    assert pushes(world, WANG) == [] and pushes(world, LI) == []
    assert world.one("select blocked from chats where id=:c", c=WANG)[0] == 1
    refused = [r for r in world.emulator.requests_for("sendMessage") if r.status == 403]
    assert [int(r.params["chat_id"]) for r in refused] == [WANG]
    await world.jump_to_push()
    refused = [r for r in world.emulator.requests_for("sendMessage") if r.status == 403]
    assert len(refused) == 1  # skipped from then on: no new request
    statuses = [tuple(r) for r in world.rows("select chat_id, status from deliveries")]
    assert statuses == [(WANG, "skipped")]  # blocked chats are not even queued


async def test_group_upgraded_to_supergroup_keeps_history_and_gets_its_push(world):
    group = world.emulator.add_group("学习一群", [LI, ALICE], admin_ids=[WANG])
    world.emulator.add_bot_to_group(group, WANG)
    await world.settle()
    await world.jump_to_push()
    assert len(pushes(world, group)) == 1
    await world.says(WANG, "/quiz", chat_id=group)
    while polls := world.open_polls(group, LI):
        for user in (WANG, LI, ALICE):
            world.emulator.user_answers_poll(user, polls[0].id, [polls[0].correct_option_ids[0]])
        await world.settle()
    new_id = world.emulator.upgrade_to_supergroup(group)
    await world.settle()
    assert world.one("select migrated_to_chat_id, subscribed from chats where id=:g", g=group) == (
        new_id,
        0,
    )
    assert world.one("select type, title from chats where id=:g", g=new_id) == (
        "supergroup",
        "学习一群",
    )
    assert world.rows("select learner_id from group_members where chat_id=:g", g=group) == []
    members = {
        r[0] for r in world.rows("select learner_id from group_members where chat_id=:g", g=new_id)
    }
    assert members == {WANG, LI, ALICE}
    assert world.one("select count(*) from daily_readings where chat_id=:g", g=new_id)[0] == 1
    assert world.one("select count(*) from quiz_sessions where chat_id=:g", g=new_id)[0] == 1
    await world.jump_to_push()
    assert len(pushes(world, new_id)) == 1
    assert [r for r in world.emulator.requests_for("sendMessage") if r.status == 400] == []
    await world.says(LI, "/rank", chat_id=new_id)
    assert "李明" in world.last_text(new_id) and "正确率 100%" in world.last_text(new_id)


async def test_push_to_a_group_migrated_unnoticed_follows_the_new_id(world):
    group = world.emulator.add_group("学习二群", [LI], admin_ids=[WANG])
    world.emulator.add_bot_to_group(group, WANG)
    await world.settle()
    world.emulator.queue.drop_all()  # the bot misses nothing so far ...
    new_id = world.emulator.upgrade_to_supergroup(group)
    world.emulator.queue.drop_all()  # ... but misses the migration service messages
    await world.jump_to_push()
    assert len(pushes(world, new_id)) == 1
    assert world.one("select migrated_to_chat_id, subscribed from chats where id=:g", g=group) == (
        new_id,
        0,
    )
    assert world.one("select status, message_id from deliveries") == (
        "sent",
        pushes(world, new_id)[0]["message_id"],
    )
    await world.jump_to_push()
    assert len(pushes(world, new_id)) == 2
    assert len([r for r in world.emulator.requests_for("sendMessage") if r.status == 400]) == 1


async def test_429_with_retry_after_is_honoured(world):
    await world.says(WANG, "/start")
    faults = FaultPlan()
    faults.burst_429(1, retry_after=1, methods={"sendMessage"})
    world.emulator.faults = faults
    await world.jump_to_push()
    await world.emulator.wait_for(lambda: len(pushes(world, WANG)) == 1, timeout=10)
    await world.pushes_done()
    assert len(pushes(world, WANG)) == 1
    statuses = [r.status for r in world.emulator.requests_for("sendMessage")]
    assert statuses[-2:] == [429, 200]
    assert world.emulator.counters.requests_during_retry_after == 0
    assert world.one("select status from deliveries")[0] == "sent"


async def test_5xx_is_retried_with_backoff(world):
    await world.says(WANG, "/start")
    world.emulator.faults = FaultPlan(error_5xx_rate=1.0, methods=frozenset({"sendMessage"}))
    await world.sandbox.advance(_to_push(world))
    await world.sandbox.drain_pushes()
    await world.settle()
    assert pushes(world, WANG) == []
    row = world.one("select status, attempts, last_error from deliveries")
    assert row.status == "queued" and row.attempts >= 1
    world.emulator.faults = None
    await world.jump(timedelta(minutes=1))
    assert len(pushes(world, WANG)) == 1
    assert world.one("select status from deliveries")[0] == "sent"
    assert any(r.status >= 500 for r in world.emulator.requests_for("sendMessage"))


def _to_push(world) -> timedelta:
    from bot.core import timezones

    now = world.sandbox.clock.now()
    at = timezones.next_push_at(
        timezones.parse_push_time("08:00"), timezones.parse_timezone("Asia/Shanghai"), now
    )
    return at - now + timedelta(seconds=1)


async def test_a_blocked_user_who_comes_back_gets_pushes_again(world):
    await world.says(WANG, "/start")
    world.emulator.world.blocked.add(WANG)  # blocked, unnoticed: the next push meets a 403
    await world.jump_to_push()
    assert world.one("select blocked from chats where id=:c", c=WANG)[0] == 1
    await world.says(WANG, "/start")  # writing to the bot unblocks it
    assert world.one("select blocked from chats where id=:c", c=WANG)[0] == 0
    await world.jump_to_push()
    assert len(pushes(world, WANG)) == 1
