"""Private chat: /start, /help, /today and its buttons, /quote, the command menu."""

from __future__ import annotations

from datetime import timedelta

from spec_check import ALICE, BOB, LI, WANG

EXCERPTS = {
    "ex-1": "公道正派，是组织工作的旗帜和生命线",
    "ex-2": "组工干部要始终坚持勤奋学习",
    "ex-3": "创新发展是我们党保持生机与活力的源泉",
}
QUOTES = ("公生明，廉生威", "其身正，不令而行")


async def test_start_welcomes_in_chinese_and_subscribes_at_default_time(world):
    await world.says(WANG, "/start")
    text = world.last_text(WANG)
    assert "王芳，欢迎使用" in text and "08:00（Asia/Shanghai）" in text and "3 道小测验题" in text
    chat = world.one(
        "select type, timezone, push_minute, subscribed, paused, next_push_at"
        " from chats where id=:i",
        i=WANG,
    )
    assert tuple(chat[:5]) == ("private", "Asia/Shanghai", 480, 1, 0)
    assert chat.next_push_at is not None
    learner = world.one("select language, timezone from learners where id=:i", i=WANG)
    assert tuple(learner) == ("zh", "Asia/Shanghai")
    await world.says(WANG, "/start")
    assert "欢迎回来" in world.last_text(WANG)
    assert world.one("select count(*) from chats where id=:i", i=WANG)[0] == 1


async def test_start_in_english_for_english_users(world):
    await world.says(ALICE, "/start")
    text = world.last_text(ALICE)
    assert text.startswith("👋 Welcome, Alice") and "08:00" in text and "Asia/Shanghai" in text
    assert world.one("select language from learners where id=:i", i=ALICE)[0] == "en"
    await world.says(ALICE, "/help")
    assert "<b>Commands</b>" not in world.last_text(ALICE)  # HTML is rendered, not shown
    assert "Commands" in world.last_text(ALICE) and "/deleteme" in world.last_text(ALICE)


async def test_help_lists_the_commands(world):
    await world.says(WANG, "/help")
    text = world.last_text(WANG)
    for command in ("/today", "/quiz", "/streak", "/rank", "/note", "/settings", "/deleteme"):
        assert command in text


async def test_start_deep_link_from_group_adds_membership(world):
    group = world.emulator.add_group("学习一群", [WANG], admin_ids=[LI])
    await world.says(LI, "/start")
    world.emulator.add_bot_to_group(group, LI)
    await world.settle()
    greeting = world.last(group)
    links = [e["url"] for e in greeting.get("entities", []) if e.get("type") == "text_link"]
    assert links == [f"https://t.me/studybot_test_bot?start=g{group}"]
    await world.says(BOB, f"/start g{group}")
    assert "学习一群" in world.last_text(BOB)
    assert world.rows(
        "select learner_id from group_members where chat_id=:g and learner_id=:u", g=group, u=BOB
    )
    # a payload naming an unknown or private chat adds nothing
    await world.says(WANG, f"/start g{BOB}")
    await world.says(WANG, "/start g-999")
    assert world.rows("select chat_id from group_members where learner_id=:u", u=WANG) == []


async def test_command_menu_registered_in_chinese_and_english(world):
    requests = world.emulator.requests_for("setMyCommands")
    assert all(r.ok for r in requests)
    by_lang = {
        (r.params.get("language_code"), str(r.params.get("scope"))): r.params["commands"]
        for r in requests
    }
    languages = {lang for lang, _ in by_lang}
    assert languages == {None, "en"}
    default_zh = next(
        c for (lang, scope), c in by_lang.items() if lang is None and "all_group" not in scope
    )
    default_en = next(
        c for (lang, scope), c in by_lang.items() if lang == "en" and "all_group" not in scope
    )
    zh = {c["command"]: c["description"] for c in _commands(default_zh)}
    en = {c["command"]: c["description"] for c in _commands(default_en)}
    assert set(zh) == set(en) >= {"today", "quiz", "streak", "rank", "settings", "help", "note"}
    assert en["today"] == "Today's reading and quotation"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh["today"])


def _commands(value):
    import json

    return json.loads(value) if isinstance(value, str) else value


def _reading_ids(world, chat_id):
    return [
        r.excerpt_id
        for r in world.rows(
            "select excerpt_id from daily_readings where chat_id=:c order by study_day", c=chat_id
        )
    ]


async def test_today_shows_excerpt_quotation_and_two_buttons_same_as_push(world):
    await world.says(WANG, "/start")
    await world.jump_to_push()
    push = world.last(WANG)
    assert "今日学习" in push["text"]
    await world.says(WANG, "/today")
    today = world.last(WANG)
    assert today["message_id"] != push["message_id"]
    (excerpt_id,) = _reading_ids(world, WANG)
    assert EXCERPTS[excerpt_id] in today["text"] and EXCERPTS[excerpt_id] in push["text"]
    assert any(q in today["text"] for q in QUOTES)
    assert today["text"] in push["text"]  # the push is the same reading plus a footer
    buttons = world.buttons(today)
    assert len(buttons) == 2
    day = world.one("select study_day from daily_readings where chat_id=:c", c=WANG)[0]
    assert buttons[0] == ("✅ 已读", "rd:" + str(day).replace("-", ""))
    assert buttons[1] == ("📝 开始小测验", "qz")
    assert world.buttons(push) == buttons


async def test_read_button_marks_once_then_says_already(world):
    await world.says(WANG, "/start")
    await world.jump_to_push()
    push = world.last(WANG)
    read_data = world.buttons(push)[0][1]
    assert world.rows("select read from study_days where learner_id=:u", u=WANG) in ([], [(0,)])
    first = await world.press(WANG, WANG, push, read_data)
    assert world.popup(first) == "已记录：今天的材料已读 ✅"
    assert world.one("select read from study_days where learner_id=:u", u=WANG)[0] == 1
    second = await world.press(WANG, WANG, push, read_data)
    assert world.popup(second) == "今天已经标记过已读了。"


async def test_read_button_on_today_message_marks_the_reading(world):
    await world.says(WANG, "/start")
    await world.says(WANG, "/today")
    today = world.last(WANG)
    query = await world.press(WANG, WANG, today, world.buttons(today)[0][1])
    assert world.popup(query) == "已记录：今天的材料已读 ✅"
    assert world.one("select read from study_days where learner_id=:u", u=WANG)[0] == 1


async def test_stale_read_button_from_an_earlier_day_changes_nothing(world):
    await world.says(WANG, "/start")
    await world.jump_to_push()
    old_push = world.last(WANG)
    await world.jump(timedelta(days=1))
    assert world.last(WANG)["message_id"] != old_push["message_id"]  # the next day's push
    before = world.snapshot()
    query = await world.press(WANG, WANG, old_push, world.buttons(old_push)[0][1])
    assert world.popup(query) == "这个按钮已经失效了。"
    assert world.snapshot() == before


async def test_quote_sends_a_quotation(world):
    await world.says(WANG, "/quote")
    text = world.last_text(WANG)
    assert text.startswith("💡 名言") or "名言" in text
    assert any(q in text for q in QUOTES)


async def test_streak_and_notes_for_a_new_learner(world):
    await world.says(WANG, "/streak")
    text = world.last_text(WANG)
    assert text.startswith("🔥 连续学习：0 天\n🏆 最长连续：0 天\n📅 累计学习日：0 天")
    assert "还差：阅读今日材料（/today）；再答 3 道题（/quiz）" in text
    await world.says(WANG, "/notes")
    assert world.last_text(WANG) == "你还没有写过读书心得。发送 /note 加上你的体会即可保存。"


async def test_commands_addressed_to_the_bot_by_name_in_a_group(world):
    group = world.emulator.add_group("学习一群", [LI], admin_ids=[WANG])
    world.emulator.add_bot_to_group(group, WANG)
    await world.settle()
    await world.says(LI, "/today@studybot_test_bot", chat_id=group)
    assert world.last_text(group).startswith("📖 今日学习")
    before = world.count(group)
    await world.says(LI, "/today@some_other_bot", chat_id=group)
    assert world.count(group) == before
