"""Attributions come from the checked table, not from the article's claim."""

from __future__ import annotations

from bot.curation.classics import ClassicsTable
from bot.curation.cleaning import CleanArticle, Sentence
from bot.curation.quotations import QuotationCollector


def _collect(classics: ClassicsTable, *sentences: str) -> dict[str, str | None]:
    article = CleanArticle("a11", "t", "p", [Sentence(s, 0) for s in sentences])
    article.text = "".join(sentences)
    collector = QuotationCollector(classics, lambda _: ("党性",))
    collector.collect(article)
    return {f.quotation.text: f.quotation.attribution for f in collector.found}


def test_article_claim_is_corrected_against_the_classical_source(classics: ClassicsTable) -> None:
    found = _collect(
        classics, "老子讲：“公正无私，可以为天下王。”《论语·为政》讲：“政者，正也”、“官正而国治”。"
    )
    assert found == {
        "公正无私，可以为天下王": None,
        "政者，正也": "《论语·颜渊》",
        "官正而国治": None,
    }


def test_known_lines_get_their_source_and_canonical_wording(classics: ClassicsTable) -> None:
    found = _collect(
        classics,
        "二、自正其身，廉洁自律，树公道正派的组工干部形象“其身正，不令而行；其身不正，虽令不从”。",
        "古人说：“志之难也，非在胜人，在自胜。”",
        "“书山有路勤为径，学海无涯苦做舟”，组工干部要时刻增强学习的紧迫感。",
    )
    assert found == {
        "其身正，不令而行；其身不正，虽令不从": "《论语·子路》",
        "志之难也，不在胜人，在自胜": "《韩非子·喻老》",
        "书山有路勤为径，学海无涯苦作舟": "韩愈（相传）",
    }


def test_a_speaker_named_by_the_text_is_the_attribution(classics: ClassicsTable) -> None:
    found = _collect(
        classics, "胡锦涛同志明确指出：“把组织部门建设成为党性最强、作风最正、工作出色的部门。”"
    )
    assert found == {"把组织部门建设成为党性最强、作风最正、工作出色的部门": "胡锦涛"}


def test_slogans_and_lists_in_quotes_are_not_quotations(classics: ClassicsTable) -> None:
    found = _collect(
        classics,
        "严格按照“对己清正、对人公正、对内严格、对外平等”的总要求。",
        "在围绕“打造四型部门，树好四种新形象”上下功夫。",
    )
    assert found == {}


def test_misattributing_sentence_is_recognised(classics: ClassicsTable) -> None:
    assert classics.misattributes("《论语·为政》讲：“政者，正也”") is not None
    assert classics.misattributes("古人说：“志之难也，非在胜人，在自胜。”") is None
    assert classics.misattributes("“公生明，廉生威”。") is None


def test_distractor_pool_never_holds_the_answer(classics: ClassicsTable) -> None:
    for line in classics.lines:
        if line.attribution:
            pool = classics.pool(line)
            assert line.attribution not in pool
            assert not set(line.avoid) & set(pool)
