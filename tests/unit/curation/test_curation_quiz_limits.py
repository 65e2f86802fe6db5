"""The Telegram quiz-poll limits and well-formedness checks catch every kind of bad item."""

from __future__ import annotations

import dataclasses

import pytest

from bot.corpus.model import QuizItem, QuizKind
from bot.curation.quiz.common import arrange, fit_explanation
from bot.curation.quiz.complete_quote import halves
from bot.curation.quiz.limits import quiz_problems

GOOD = QuizItem(
    id="qz-x",
    kind=QuizKind.COMPLETE_QUOTE,
    question="补全名句：“公生明，____”",
    options=("廉生威", "金石可镂", "始于足下", "不足谋一域"),
    correct_index=0,
    explanation="原句：“公生明，廉生威”（《官箴》）。见《大力弘扬组工精神树好组工干部四种新形象》。",
    article_id="a11",
)


def test_good_item_has_no_problems() -> None:
    assert quiz_problems(GOOD) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"question": "问" * 301}, "question has 301 characters"),
        ({"question": ""}, "question has 0 characters"),
        ({"options": ("廉生威",)}, "1 options"),
        ({"options": tuple(f"选项{i}" for i in range(13))}, "13 options"),
        ({"options": ("廉生威", "长" * 101)}, "has 101 characters"),
        ({"options": ("廉生威", "")}, "has 0 characters"),
        ({"options": ("廉生威", "廉生威")}, "not distinct"),
        ({"correct_index": 4}, "out of range"),
        ({"explanation": "《文》" + "释" * 198}, "explanation has 201 characters"),
        ({"explanation": "《文》\n\n\n"}, "more than 2 line feeds"),
        ({"explanation": "原句如此。"}, "does not cite the article"),
        ({"question": "补全名句：“公生明，____”（廉生威）"}, "answer appears in the question"),
    ],
)
def test_each_violation_is_reported(change: dict[str, object], expected: str) -> None:
    problems = quiz_problems(dataclasses.replace(GOOD, **change))  # type: ignore[arg-type]
    assert any(expected in p for p in problems), problems


def test_arrange_is_deterministic_and_keeps_the_answer() -> None:
    options, index = arrange("廉生威", ["金石可镂", "始于足下"], "seed-1")
    assert options[index] == "廉生威"
    assert arrange("廉生威", ["金石可镂", "始于足下"], "seed-1") == (options, index)
    assert sorted(options) == sorted(["廉生威", "金石可镂", "始于足下"])


def test_explanation_drops_optional_parts_that_would_not_fit() -> None:
    text = fit_explanation("出自《论语·颜渊》。", "见《文》。", "注" * 200)
    assert text == "出自《论语·颜渊》。见《文》。"


def test_quotation_halves() -> None:
    assert halves("其身正，不令而行；其身不正，虽令不从") == (
        "其身正，不令而行",
        "；",
        "其身不正，虽令不从",
    )
    assert halves("公生明，廉生威") == ("公生明", "，", "廉生威")
    assert halves("吾日三省吾身") is None


def test_near_synonyms_are_not_key_term_distractors() -> None:
    from bot.curation.quiz.key_term import _could_also_fit

    assert _could_also_fit("严于律己", "廉洁自律")  # same theme
    assert _could_also_fit("廉洁从政", "廉洁奉公")  # shared part
    assert not _could_also_fit("纲举目张", "廉洁自律")
