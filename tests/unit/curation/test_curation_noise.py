"""Each removal rule on real lines of the seed document (normalised first, as the build does)."""

from __future__ import annotations

from bot.curation.noise import clean_title, has_placeholder, line_noise, strip_inline
from bot.curation.normalize import normalize_line


def _inline(raw: str) -> tuple[str, list[str]]:
    text, removals = strip_inline(normalize_line(raw))
    return text, [r.reason for r in removals]


def test_page_marker_glued_mid_line_is_removed() -> None:
    assert _inline("第1页/共2页锲而不舍,金石可镂。") == ("锲而不舍，金石可镂。", ["页码标记"])


def test_spaced_page_marker_is_removed() -> None:
    text, reasons = _inline("争当创新型干部。 第 2 页 共 8 页")
    assert text == "争当创新型干部。"
    assert reasons == ["页码标记"]


def test_purchase_notice_and_collection_marker_are_removed() -> None:
    raw = "本文共有10150.5字,如对您有帮助,可购买打赏第一篇:如何树立组工干部新形象党的十七大"
    text, reasons = _inline(raw)
    assert text == "如何树立组工干部新形象党的十七大"
    assert reasons == ["购买打赏提示", "多篇合集标记"]


def test_advert_inserted_mid_sentence_is_removed() -> None:
    raw = "注意倾听工作对象的意见和批评,压滤机滤布厂家及时改进服务方式,以实在的效果取信于民。"
    text, reasons = _inline(raw)
    assert text == "注意倾听工作对象的意见和批评，及时改进服务方式，以实在的效果取信于民。"
    assert reasons == ["广告插入"]


def test_document_site_disclaimers_are_whole_line_noise() -> None:
    for raw in (
        "- 1、下载文档前请自行甄别文档内容的完整性,平台不提供额外的编辑等附加服务。",
        '- 2、"仅部分预览"的文档,不可在线预览部分如存在完整性等问题,可反馈申请退款。',
        "- 3、如文档侵犯您的权益,请联系客服反馈,我们会尽快为您处理(人工客服工作时间:9:00-18:30)。",
    ):
        rule = line_noise(normalize_line(raw))
        assert rule is not None and rule.reason == "文档站免责声明"


def test_slide_deck_debris_is_whole_line_noise() -> None:
    reasons = {
        raw: (rule.reason if (rule := line_noise(normalize_line(raw))) else None)
        for raw in (
            "汇报人: 2024-01-04",
            "目录",
            "• 引言 • 组工干部的形象现状 • 案例分析",
            "01",
            "03",
        )
    }
    assert reasons == {
        "汇报人: 2024-01-04": "幻灯片汇报人",
        "目录": "幻灯片目录",
        "• 引言 • 组工干部的形象现状 • 案例分析": "幻灯片目录",
        "01": "幻灯片编号",
        "03": "幻灯片编号",
    }


def test_prose_is_not_noise() -> None:
    for raw in (
        "公道正派,是指人的言行公平公正,光明磊落。",
        "2.加强工作协作:组织部门的工作需要密切协作。",
    ):
        assert line_noise(normalize_line(raw)) is None
        assert _inline(raw)[1] == []


def test_placeholder_is_detected() -> None:
    assert has_placeholder("这就要求我们组工干部必须经常“三省吾身”,在思想境界XX于常人。")
    assert not has_placeholder("组工干部要有一颗宽容的心。")


def test_site_decorations_are_stripped_from_titles() -> None:
    assert (
        clean_title("最新-争当四个表率 树组工干部良好形象 精品")
        == "争当四个表率 树组工干部良好形象"
    )
    assert clean_title("如何树立组工干部新形象（精选多篇）") == "如何树立组工干部新形象"
