"""Article-level cleaning: title repeats, broken lines, duplicates, placeholders, redactions."""

from __future__ import annotations

from bot.curation.cleaning import clean_article, strip_title_repeats
from bot.curation.sentences import join_broken_lines, split_sentences
from bot.curation.sources import SourceDoc
from bot.curation.spinner import SpinnerTable


def _clean(body: str, table: SpinnerTable, title: str = "组工干部需树立的六种形象"):  # type: ignore[no-untyped-def]
    return clean_article(SourceDoc("a99", title, "test", body), table, [])


def test_title_repeated_twice_and_its_tail_are_removed() -> None:
    line = (
        "关于树立组工干部新形象的学习心得树立组工干部新形象的学习心得作为一名担任组织工作的干部，"
        "在日常的工作中，我们既要履行好自己的职责。"
    )
    text, count = strip_title_repeats(line, "关于树立组工干部新形象的学习心得")
    assert text.startswith("作为一名担任组织工作的干部")
    assert count == 2


def test_title_with_quotes_and_a_page_number_is_removed() -> None:
    line = "争当“四个表率”树组工干部良好形象1争当“四个表率”树组工干部良好形象最近一段时间，中组部"
    text, _ = strip_title_repeats(line, "争当四个表率树组工干部良好形象")
    assert text == "最近一段时间，中组部"


def test_line_broken_mid_word_is_joined() -> None:
    lines = [
        "组织部长要身先士卒，靠自身良好形象来作为表",
        "率，要认识到党和人民赋予的权力，是一种信任。",
    ]
    assert join_broken_lines(lines) == [
        "组织部长要身先士卒，靠自身良好形象来作为表率，要认识到党和人民赋予的权力，是一种信任。"
    ]


def test_quotation_broken_over_lines_is_joined_and_kept_whole() -> None:
    lines = [
        "胡锦涛同志十分重视这个问题，他指出：“衡量一个组织人事干部是否合格，首先要看他是否公道正派，实事求是。",
        "干部群众看组织部门的形象，也是首先看这一条。",
        "”组工干部树立公道正派形象的立足点就是坚定的政治立场。",
    ]
    joined = join_broken_lines(lines)
    assert len(joined) == 1
    first, second = split_sentences(joined[0])
    assert first.endswith("也是首先看这一条。”")
    assert second.startswith("组工干部树立")


def test_heading_lines_are_not_joined_to_prose() -> None:
    lines = [
        "打造“正气型”组织部门，树立公道正派、知人善任的可信形象",
        "新时期我们党赋予公道正派全新内涵",
    ]
    assert join_broken_lines(lines) == lines


def test_duplicated_paragraph_is_dropped(spinner_table: SpinnerTable) -> None:
    body = (
        "组⼯⼲部需树⽴的六种形象2019-05-17组⼯⼲部的作风如何,对组⼯⼲部的形象有着⼗分重要的影响。"
        "要真正转变作风,树⽴公道正派的良好形象,必须以建设“理性组⼯、⼈⽂组⼯”为⽬标,求真务实,狠抓落实。\n"
        "按照作风建设总体要求,作为组⼯⼲部,要真正转变作风,树⽴公道正派的良好形象,"
        "必须以建设“理性组⼯、⼈⽂组⼯”为⽬标,求真务实,狠抓落实。"
    )
    article = _clean(body, spinner_table)
    assert [s.text for s in article.sentences] == [
        "组工干部的作风如何，对组工干部的形象有着十分重要的影响。",
        "要真正转变作风，树立公道正派的良好形象，必须以建设“理性组工、人文组工”为目标，求真务实，狠抓落实。",
    ]
    assert [r.reason for r in article.removals] == ["重复标题", "重复段落"]


def test_sentence_with_placeholder_is_dropped(spinner_table: SpinnerTable) -> None:
    body = (
        "一、思想境界要高人一层。\n"
        "组工干部是“管干部”的干部,这就要求我们组工干部必须经常“三省吾身”,在思想境界XX于常人。\n"
        "一要学会进取。"
    )
    article = _clean(body, spinner_table, "如何正确树立组工干部的新形象")
    assert all("XX" not in s.text for s in article.sentences)
    assert "占位符XX" in [r.reason for r in article.removals]


def test_quote_with_redacted_speaker_is_dropped(spinner_table: SpinnerTable) -> None:
    body = "同志提出:“不同岗位的⼲部要根据⼯作需要,多读⼏本论著。\n”组⼯⼲部尤其应该这样。"
    article = _clean(body, spinner_table)
    assert not any("同志提出" in s.text for s in article.sentences)
    assert "讲话人姓名缺失" in [r.reason for r in article.removals]


def test_inline_heading_glued_to_its_repeat_is_collapsed(spinner_table: SpinnerTable) -> None:
    body = "二、树立组织部门的新形象树立组织部门的新形象可以从三个方面来展开:1.注重创新研究。"
    article = _clean(body, spinner_table, "树立组织部门和组工干部的新形象")
    assert [s.text for s in article.sentences] == [
        "二、树立组织部门的新形象可以从三个方面来展开：1.注重创新研究。"
    ]
    assert "重复标题" in [r.reason for r in article.removals]
