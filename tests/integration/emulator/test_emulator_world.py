from __future__ import annotations

import pytest
from emulator_ids import ALICE, BOB
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
)
from telegram.error import BadRequest, ChatMigrated, Forbidden

from bot.sandbox.emulator import BotApiEmulator, EmulatorUsageError

CAROL = 1003


def _keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(d, callback_data=d) for d in data]])


async def test_message_ids_increase_per_chat(emulator: BotApiEmulator, bot: Bot) -> None:
    user_msg = emulator.user_sends(ALICE, "hi")
    first = await bot.send_message(ALICE, "one")
    second = await bot.send_message(ALICE, "two")
    other = await bot.send_message(BOB, "bob")
    assert (user_msg, first.message_id, second.message_id) == (1, 2, 3)
    assert other.message_id == 1
    assert [m["text"] for m in emulator.sent_messages(ALICE)] == ["one", "two"]


async def test_callback_query_round_trip(emulator: BotApiEmulator, bot: Bot) -> None:
    sent = await bot.send_message(
        ALICE, "今天读完了吗?", reply_markup=_keyboard("done:1", "later:1")
    )
    query_id = emulator.user_presses(ALICE, sent.message_id, "done:1")
    (update,) = await bot.get_updates()
    query = update.callback_query
    assert query is not None and query.id == query_id and query.data == "done:1"
    assert query.message is not None and query.message.message_id == sent.message_id
    assert await query.answer("好的!")
    assert emulator.callback_answer(query_id) == {"text": "好的!"}
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query_id)


async def test_pressing_a_missing_button_is_refused(emulator: BotApiEmulator, bot: Bot) -> None:
    sent = await bot.send_message(ALICE, "x", reply_markup=_keyboard("a"))
    with pytest.raises(EmulatorUsageError):
        emulator.user_presses(ALICE, sent.message_id, "b")
    forged = emulator.user_presses(ALICE, sent.message_id, "b", forge=True)
    (update,) = await bot.get_updates()
    assert update.callback_query.id == forged


async def test_callback_answer_expires_with_the_clock(emulator: BotApiEmulator, bot: Bot) -> None:
    sent = await bot.send_message(ALICE, "x", reply_markup=_keyboard("a"))
    query_id = emulator.user_presses(ALICE, sent.message_id, "a")
    emulator.advance_time(3600)
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query_id)


async def test_edit_and_delete(emulator: BotApiEmulator, bot: Bot) -> None:
    sent = await bot.send_message(ALICE, "v1", reply_markup=_keyboard("a"))
    edited = await bot.edit_message_text("v2", chat_id=ALICE, message_id=sent.message_id)
    assert edited.text == "v2" and edited.edit_date is not None
    assert "reply_markup" not in emulator.sent_messages(ALICE)[0]
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("v2", chat_id=ALICE, message_id=sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("v3", chat_id=ALICE, message_id=999)
    await bot.edit_message_reply_markup(ALICE, sent.message_id, reply_markup=_keyboard("z"))
    assert emulator.sent_messages(ALICE)[0]["reply_markup"]["inline_keyboard"][0][0]["text"] == "z"
    assert await bot.delete_message(ALICE, sent.message_id)
    assert emulator.sent_messages(ALICE) == []
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(ALICE, sent.message_id)


async def test_quiz_poll_answers_and_stop(emulator: BotApiEmulator, bot: Bot) -> None:
    group = emulator.add_group("小组", [ALICE, BOB], [ALICE])
    message = await bot.send_poll(
        group, "学?", ["xué", "xuě"], type="quiz", correct_option_ids=[0], is_anonymous=False
    )
    poll_id = message.poll.id
    emulator.user_answers_poll(ALICE, poll_id, [0])
    emulator.user_answers_poll(BOB, poll_id, [1])
    with pytest.raises(EmulatorUsageError):
        emulator.user_answers_poll(BOB, poll_id, [0])  # quizzes can't be re-answered
    with pytest.raises(EmulatorUsageError):
        emulator.user_answers_poll(CAROL, poll_id, [0])  # unknown user
    updates = await bot.get_updates()
    answers = [u.poll_answer for u in updates if u.poll_answer]
    assert [(a.user.id, a.option_ids) for a in answers] == [(ALICE, (0,)), (BOB, (1,))]
    assert [u.poll.total_voter_count for u in updates if u.poll] == [1, 2]
    stopped = await bot.stop_poll(group, message.message_id)
    assert stopped.is_closed and [o.voter_count for o in stopped.options] == [1, 1]
    with pytest.raises(BadRequest, match=r"(?i)poll has already been closed"):
        await bot.stop_poll(group, message.message_id)
    with pytest.raises(EmulatorUsageError):
        emulator.user_answers_poll(ALICE, poll_id, [1])


async def test_anonymous_poll_gives_no_poll_answer(emulator: BotApiEmulator, bot: Bot) -> None:
    message = await bot.send_poll(ALICE, "q", ["a", "b"])
    emulator.user_answers_poll(ALICE, message.poll.id, [1])
    updates = await bot.get_updates()
    assert [u.poll.options[1].voter_count for u in updates] == [1]


async def test_open_period_closes_on_clock_jump(emulator: BotApiEmulator, bot: Bot) -> None:
    message = await bot.send_poll(ALICE, "q", ["a", "b"], open_period=30)
    emulator.advance_time(31)
    (update,) = await bot.get_updates()
    assert update.poll is not None and update.poll.is_closed
    assert emulator.polls[message.poll.id].is_closed
    later = await bot.send_message(ALICE, "later")
    assert later.date.timestamp() >= message.date.timestamp() + 30


async def test_open_period_closes_in_real_time(emulator: BotApiEmulator, bot: Bot) -> None:
    message = await bot.send_poll(ALICE, "q", ["a", "b"], open_period=5)
    emulator._schedule_poll_close(message.poll.id, 0.1)  # shorten the real wait
    updates = await bot.get_updates(timeout=2)
    assert updates[0].poll.is_closed


async def test_blocked_user_is_403_with_my_chat_member(emulator: BotApiEmulator, bot: Bot) -> None:
    emulator.block_bot(ALICE)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(ALICE, "still there?")
    (update,) = await bot.get_updates()
    assert update.my_chat_member.new_chat_member.status == "kicked"
    emulator.user_sends(ALICE, "/start")
    assert (await bot.send_message(ALICE, "welcome back")).text == "welcome back"


async def test_user_who_never_started_is_403(emulator: BotApiEmulator, bot: Bot) -> None:
    emulator.add_user(CAROL, "Carol", started=False)
    with pytest.raises(Forbidden, match="can't initiate conversation"):
        await bot.send_message(CAROL, "hi")


async def test_deleted_chat_is_chat_not_found(emulator: BotApiEmulator, bot: Bot) -> None:
    group = emulator.add_group("gone", [ALICE], [ALICE])
    emulator.delete_chat(group)
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(group, "hello?")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(424242, "nobody")


async def test_upgrade_to_supergroup_migrates(emulator: BotApiEmulator, bot: Bot) -> None:
    group = emulator.add_group("学习群", [ALICE, BOB], [ALICE])
    new_id = emulator.upgrade_to_supergroup(group)
    assert str(new_id).startswith("-100")
    with pytest.raises(ChatMigrated) as info:
        await bot.send_message(group, "hello")
    assert info.value.new_chat_id == new_id
    request = emulator.requests_for("sendMessage")[-1]
    assert request.response["parameters"] == {"migrate_to_chat_id": new_id}
    updates = await bot.get_updates()
    assert updates[0].message.migrate_to_chat_id == new_id
    assert updates[1].message.migrate_from_chat_id == group
    assert (await bot.send_message(new_id, "hi")).chat.type == "supergroup"


async def test_privacy_mode_in_groups(emulator: BotApiEmulator, bot: Bot) -> None:
    group = emulator.add_group("g", [ALICE, BOB], [ALICE])
    emulator.user_sends(ALICE, "just chatting", chat_id=group)
    emulator.user_sends(ALICE, "/today", chat_id=group)
    emulator.user_sends(ALICE, "/today@other_bot", chat_id=group)
    sent = await bot.send_message(group, "reading")
    emulator.user_sends(BOB, "reply to bot", chat_id=group, reply_to_message_id=sent.message_id)
    texts = [u.message.text for u in await bot.get_updates()]
    assert texts == ["/today", "reply to bot"]
    emulator.set_admin(group, bot.id, True)
    emulator.user_sends(ALICE, "now seen", chat_id=group)
    texts = [u.message.text if u.message else "member" for u in await bot.get_updates(offset=-2)]
    assert texts == ["member", "now seen"]


async def test_membership_and_admins(emulator: BotApiEmulator, bot: Bot) -> None:
    emulator.add_user(CAROL, "Carol")
    group = emulator.add_group("g", [ALICE, BOB], [ALICE], bot_status="left")
    with pytest.raises(Forbidden, match="not a member of the group chat"):
        await bot.send_message(group, "x")
    emulator.add_bot_to_group(group, ALICE)
    emulator.user_joins(group, CAROL)
    emulator.set_admin(group, BOB, True)
    admins = await bot.get_chat_administrators(group)
    assert sorted(a.user.id for a in admins) == [ALICE, BOB]
    assert (await bot.get_chat_member(group, ALICE)).status == "creator"
    assert (await bot.get_chat_member(group, CAROL)).status == "member"
    assert await bot.get_chat_member_count(group) == 4
    emulator.user_leaves(group, CAROL)
    assert (await bot.get_chat_member(group, CAROL)).status == "left"
    chat = await bot.get_chat(group)
    assert chat.title == "g" and chat.type == "group"
    emulator.kick_bot(group, ALICE)
    with pytest.raises(Forbidden, match="kicked from the group chat"):
        await bot.send_message(group, "x")
    kinds = [
        u.my_chat_member.new_chat_member.status for u in await bot.get_updates() if u.my_chat_member
    ]
    assert kinds == ["member", "kicked"]


async def test_commands_per_scope_and_language(emulator: BotApiEmulator, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand("today", "今日阅读")], language_code="zh")
    await bot.set_my_commands([BotCommand("streak", "streak")], scope=BotCommandScopeChat(ALICE))
    assert [c.command for c in await bot.get_my_commands(language_code="zh")] == ["today"]
    assert await bot.get_my_commands() == ()
    scoped = await bot.get_my_commands(scope=BotCommandScopeChat(ALICE))
    assert [c.command for c in scoped] == ["streak"]
    await bot.delete_my_commands(language_code="zh")
    assert await bot.get_my_commands(language_code="zh") == ()
    assert emulator.violations == []


async def test_user_edit_is_edited_message(emulator: BotApiEmulator, bot: Bot) -> None:
    message_id = emulator.user_sends(ALICE, "typo")
    emulator.user_edits(ALICE, message_id, "fixed")
    updates = await bot.get_updates()
    assert updates[1].edited_message.text == "fixed"
    assert updates[1].edited_message.message_id == message_id


async def test_unimplemented_method_is_501_and_listed(emulator: BotApiEmulator, bot: Bot) -> None:
    with pytest.raises(Exception, match="not emulated"):
        await bot.send_dice(ALICE)
    assert emulator.unimplemented == ["sendDice"]


async def test_replies_photos_and_leaving(emulator: BotApiEmulator, bot: Bot) -> None:
    group = emulator.add_group("g", [ALICE], [ALICE])
    asked = emulator.user_sends(ALICE, "/today", chat_id=group)
    reply = await bot.send_message(group, "今日", reply_to_message_id=asked)
    assert reply.reply_to_message is not None and reply.reply_to_message.text == "/today"
    with pytest.raises(BadRequest, match=r"(?i)message to be replied not found"):
        await bot.send_message(group, "x", reply_to_message_id=999)
    photo = await bot.send_photo(group, b"\x89PNG fake", caption="<i>图</i>", parse_mode="HTML")
    assert photo.caption == "图" and photo.caption_entities[0].type == "italic"
    assert emulator.file_bytes(photo.photo[-1].file_id) == b"\x89PNG fake"
    assert await bot.leave_chat(group)
    with pytest.raises(Forbidden, match="not a member"):
        await bot.send_message(group, "x")
    updates = await bot.get_updates()
    assert updates[-1].my_chat_member.new_chat_member.status == "left"
    assert emulator.violations == []
