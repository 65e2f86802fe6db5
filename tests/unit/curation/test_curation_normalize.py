"""Character-level cleaning, shown on real lines of the seed document."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from bot.curation.normalize import cut_truncated, fold_radicals, normalize_line


def test_kangxi_radicals_become_ordinary_ideographs() -> None:
    assert normalize_line("组⼯⼲部需树⽴的六种形象") == "组工干部需树立的六种形象"
    assert fold_radicals("⼀⾔⼀⾏") == "一言一行"


def test_full_width_punctuation_is_kept_while_radicals_are_folded() -> None:
    # NFKC over the whole line would turn “，” and “：” into ASCII; only radicals may change.
    line = "同志提出：“不同岗位的⼲部要根据⼯作需要，多读⼏本论著。"
    assert normalize_line(line) == "同志提出：“不同岗位的干部要根据工作需要，多读几本论著。"


def test_ascii_punctuation_inside_chinese_becomes_full_width() -> None:
    assert normalize_line("“公生明,廉生威”。") == "“公生明，廉生威”。"
    assert (
        normalize_line("如何树立组工干部新形象(精选多篇)") == "如何树立组工干部新形象（精选多篇）"
    )
    assert normalize_line("这就要求我们组工干部必须经常“三省吾身”;看天,天蓝") == (
        "这就要求我们组工干部必须经常“三省吾身”；看天，天蓝"
    )


def test_stray_spaces_between_chinese_are_dropped() -> None:
    line = "随着社会的快速发展和信息时代的到 来,人们的思想观念、价值取向和行为方式发生了深刻变化"
    assert normalize_line(line) == (
        "随着社会的快速发展和信息时代的到来，人们的思想观念、价值取向和行为方式发生了深刻变化"
    )


def test_ascii_text_keeps_its_punctuation() -> None:
    assert normalize_line("9:00-18:30") == "9:00-18:30"


def test_truncated_line_is_cut_back_to_the_last_complete_sentence() -> None:
    line = "组工干部要始终坚持公道正派，争当勤政为民的表率。自中央在全国组织系统开展“树组\ufffd"
    assert cut_truncated(line) == "组工干部要始终坚持公道正派，争当勤政为民的表率。"
    assert normalize_line("自中央在全国组织系\ufffd") == ""


def test_truncation_keeps_a_closing_quote() -> None:
    line = "老子讲：“公正无私，可以为天下王。”几千年\ufffd"
    assert cut_truncated(line) == "老子讲：“公正无私，可以为天下王。”"


han = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
pieces = st.lists(st.one_of(han, st.sampled_from(list(",:;?! ⼯⼲⽴，。“”"))), max_size=40)


@given(pieces)
def test_normalising_twice_changes_nothing(chars: list[str]) -> None:
    once = normalize_line("".join(chars))
    assert normalize_line(once) == once


@given(pieces)
def test_no_ascii_punctuation_or_radical_survives_between_chinese(chars: list[str]) -> None:
    text = normalize_line("".join(chars))
    assert not re.search(r"[\u4e00-\u9fff][,:;?!][\u4e00-\u9fff]", text)
    assert not re.search(r"[\u2e80-\u2fdf]", text)
    assert not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", text)
