"""/quiz in private: native quiz polls, one after another, the result, the study day, review."""

from __future__ import annotations

import json
from datetime import timedelta

from spec_check import ALICE, WANG

ANSWERS = {  # question → index of the right option, from the fixture corpus
    "公生明，____": 0,
    "“其身正，不令而行”出自哪部典籍？": 0,
    "组工干部要争当提高素质的____。": 1,
    "“四可”形象中不包括哪一项？": 3,
    "创新发展是我们党保持生机与活力的____。": 1,
    "公道正派是组织工作的旗帜和____。": 0,
}


def _item_of(world, poll_id):
    return world.one("select item_id from quiz_polls where poll_id=:p", p=poll_id)[0]


async def test_private_quiz_sends_native_quiz_polls_one_after_another(world):
    await world.says(WANG, "/start")
    await world.says(WANG, "/quiz")
    assert world.texts(WANG)[-2] == "📝 今日小测验，共 3 题。直接在投票里选择答案。"
    requests = world.emulator.requests_for("sendPoll")
    assert len(requests) == 1
    params = requests[0].params
    assert params["type"] == "quiz"
    assert "correct_option_id" not in params  # deprecated since Bot API 9.6
    assert (
        json.loads(params["correct_option_ids"])
        if isinstance(params["correct_option_ids"], str)
        else params["correct_option_ids"]
    )
    assert params["is_anonymous"] in (False, "false")
    options = (
        params["options"]
        if not isinstance(params["options"], str)
        else json.loads(params["options"])
    )
    assert len(options) == 4
    polls = world.open_polls(WANG, WANG)
    assert len(polls) == 1
    poll = polls[0]
    item = _item_of(world, poll.id)
    assert poll.question.startswith("第 1/3 题：")
    bare = poll.question.removeprefix("第 1/3 题：")
    assert poll.correct_option_ids == [ANSWERS[bare]], (poll.question, poll.correct_option_ids)
    assert poll.explanation == "出自《组工干部如何树立新形象》"
    assert not poll.is_anonymous
    assert item.startswith("qz-")
    # each answer brings the next question; after the third, the result
    world.emulator.user_answers_poll(WANG, poll.id, [ANSWERS[bare]])
    await world.settle()
    assert len(world.emulator.requests_for("sendPoll")) == 2
    answered = 1 + await world.actor.answers_open_polls(WANG, WANG, [False, True])
    assert answered == 3
    assert len(world.emulator.requests_for("sendPoll")) == 3
    result = world.last_text(WANG)
    assert result.startswith("🎯 测验完成：答对 2/3\n🔥 连续学习：0 天\n🔁 待复习的题目：1 道\n")
    assert result.endswith("还差：阅读今日材料（/today）")
    answers = world.rows("select correct from quiz_answers where learner_id=:u order by id", u=WANG)
    assert [a[0] for a in answers] == [1, 0, 1]
    day = world.one(
        "select answers, correct, read, counted from study_days where learner_id=:u", u=WANG
    )
    assert tuple(day) == (3, 2, 0, 0)  # not read yet: not a study day


async def test_study_day_completes_after_reading_and_three_answers(world):
    await world.says(WANG, "/start")
    await world.jump_to_push()
    push = world.last(WANG)
    await world.press(WANG, WANG, push, world.buttons(push)[0][1])
    await world.press(WANG, WANG, push, "qz")  # the quiz button starts the quiz
    assert await world.actor.answers_open_polls(WANG, WANG, True) == 3
    result = world.last_text(WANG)
    assert (
        result == "🎯 测验完成：答对 3/3\n🔥 连续学习：1 天\n🔁 待复习的题目：0 道\n"
        "✅ 今天的学习日已完成！"
    )
    day = world.one(
        "select read, answers, correct, counted from study_days where learner_id=:u", u=WANG
    )
    assert tuple(day) == (1, 3, 3, 1)
    assert world.one("select current, total from streaks where learner_id=:u", u=WANG) == (1, 1)
    await world.says(WANG, "/streak")
    photo = world.emulator.requests_for("sendPhoto")
    assert len(photo) == 1 and photo[0].files
    caption = world.last_text(WANG)
    assert caption.startswith(
        "🔥 连续学习：1 天\n🏆 最长连续：1 天\n📅 累计学习日：1 天\n🧊 补学卡：0 张"
    )
    assert "✅ 今天的学习日已完成！" in caption and caption.endswith("最近 8 周的学习日")
    assert world.emulator.sent_messages(WANG)[-1].get("photo")


async def test_wrong_answer_comes_back_first_in_a_later_quiz(world):
    await world.says(WANG, "/start")
    await world.says(WANG, "/quiz")
    first_items: list[str] = []
    await world.actor.answers_open_polls(
        WANG,
        WANG,
        [False, True, True],
        lambda poll, choice: first_items.append(_item_of(world, poll.id)),
    )
    assert len(first_items) == 3
    wrong = first_items[0]
    await world.jump(timedelta(days=1, hours=1))
    await world.says(WANG, "/quiz")
    second_items: list[str] = []
    await world.actor.answers_open_polls(
        WANG, WANG, True, lambda poll, choice: second_items.append(_item_of(world, poll.id))
    )
    assert second_items[0] == wrong
    assert len(second_items) == 3
    card = world.one(
        "select lapses from review_cards where learner_id=:u and item_id=:i", u=WANG, i=wrong
    )
    assert card[0] >= 1


async def test_quiz_in_english_for_english_users(world):
    await world.says(ALICE, "/start")
    await world.says(ALICE, "/quiz")
    assert world.texts(ALICE)[-2].startswith("📝 Today's quiz: 3 questions")
    assert world.open_polls(ALICE, ALICE)[0].question.startswith("Q1/3: ")
    await world.actor.answers_open_polls(ALICE, ALICE, True)
    assert "Quiz done" in world.last_text(ALICE) and "3/3" in world.last_text(ALICE)
