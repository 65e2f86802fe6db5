"""/note, /notes, replies to the push, sharing; /deleteme."""

from __future__ import annotations

import sqlalchemy as sa
from spec_check import ALICE, BOB, LI, WANG

REFLECTION = (
    "读了“公生明，廉生威”，体会到组工干部只有公道正派、清正廉洁，才能在干部群众中树立威信。"
)


async def _group(world):
    group = world.emulator.add_group("学习一群", [LI, ALICE], admin_ids=[WANG])
    world.emulator.add_bot_to_group(group, WANG)
    await world.settle()
    return group


async def test_note_rejects_bad_text_and_changes_nothing(world):
    await world.says(WANG, "/start")
    before = world.snapshot()
    await world.says(WANG, "/note 太短")
    assert world.last_text(WANG).startswith("内容太短了（至少")
    await world.says(WANG, "/note " + "很" * 4001)
    assert world.last_text(WANG).startswith("内容太长了（最多")
    await world.says(WANG, "/note " + REFLECTION[:20] + "\x00" + REFLECTION[20:])
    assert world.last_text(WANG) == "内容包含无法识别的控制字符。"
    await world.says(WANG, "/note")
    assert world.last_text(WANG).startswith("用法：/note")
    assert world.snapshot() == before


async def test_valid_note_is_saved_and_stands_in_for_reading(world):
    await world.says(WANG, "/start")
    await world.says(WANG, "/note " + REFLECTION)
    assert (
        world.last_text(WANG)
        == f"📝 读书心得已保存（{len(REFLECTION)} 字）。它可以代替今天的阅读计入学习日。"
    )
    row = world.one("select text, chat_id from reflections where learner_id=:u", u=WANG)
    assert tuple(row) == (REFLECTION, WANG)
    assert world.one(
        "select reflection_chars, counted from study_days where learner_id=:u", u=WANG
    ) == (len(REFLECTION), 0)
    await world.says(WANG, "/quiz")
    await world.actor.answers_open_polls(WANG, WANG, [True, False, True])
    assert world.last_text(WANG).endswith("✅ 今天的学习日已完成！")
    assert world.one("select counted from study_days where learner_id=:u", u=WANG)[0] == 1
    await world.says(WANG, "/notes")
    text = world.last_text(WANG)
    assert text.startswith("📚 我最近的读书心得") and REFLECTION[:40] in text


async def test_reply_to_push_is_a_reflection(world):
    await world.says(WANG, "/start")
    await world.jump_to_push()
    push = world.last(WANG)
    await world.says(WANG, REFLECTION, reply_to_message_id=push["message_id"])
    assert world.last_text(WANG).startswith("📝 读书心得已保存")
    assert world.one("select count(*) from reflections where learner_id=:u", u=WANG)[0] == 1


async def test_share_button_only_for_the_author(world):
    group = await _group(world)
    await world.says(LI, "/start")
    await world.says(LI, "/quiz", chat_id=group)  # speaking in the group makes Li a member
    for poll in world.open_polls(group, LI):
        world.emulator.user_answers_poll(LI, poll.id, [0])
    await world.settle()
    await world.says(LI, "/note " + REFLECTION)
    saved = world.last(LI)
    ((label, data),) = world.buttons(saved)
    assert label == "📢 分享到群「学习一群」"
    reflection_id = world.one("select id from reflections where learner_id=:u", u=LI)[0]
    assert data == f"ns:{reflection_id}:{group}"
    before = world.snapshot()
    posts = world.count(group)
    # someone else presses a forged copy of the button: refused, nothing posted
    await world.says(BOB, "/start")
    forged = await world.press(BOB, BOB, world.last(BOB), data, forge=True)
    assert world.popup(forged) == "这个按钮已经失效了。"
    forged = await world.press(LI, LI, saved, f"ns:{reflection_id}:-1", forge=True)
    assert world.popup(forged) == "这个按钮已经失效了。"
    assert world.count(group) == posts
    assert world.snapshot()["reflections"] == before["reflections"]
    query = await world.press(LI, LI, saved, data)
    assert world.popup(query) == "已分享到群组。"
    assert world.last_text(group) == f"📢 李明 分享了一篇读书心得：\n\n{REFLECTION}"
    again = await world.press(LI, LI, saved, data)
    assert world.popup(again) == "这个按钮已经失效了。"
    assert world.count(group) == posts + 1


async def test_deleteme_cancel_then_confirm_erases_every_row(world):
    group = await _group(world)
    await world.says(WANG, "/start")
    await world.says(LI, "/start")
    await world.jump_to_push()
    await world.press(WANG, WANG, world.last(WANG), world.buttons(world.last(WANG))[0][1])
    await world.says(WANG, "/quiz")
    await world.actor.answers_open_polls(WANG, WANG, [True, False, True])
    await world.says(WANG, "/note " + REFLECTION)
    await world.says(WANG, "/name 小王")
    await world.says(WANG, "/rank", chat_id=group)
    await world.says(WANG, "/deleteme")
    confirm = world.last(WANG)
    assert world.buttons(confirm) == [("确认删除", f"dm:yes:{WANG}"), ("取消", f"dm:no:{WANG}")]
    await world.press(WANG, WANG, confirm, f"dm:no:{WANG}")
    assert world.last(WANG)["text"] == "已取消，数据保持不变。"
    assert world.one("select count(*) from learners where id=:i", i=WANG)[0] == 1
    # another user forging the erase button of Wang: refused, nothing erased
    forged = await world.press(LI, LI, world.last(LI), f"dm:yes:{WANG}", forge=True)
    assert world.popup(forged) == "这个按钮不是给你的。"
    assert world.one("select count(*) from learners where id=:i", i=WANG)[0] == 1
    present = set(_rows_mentioning(world, WANG))
    assert {
        ("learners", "id"),
        ("learners", "display_name"),
        ("chats", "id"),
        ("reflections", "learner_id"),
        ("quiz_answers", "learner_id"),
        ("study_days", "learner_id"),
        ("group_members", "learner_id"),
        ("deliveries", "chat_id"),
        ("daily_readings", "chat_id"),
    } <= present
    await world.says(WANG, "/deleteme")
    confirm = world.last(WANG)
    await world.press(WANG, WANG, confirm, f"dm:yes:{WANG}")
    assert world.last(WANG)["text"] == "你的全部数据已删除。再见！如果想重新开始，发送 /start。"
    assert _rows_mentioning(world, WANG) == []
    assert world.one("select count(*) from learners where id=:i", i=LI)[0] == 1


def _rows_mentioning(world, user_id: int, name: str = "王芳") -> list[tuple[str, str]]:
    """Every (table, column) still holding the learner: their id in any column that refers to
    a learner or a chat (found through the foreign keys of the reflected schema), or their
    name in any text column."""
    engine = world.sandbox.ctx.sessions.kw["bind"]
    meta = sa.MetaData()
    meta.reflect(engine)
    found = []
    with engine.connect() as connection:
        for table_name, table in meta.tables.items():
            for column in table.columns:
                refers = {fk.column.table.name for fk in column.foreign_keys}
                holds_id = (
                    bool(refers & {"learners", "chats"})
                    or (table_name in ("learners", "chats") and column.name == "id")
                    or column.name == "migrated_to_chat_id"
                )
                if holds_id:
                    hit = connection.execute(
                        sa.select(sa.func.count()).where(column == user_id)
                    ).scalar()
                elif isinstance(column.type, (sa.String, sa.Text)):
                    hit = connection.execute(
                        sa.select(sa.func.count()).where(column.contains(name))
                    ).scalar()
                else:
                    continue
                if hit:
                    found.append((table_name, column.name))
    return found
