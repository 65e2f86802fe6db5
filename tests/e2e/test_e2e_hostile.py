"""Hostile and odd input: edits, channel posts, foreign polls, forged and replayed buttons,
answering for someone else, scoring twice. No crash, no traceback, no record changed."""

from __future__ import annotations

from spec_check import ALICE, LI, WANG


def _raw_answer(world, user_id, poll_id, options):
    user = world.emulator.world.users[user_id]
    return world.emulator.inject_update(
        {
            "poll_answer": {
                "poll_id": poll_id,
                "user": user,
                "option_ids": options,
                "option_persistent_ids": [str(o) for o in options],
            }
        }
    )


async def test_edited_messages_and_channel_posts_are_ignored(world):
    await world.says(WANG, "/start")
    message_id = await world.says(WANG, "你好")
    before_sent = world.count(WANG)
    before = world.snapshot()
    world.emulator.user_edits(WANG, message_id, "/time 06:00")
    await world.settle()
    world.emulator.inject_update(
        {
            "channel_post": {
                "message_id": 1,
                "date": 1_700_000_000,
                "chat": {"id": -1009999, "type": "channel", "title": "频道"},
                "text": "/quiz",
                "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
            }
        }
    )
    await world.settle()
    assert world.count(WANG) == before_sent
    assert world.snapshot() == before
    assert len(world.emulator.sent_messages()) == before_sent


async def test_foreign_poll_and_bad_options_change_nothing(world):
    await world.says(WANG, "/start")
    await world.says(WANG, "/quiz")
    (poll,) = world.open_polls(WANG, WANG)
    sent = world.count(WANG)
    before = world.snapshot()
    _raw_answer(world, WANG, "123456789", [0])  # not our poll
    _raw_answer(world, WANG, poll.id, [7])  # option out of range
    _raw_answer(world, WANG, poll.id, [-1])
    _raw_answer(world, WANG, poll.id, [0, 1])  # two options on a quiz
    _raw_answer(world, WANG, poll.id, [])  # a retraction
    await world.settle()
    assert world.snapshot() == before
    assert world.count(WANG) == sent


async def test_a_learner_cannot_answer_for_another_or_score_twice(world):
    await world.says(WANG, "/start")
    await world.says(LI, "/start")
    await world.says(WANG, "/quiz")
    (poll,) = world.open_polls(WANG, WANG)
    right = poll.correct_option_ids[0]
    before = world.snapshot()
    sent = world.count(WANG)
    _raw_answer(world, LI, poll.id, [right])  # Li answers a poll in Wang's private chat
    await world.settle()
    assert world.snapshot() == before
    assert world.count(WANG) == sent and world.count(LI) == 1
    world.emulator.user_answers_poll(WANG, poll.id, [right])
    await world.settle()
    _raw_answer(world, WANG, poll.id, [right])  # the same answer delivered again
    _raw_answer(world, WANG, poll.id, [(right + 1) % 4])  # or changed
    await world.settle()
    assert world.one("select answers, correct from study_days where learner_id=:u", u=WANG) == (
        1,
        1,
    )
    assert world.one("select count(*) from quiz_answers where poll_id=:p", p=poll.id)[0] == 1
    assert len(world.emulator.requests_for("sendPoll")) == 2  # the next question, once
    assert world.one(
        "select answers_total, correct_total from streaks where learner_id=:u", u=WANG
    ) == (1, 1)


async def test_forged_and_replayed_buttons_are_refused_politely(world):
    await world.says(WANG, "/start")
    await world.says(ALICE, "/start")
    await world.says(WANG, "/today")
    today = world.last(WANG)
    before = world.snapshot()
    for data in (
        "rd:20991301",
        "rd:abc",
        "rd",
        "set:t:9999",
        "set:z:99",
        "set:ql:7",
        "set:board:maybe",
        "rk:year",
        "ns:x:y",
        "ns:1",
        "dm:yes",
        "dm:yes:abc",
        "zz:unknown",
        "set:" + "x" * 50,
    ):
        query = await world.press(WANG, WANG, today, data, forge=True)
        answer = world.emulator.callback_answer(query)
        assert answer is not None, data  # every press gets an answer (no spinning button)
    assert world.snapshot() == before
    # a settings button replayed after the choice was made sets the same value again only
    await world.says(ALICE, "/settings")
    settings = world.last(ALICE)
    await world.press(ALICE, ALICE, settings, "set:pause")
    assert world.one("select paused from chats where id=:c", c=ALICE)[0] == 1
    await world.press(ALICE, ALICE, settings, "set:pause", forge=True)
    assert world.one("select paused from chats where id=:c", c=ALICE)[0] == 1
    texts = [t for t in world.texts(WANG) + world.texts(ALICE)]
    assert not any("Traceback" in t or "Error:" in t for t in texts)
    assert not any(t == "抱歉，处理时出了点问题，请稍后再试。" for t in texts)


async def test_replayed_rank_and_erase_buttons(world):
    await world.says(WANG, "/start")
    await world.says(WANG, "/rank")
    board = world.last(WANG)
    await world.press(WANG, WANG, board, "rk:week")  # the window already shown
    await world.press(WANG, WANG, board, "rk:week")
    assert world.last(WANG)["text"].startswith("🌏 全体排行榜 · 本周")
    await world.says(WANG, "/deleteme")
    confirm = world.last(WANG)
    await world.press(WANG, WANG, confirm, f"dm:no:{WANG}")
    await world.press(WANG, WANG, confirm, f"dm:no:{WANG}", forge=True)
    assert world.last(WANG)["text"] == "已取消，数据保持不变。"
    await world.press(WANG, WANG, confirm, f"dm:yes:{WANG}", forge=True)
    await world.press(WANG, WANG, confirm, f"dm:yes:{WANG}", forge=True)
    assert world.rows("select id from learners") == []
    assert world.last(WANG)["text"] == "你的全部数据已删除。再见！如果想重新开始，发送 /start。"
    assert "抱歉，处理时出了点问题，请稍后再试。" not in world.texts(WANG)
