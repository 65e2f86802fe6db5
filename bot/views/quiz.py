"""Quiz polls and quiz results as Telegram shows them."""

from __future__ import annotations

from typing import Any, cast

from telegram import Bot, Message
from telegram.constants import PollType

from bot.corpus.model import QuizItem
from bot.i18n import t
from bot.services.progress import DayStatus
from bot.services.quiz import QuizResult, poll_question

EXPLANATION_LIMIT = 200


async def send_quiz_poll(
    bot: Bot,
    chat_id: int,
    item: QuizItem,
    *,
    number: int,
    total: int,
    lang: str,
    open_period: int | None = None,
) -> Message:
    """A native quiz poll: not anonymous (so answers reach us), explanation citing the source."""
    return await bot.send_poll(
        chat_id=chat_id,
        question=poll_question(item, number, total, t(lang, "quiz.question_prefix")),
        options=list(item.options),
        type=PollType.QUIZ,
        correct_option_ids=[cast(Any, item.correct_index)],  # PTB types it as a Literal 0-11
        is_anonymous=False,
        explanation=item.explanation[:EXPLANATION_LIMIT] or None,
        open_period=open_period,
    )


def today_status_text(status: DayStatus, lang: str) -> str:
    if status.counted:
        return t(lang, "studyday.done")
    missing = []
    if status.missing.reading:
        missing.append(t(lang, "studyday.missing.reading"))
    if status.missing.answers:
        missing.append(t(lang, "studyday.missing.answers", n=status.missing.answers))
    separator = "；" if lang == "zh" else "; "
    return t(lang, "studyday.missing", missing=separator.join(missing))


def result_text(result: QuizResult, lang: str) -> str:
    return t(
        lang,
        "quiz.result",
        correct=result.correct,
        total=result.total,
        streak=result.status.streak.current,
        due=result.due_for_review,
        today_status=today_status_text(result.status, lang),
    )


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"
