"""/settings and its quick forms: valid changes land in the database, bad input changes nothing."""

from __future__ import annotations

from spec_check import ALICE, WANG

SCHEDULE = "select push_minute, timezone, paused, next_push_at from chats where id=:i"


async def test_settings_keyboard_in_private(world):
    await world.says(WANG, "/start")
    await world.says(WANG, "/settings")
    message = world.last(WANG)
    assert message["text"].startswith("⚙️")
    assert "08:00" in message["text"] and "Asia/Shanghai" in message["text"]
    data = [d for _, d in world.buttons(message)]
    assert data == ["set:time", "set:tz", "set:pause", "set:board:on", "set:lang"]
    await world.press(WANG, WANG, message, "set:time")
    times = world.buttons(world.last(WANG))
    assert ("07:30", "set:t:0730") in times
    await world.press(WANG, WANG, world.last(WANG), "set:t:0730")
    assert world.one(SCHEDULE, i=WANG)[0] == 7 * 60 + 30
    assert "07:30" in world.last(WANG)["text"]
    await world.press(WANG, WANG, world.last(WANG), "set:tz")
    zones = dict(world.buttons(world.last(WANG)))
    await world.press(WANG, WANG, world.last(WANG), zones["Europe/Berlin"])
    assert world.one(SCHEDULE, i=WANG)[1] == "Europe/Berlin"
    assert world.one("select timezone from learners where id=:i", i=WANG)[0] == "Europe/Berlin"
    await world.press(WANG, WANG, world.last(WANG), "set:pause")
    assert world.one(SCHEDULE, i=WANG)[2] == 1
    assert "set:resume" in [d for _, d in world.buttons(world.last(WANG))]
    assert "set:pause" not in [d for _, d in world.buttons(world.last(WANG))]
    await world.press(WANG, WANG, world.last(WANG), "set:resume")
    assert world.one(SCHEDULE, i=WANG)[2] == 0


async def test_language_switch_button(world):
    await world.says(WANG, "/start")
    await world.says(WANG, "/settings")
    query = await world.press(WANG, WANG, world.last(WANG), "set:lang")
    assert world.popup(query) == "The interface is now in English."
    assert world.one("select language from learners where id=:i", i=WANG)[0] == "en"
    assert world.one("select language from chats where id=:i", i=WANG)[0] == "en"
    assert "Settings" in world.last(WANG)["text"]
    await world.says(WANG, "/help")
    assert "Commands" in world.last_text(WANG)
    settings_message = [m for m in world.messages(WANG) if world.buttons(m)][-1]
    query = await world.press(WANG, WANG, settings_message, "set:lang")
    assert world.popup(query) == "界面语言已设为中文。"
    assert world.one("select language from learners where id=:i", i=WANG)[0] == "zh"


async def test_quick_forms_change_the_schedule(world):
    await world.says(WANG, "/start")
    await world.says(WANG, "/time 07:30")
    assert world.last_text(WANG).startswith(
        "好的，每日推送时间改为 07:30（Asia/Shanghai）。下次推送："
    )
    assert world.one(SCHEDULE, i=WANG)[0] == 450
    await world.says(WANG, "/tz Europe/Berlin")
    assert world.last_text(WANG).startswith("好的，时区改为 Europe/Berlin。下次推送：")
    assert world.last_text(WANG).endswith(" 07:30。")
    assert tuple(world.one(SCHEDULE, i=WANG)[:3]) == (450, "Europe/Berlin", 0)
    await world.says(WANG, "/pause")
    assert world.last_text(WANG) == "已暂停每日推送。发送 /resume 可随时恢复。"
    assert world.one(SCHEDULE, i=WANG)[2] == 1
    await world.says(WANG, "/resume")
    assert world.last_text(WANG).startswith("已恢复每日推送，下次推送：")
    assert world.one(SCHEDULE, i=WANG)[2] == 0
    await world.says(WANG, "/name 小王")
    assert world.last_text(WANG) == "排行榜显示名已设为「小王」。"
    assert tuple(
        world.one("select leaderboard_opt_in, leaderboard_name from learners where id=:i", i=WANG)
    ) == (1, "小王")


async def test_bad_input_gets_a_clear_message_and_changes_nothing(world):
    await world.says(WANG, "/start")
    await world.says(ALICE, "/start")
    before = world.snapshot()
    await world.says(WANG, "/time 25:61")
    assert world.last_text(WANG) == "时间格式不对：25:61。请用 24 小时制，例如 07:30。"
    await world.says(WANG, "/tz Mars/Base")
    assert world.last_text(WANG).startswith("没有这个时区：Mars/Base。")
    await world.says(WANG, "/name " + "长" * 500)
    assert world.last_text(WANG) == "内容太长了（最多 32 个字）。"
    await world.says(WANG, "/time")
    assert world.last_text(WANG).startswith("用法：")
    await world.says(ALICE, "/tz <b>Nowhere</b>")
    assert world.last_text(ALICE).startswith("Unknown time zone: <b>Nowhere</b>.")
    assert world.snapshot() == before
