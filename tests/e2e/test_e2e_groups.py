"""The bot in groups: greeting once, admin-only settings, group quizzes, leaderboards."""

from __future__ import annotations

from spec_check import ALICE, BOB, LI, WANG


async def _group(world):
    group = world.emulator.add_group("学习一群", [LI, ALICE], admin_ids=[WANG])
    world.emulator.add_bot_to_group(group, WANG)
    await world.settle()
    return group


async def test_added_to_group_greets_once_with_a_deep_link(world):
    group = await _group(world)
    greetings = world.messages(group)
    assert len(greetings) == 1
    text = greetings[0]["text"]
    assert text.startswith("大家好！我是学习打卡助手 📚") and "08:00（Asia/Shanghai）" in text
    urls = [e.get("url") for e in greetings[0].get("entities", []) if e.get("type") == "text_link"]
    assert urls == [f"https://t.me/studybot_test_bot?start=g{group}"]
    chat = world.one("select type, title, subscribed, greeted from chats where id=:g", g=group)
    assert tuple(chat) == ("group", "学习一群", 1, 1)
    world.emulator.kick_bot(group, WANG)
    await world.settle()
    assert world.one("select blocked from chats where id=:g", g=group)[0] == 1
    world.emulator.add_bot_to_group(group, WANG)
    await world.settle()
    assert len(world.messages(group)) == 1  # added twice: greeted once
    assert world.one("select blocked from chats where id=:g", g=group)[0] == 0


async def test_group_settings_for_admins_only(world):
    group = await _group(world)
    before = world.snapshot()
    await world.says(LI, "/time 07:30", chat_id=group)
    assert world.last_text(group) == "只有群管理员可以这样做。"
    await world.says(LI, "/settings", chat_id=group)
    assert world.last_text(group) == "只有群管理员可以这样做。"
    await world.says(LI, "/pause", chat_id=group)
    assert world.last_text(group) == "只有群管理员可以这样做。"
    after = world.snapshot()
    assert [r for r in after["chats"] if r[0] == group] == [
        r for r in before["chats"] if r[0] == group
    ]
    checks = [r.params for r in world.emulator.requests_for("getChatMember")]
    assert {"chat_id": str(group), "user_id": str(LI)} in [
        {k: str(v) for k, v in p.items()} for p in checks
    ]
    await world.says(WANG, "/time 07:30", chat_id=group)
    assert world.last_text(group).startswith("好的，每日推送时间改为 07:30（Asia/Shanghai）")
    assert world.one("select push_minute from chats where id=:g", g=group)[0] == 450
    await world.says(WANG, "/settings", chat_id=group)
    message = world.last(group)
    assert message["text"].startswith("⚙️") and "07:30" in message["text"]
    assert [d for _, d in world.buttons(message)] == [
        "set:time",
        "set:tz",
        "set:pause",
        "set:ql:3",
        "set:ql:5",
        "set:ql:10",
    ]
    forged = await world.press(LI, group, message, "set:ql:5")
    assert world.popup(forged) == "只有群管理员可以这样做。"
    assert world.one("select quiz_length from chats where id=:g", g=group)[0] == 3
    await world.press(WANG, group, message, "set:ql:5")
    assert world.one("select quiz_length from chats where id=:g", g=group)[0] == 5


async def test_group_quiz_counts_for_every_member_and_the_group_board(world):
    group = await _group(world)
    await world.says(WANG, "/quiz", chat_id=group)
    assert world.texts(group)[-2] == "📝 群测验开始，共 3 题，每题 60 秒。大家一起来答！"
    poll_requests = world.emulator.requests_for("sendPoll")
    assert len(poll_requests) == 1 and int(poll_requests[0].params["open_period"]) == 60
    assert poll_requests[0].params["is_anonymous"] in (False, "false")
    rounds = 0
    while polls := world.open_polls(group, WANG):
        (poll,) = polls
        correct = poll.correct_option_ids[0]
        world.emulator.user_answers_poll(WANG, poll.id, [correct])
        world.emulator.user_answers_poll(LI, poll.id, [(correct + 1) % 4])
        world.emulator.user_answers_poll(ALICE, poll.id, [correct])
        await world.settle()
        rounds += 1
    assert rounds == 3
    assert world.last_text(group) == "🏁 群测验结束：3 人参与，正确率 67%。发送 /rank 查看群排行。"
    days = {
        r.learner_id: (r.answers, r.correct)
        for r in world.rows("select learner_id, answers, correct from study_days")
    }
    assert days == {WANG: (3, 3), LI: (3, 0), ALICE: (3, 3)}
    members = {
        r[0] for r in world.rows("select learner_id from group_members where chat_id=:g", g=group)
    }
    assert members == {WANG, LI, ALICE}
    await world.says(BOB, "/start")  # never in the group
    await world.says(LI, "/rank", chat_id=group)
    board = world.last(group)
    text = board["text"]
    assert text.startswith("🏅 学习一群 排行榜 · 本周")
    assert "王芳" in text and "李明" in text and "Alice" in text and "Bob" not in text
    assert "正确率 100%" in text and "正确率 0%" in text
    assert [d for _, d in world.buttons(board)] == ["rk:week", "rk:month", "rk:all"]
    await world.press(LI, group, board, "rk:all")
    assert world.last(group)["text"].startswith("🏅 学习一群 排行榜 · 全部")


async def test_private_rank_is_global_and_opt_in_only(world):
    for user in (WANG, LI, ALICE):
        await world.says(user, "/start")
        await world.says(user, "/quiz")
        await world.actor.answers_open_polls(user, user, True)
    await world.says(WANG, "/name 小王")
    await world.says(LI, "/rank")
    text = world.last_text(LI)
    assert text.startswith("🌏 全体排行榜 · 本周")
    assert "小王" in text and "李明" not in text and "Alice" not in text
    assert "你尚未公开显示在全体排行榜上" in text
    await world.says(WANG, "/rank month")
    text = world.last_text(WANG)
    assert text.startswith("🌏 全体排行榜 · 本月") and "你的名次：第 1 名" in text


async def test_group_private_messages_and_strays(world):
    group = await _group(world)
    before = world.count(group)
    await world.says(LI, "/nosuchcommand", chat_id=group)
    await world.says(LI, "@studybot_test_bot hello", chat_id=group)
    await world.says(LI, "/nosuchcommand@studybot_test_bot", chat_id=group)
    assert world.count(group) == before  # silence in groups
    await world.says(LI, "/nosuchcommand")
    assert world.last_text(LI) == "没有这个命令。发送 /help 查看可用命令。"
    await world.says(LI, "你好")
    assert world.last_text(LI).startswith("我是学习助手，暂时不会聊天")
    await world.says(ALICE, "hello")
    assert world.last_text(ALICE).startswith("I'm a study bot")


async def test_group_today_and_read_button_count_for_the_presser(world):
    group = await _group(world)
    await world.jump_to_push()
    push = world.last(group)
    assert push["text"].startswith("📖 今日学习")
    read = world.buttons(push)[0][1]
    query = await world.press(LI, group, push, read)
    assert world.popup(query) == "已记录：今天的材料已读 ✅"
    assert world.one("select read from study_days where learner_id=:u", u=LI)[0] == 1
    assert world.rows("select learner_id from study_days where learner_id<>:u", u=LI) == []
    await world.says(ALICE, "/today", chat_id=group)
    excerpt = push["text"].split("\n\n")[1].split("\n")[0]
    assert excerpt in world.last(group)["text"]  # the same reading (in Alice's language)


async def test_members_joining_and_leaving_change_the_board(world):
    group = await _group(world)
    world.emulator.user_joins(group, BOB)
    await world.settle()
    members = {
        r[0]
        for r in world.rows(
            "select learner_id from group_members where chat_id=:g and active", g=group
        )
    }
    assert BOB in members
    world.emulator.user_leaves(group, LI)
    await world.settle()
    await world.says(WANG, "/rank all", chat_id=group)
    text = world.last_text(group)
    assert "Bob" in text and "李明" not in text


async def test_timed_group_question_closes_and_reports_with_partial_answers(sqlite_url, emulator):
    """The time limit path: not every member answers, the question closes after open_period."""
    import asyncio

    import sqlalchemy as sa
    from spec_check import CORPUS, World, assert_clean, tuning

    from bot.sandbox.runtime import running_sandbox

    for user, name in ((WANG, "王芳"), (LI, "李明"), (ALICE, "Alice")):
        emulator.add_user(user, name)
    async with running_sandbox(
        sqlite_url,
        content_dir=CORPUS,
        tuning=tuning(),
        emulator=emulator,
        studybot_group_open_period=5,
    ) as sandbox:
        world = World(sandbox, sqlite_url)
        group = await _group(world)
        with sandbox.ctx.transaction() as session:  # one question keeps the test short
            session.execute(sa.text("update chats set quiz_length = 1 where id = :g"), {"g": group})
        await world.says(WANG, "/quiz", chat_id=group)
        assert int(world.emulator.requests_for("sendPoll")[0].params["open_period"]) == 5
        (poll,) = world.open_polls(group, LI)
        world.emulator.user_answers_poll(LI, poll.id, [poll.correct_option_ids[0]])
        await world.settle()
        assert (
            "群测验结束" not in world.last_text(group)
            and not world.emulator.polls[poll.id].is_closed
        )
        await world.emulator.wait_for(lambda: "群测验结束" in world.last_text(group), timeout=10)
        assert (
            world.last_text(group)
            == "🏁 群测验结束：1 人参与，正确率 100%。发送 /rank 查看群排行。"
        )
        assert world.emulator.polls[poll.id].is_closed
        before = world.snapshot()
        alice = world.emulator.world.users[ALICE]  # an answer arriving after the question closed
        world.emulator.inject_update(
            {
                "poll_answer": {
                    "poll_id": poll.id,
                    "user": alice,
                    "option_ids": [0],
                    "option_persistent_ids": ["0"],
                }
            }
        )
        await world.settle()
        assert world.snapshot() == before
        await asyncio.sleep(0.2)
        await world.says(WANG, "/quiz", chat_id=group)  # a new quiz may start once it is over
        assert len(world.emulator.requests_for("sendPoll")) == 2
    assert_clean(emulator)


async def test_group_members_who_never_started_the_bot_get_no_private_push(world):
    carol = 1005
    world.emulator.add_user(carol, "Carol", started=False)  # never opened a private chat
    group = world.emulator.add_group("学习一群", [LI, carol], admin_ids=[WANG])
    world.emulator.add_bot_to_group(group, WANG)
    await world.settle()
    await world.says(carol, "/rank", chat_id=group)
    await world.says(WANG, "/quiz", chat_id=group)
    while polls := world.open_polls(group, carol):
        for user in (WANG, LI, carol):
            world.emulator.user_answers_poll(user, polls[0].id, [0])
        await world.settle()
    assert world.one("select answers from study_days where learner_id=:u", u=carol)[0] == 3
    assert world.rows("select id from chats where id=:u", u=carol) == []  # not subscribed
    await world.jump_to_push()
    assert [r for r in world.emulator.requests_for("sendMessage") if r.status == 403] == []
    assert world.rows("select chat_id from deliveries where chat_id=:u", u=carol) == []
    # once Carol starts the bot she is subscribed like anyone else, her group history kept
    await world.says(carol, "/start")
    assert world.one("select type, subscribed from chats where id=:u", u=carol) == ("private", 1)
    assert world.last_text(carol).startswith("👋 Carol，欢迎使用")  # her first private contact
