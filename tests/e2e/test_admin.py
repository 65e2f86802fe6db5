"""Bot administrator commands (STUDYBOT_ADMINS = Wang): /stats, /broadcast, /reload, /import;
everyone else — and every non-administrator of a group trying its admin commands — is refused
politely, the refusal logged, nothing changed."""

from __future__ import annotations

import logging
import shutil
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from spec_check import ALICE, BOB, CORPUS, LI, WANG, World, assert_clean, tuning

from bot.handlers.admin import CONTENT_DIR_KEY
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.runtime import SANDBOX_TOKEN, running_sandbox
from bot.services import admin

REFUSED_ZH = "抱歉，这个命令只有机器人管理员可以使用。"
ADMINS_ONLY_ZH = "只有群管理员可以这样做。"


@pytest.fixture
async def aworld(sqlite_url: str) -> AsyncIterator[World]:
    emulator = BotApiEmulator(token=SANDBOX_TOKEN)
    for user, name, lang in (
        (WANG, "王芳", "zh-hans"),
        (LI, "李明", "zh-hans"),
        (ALICE, "Alice", "en"),
        (BOB, "Bob", "zh-hans"),
    ):
        emulator.add_user(user, name, language_code=lang)
    async with running_sandbox(
        sqlite_url, content_dir=CORPUS, tuning=tuning(), emulator=emulator, studybot_admins=(WANG,)
    ) as sandbox:
        w = World(sandbox, sqlite_url)
        await w.settle()
        yield w
        await w.settle()
    assert_clean(emulator)


def _refusals(caplog: pytest.LogCaptureFixture, user: int) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelno == logging.WARNING
        and "refused" in r.getMessage()
        and str(user) in r.getMessage()
    ]


async def test_bot_admin_commands_from_anyone_else_are_refused_and_logged(aworld, caplog):
    caplog.set_level(logging.WARNING)
    w = aworld
    await w.says(LI, "/start")
    await w.says(ALICE, "/start")
    before = w.snapshot()
    expected = {
        "/stats": "/stats",
        "/broadcast 大家好": "/broadcast",
        "/reload": "/reload",
        "/import": "/import",
    }
    for text, command in expected.items():
        sent = w.count(LI)
        await w.says(LI, text)
        assert w.count(LI) == sent + 1, text
        assert w.last_text(LI) == REFUSED_ZH, (text, w.last_text(LI))
        logged = [m for m in _refusals(caplog, LI) if f"admin command {command} " in m]
        print(f"{text!r}: reply {w.last_text(LI)!r}, log {logged}")
        assert len(logged) == 1, (text, _refusals(caplog, LI))
    await w.says(ALICE, "/stats")
    assert w.last_text(ALICE) == "Sorry, only the bot's administrators can use this command."
    # a document with the caption /import
    user = w.emulator.world.users[LI]
    w.emulator.inject_update(
        {
            "message": {
                "message_id": 900,
                "date": 1_800_000_000,
                "chat": {"id": LI, "type": "private", "first_name": "李明"},
                "from": user,
                "document": {"file_id": "doc1", "file_unique_id": "u1", "file_name": "a.txt"},
                "caption": "/import",
                "caption_entities": [{"type": "bot_command", "offset": 0, "length": 7}],
            }
        }
    )
    await w.settle()
    assert w.last_text(LI) == REFUSED_ZH
    assert len([m for m in _refusals(caplog, LI) if "admin command /import " in m]) == 2
    # a forged confirmation button of a broadcast
    query = await w.press(LI, LI, w.last(LI), "bc:go:1", forge=True)
    assert w.popup(query) == REFUSED_ZH
    assert [m for m in _refusals(caplog, LI) if "broadcast button" in m]
    assert w.snapshot() == before
    print("refusals logged:", len(_refusals(caplog, LI)))


async def test_group_admin_commands_from_members_are_refused_and_logged(aworld, caplog):
    caplog.set_level(logging.WARNING)
    w = aworld
    group = w.emulator.add_group("学习一群", [LI, ALICE], admin_ids=[WANG])
    w.emulator.add_bot_to_group(group, WANG)
    await w.settle()
    await w.says(LI, "/start")
    await w.says(WANG, "/settings", chat_id=group)  # the group administrator: allowed
    settings_message = w.last(group)
    await w.says(LI, "/rank", chat_id=group)  # Li is registered as a member first
    before = w.snapshot()
    for text, logged_as in (
        ("/settings", "settings /settings"),
        ("/time 06:30", "settings /time"),
        ("/tz Europe/London", "settings /tz"),
        ("/pause", "settings /pause"),
        ("/studyday add fri 15:00", "studyday add refused"),
        ("/studyday cancel 1", "studyday cancel refused"),
        ("/export", "export refused"),
    ):
        await w.says(LI, text, chat_id=group)
        assert w.last_text(group) == ADMINS_ONLY_ZH, (text, w.last_text(group))
        logged = [m for m in _refusals(caplog, LI) if logged_as in m and str(group) in m]
        print(f"{text!r}: {logged}")
        assert len(logged) == 1, (text, _refusals(caplog, LI))
    for data in ("set:pause", "set:t:0630", "set:ql:10", "sd:add", "sd:a:4:1500"):
        query = await w.press(LI, group, settings_message, data, forge=True)
        assert w.popup(query) == ADMINS_ONLY_ZH, data
    assert len([m for m in _refusals(caplog, LI) if "button" in m]) == 5
    assert w.snapshot() == before


async def test_stats_counts(aworld):
    w = aworld
    for user in (WANG, LI, ALICE):
        await w.says(user, "/start")
    group = w.emulator.add_group("学习一群", [LI, ALICE], admin_ids=[WANG])
    w.emulator.add_bot_to_group(group, WANG)
    await w.settle()
    await w.says(LI, "/quiz")
    await w.actor.answers_open_polls(LI, LI, [True, False, True])
    await w.says(WANG, "/stats")
    text = w.last_text(WANG)
    print(text)
    day = admin.today(w.sandbox.ctx).isoformat()
    assert text.startswith(f"📊 运行统计（{day}）")
    assert "学习者：3\n群组：1\n私聊：3\n接收推送的会话：4\n已屏蔽机器人的会话：0" in text
    assert text.endswith("今日推送：无\n今日答题：3")


async def test_broadcast_confirmed_once_reaches_every_subscribed_unblocked_chat_once(aworld):
    w = aworld
    for user in (WANG, LI, ALICE, BOB):
        await w.says(user, "/start")
    group = w.emulator.add_group("学习一群", [LI, ALICE], admin_ids=[WANG])
    w.emulator.add_bot_to_group(group, WANG)
    await w.settle()
    w.emulator.block_bot(BOB)
    await w.settle()
    text = "通知：<b>明天</b> 集中学习日改到 15:00。\n请准时参加。"
    await w.says(WANG, "/broadcast " + text)
    preview = w.last(WANG)
    assert preview["text"].endswith(text.replace("<b>", "<b>"))  # shown as typed, not as HTML
    (go, no) = w.buttons(preview)
    broadcast_id = int(go[1].split(":")[2])
    assert go[1] == f"bc:go:{broadcast_id}" and no[1] == f"bc:no:{broadcast_id}"
    forged = await w.press(LI, LI, w.last(LI), go[1], forge=True)
    assert w.popup(forged) == REFUSED_ZH
    assert w.one("select status from broadcasts where id=:i", i=broadcast_id)[0] == "pending"
    await w.press(WANG, WANG, preview, go[1])
    await w.emulator.wait_for(
        lambda: w.one("select status from broadcasts where id=:i", i=broadcast_id)[0] == "done",
        timeout=15,
    )
    await w.settle()
    replay = await w.press(WANG, WANG, preview, go[1], forge=True)
    assert w.popup(replay) == f"广播 #{broadcast_id} 已经处理过了。"
    cancel_late = await w.press(WANG, WANG, preview, no[1], forge=True)
    assert w.popup(cancel_late) == f"广播 #{broadcast_id} 已经处理过了。"
    await w.settle()
    received = {
        chat: sum(1 for t in w.texts(chat) if t == text) for chat in (WANG, LI, ALICE, BOB, group)
    }
    row = w.one("select sent, failed, status from broadcasts where id=:i", i=broadcast_id)
    print("received per chat:", received, "row:", tuple(row))
    assert received == {WANG: 1, LI: 1, ALICE: 1, BOB: 0, group: 1}
    assert tuple(row) == (4, 0, "done")
    assert w.last_text(WANG) == f"📣 广播 #{broadcast_id} 已完成：送达 4 个会话，失败 0 个。"


async def test_cancelled_broadcast_sends_nothing_and_bad_text_is_refused(aworld):
    w = aworld
    await w.says(WANG, "/start")
    await w.says(LI, "/start")
    await w.says(WANG, "/broadcast")
    assert w.last_text(WANG).startswith("用法：/broadcast")
    await w.says(WANG, "/broadcast " + "很" * 4001)
    assert w.last_text(WANG).startswith("内容太长了")
    await w.says(WANG, "/broadcast 取消的广播")
    preview = w.last(WANG)
    (_, no) = w.buttons(preview)
    await w.press(WANG, WANG, preview, no[1])
    await w.press(WANG, WANG, preview, no[1].replace(":no:", ":go:"), forge=True)
    await w.settle()
    assert w.rows("select status, sent from broadcasts") == [("cancelled", 0)]
    assert "取消的广播" not in w.texts(LI)


async def test_broadcast_resumes_after_a_stop_without_resending(aworld):
    """The mechanism under a restart: the first run stops after 2 chats (or dies in a send),
    another instance carries on from the cursor; every chat gets the text once."""
    w = aworld
    ctx = w.sandbox.ctx
    for user in (WANG, LI, ALICE, BOB):
        await w.says(user, "/start")
    record = admin.new_broadcast(ctx, WANG, "重启测试")
    assert admin.confirm_broadcast(ctx, record.id)
    sent: list[int] = []

    async def run(fn, *args):
        return fn(ctx, *args)

    async def send(chat_id: int, text: str) -> bool:
        sent.append(chat_id)
        return True

    async def dying_send(chat_id: int, text: str) -> bool:
        raise SystemExit("the process died while sending")

    first = await admin.run_broadcasts(ctx, "instance-a", send, run, limit=2)
    assert first == [] and sent == [WANG, LI]
    with pytest.raises(SystemExit):  # instance b claims, then dies in its first send
        await admin.run_broadcasts(ctx, "instance-b", dying_send, run)
    assert await admin.run_broadcasts(ctx, "instance-c", send, run) == []  # b's lease holds
    w.sandbox.clock.advance(admin.LEASE + timedelta(seconds=1))
    (done,) = await admin.run_broadcasts(ctx, "instance-c", send, run)
    print("sent to:", sent, "final row:", done)
    assert sent == [WANG, LI, ALICE, BOB]
    assert (done.status, done.sent, done.failed, done.cursor) == ("done", 4, 0, BOB)
    assert await admin.run_broadcasts(ctx, "instance-d", send, run) == []
    assert sent == [WANG, LI, ALICE, BOB]


async def test_reload_swaps_the_corpus_and_a_broken_one_is_refused(aworld, tmp_path):
    w = aworld
    content = tmp_path / "content"
    shutil.copytree(CORPUS, content)
    w.sandbox.app.bot_data[CONTENT_DIR_KEY] = str(content)
    before = w.sandbox.ctx.corpus
    quiz = content / "curated" / "quiz.yaml"
    entries = quiz.read_text(encoding="utf-8").split("\n- ")
    quiz.write_text("\n- ".join(entries[:-1]) + "\n", encoding="utf-8")  # one question fewer
    await w.says(WANG, "/start")
    await w.says(WANG, "/reload")
    after = w.sandbox.ctx.corpus
    counts = (
        len(after.corpus.excerpts),
        len(after.corpus.quotations),
        len(after.corpus.quiz_items),
    )
    print("before:", len(before.corpus.quiz_items), "questions; after:", counts, w.last_text(WANG))
    assert len(after.corpus.quiz_items) == len(before.corpus.quiz_items) - 1
    assert w.last_text(WANG) == (
        f"🔄 内容已重新加载：摘录 {counts[0]} 段，名言 {counts[1]} 条，题目 {counts[2]} 道。"
    )
    quiz.write_text("- id: [unclosed\n", encoding="utf-8")
    await w.says(WANG, "/reload")
    assert w.last_text(WANG).startswith("内容未能加载，仍使用原来的内容：")
    assert w.sandbox.ctx.corpus is after
    await w.says(WANG, "/quiz")  # the bot still quizzes from the corpus it has
    assert w.open_polls(WANG, WANG)
    await w.says(WANG, "/import")
    assert w.last_text(WANG).startswith("机器人内不执行内容导入")


async def test_deleteme_of_an_administrator_leaves_no_trace_in_broadcasts(aworld):
    w = aworld
    await w.says(WANG, "/start")
    await w.says(LI, "/start")
    await w.says(WANG, "/broadcast 明天停课一天")
    preview = w.last(WANG)
    await w.press(WANG, WANG, preview, w.buttons(preview)[0][1])
    await w.emulator.wait_for(
        lambda: w.rows("select status from broadcasts") == [("done",)], timeout=15
    )
    await w.settle()
    assert w.rows("select created_by from broadcasts") == [(WANG,)]
    await w.says(WANG, "/deleteme")
    await w.press(WANG, WANG, w.last(WANG), f"dm:yes:{WANG}")
    left = w.rows("select created_by, status, sent from broadcasts")
    print("broadcast row after the author's /deleteme:", left)
    assert left == [(None, "done", 2)]
    assert w.rows("select id from learners") == [(LI,)]
