"""The small theme vocabulary shared by excerpts, quotations and quiz items."""

from __future__ import annotations

from collections.abc import Iterable

THEMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("公道正派", ("公道正派", "公正", "正派", "公平", "正气", "正直", "公道")),
    (
        "廉洁自律",
        (
            "廉洁",
            "清正",
            "廉政",
            "腐败",
            "自律",
            "慎独",
            "诱惑",
            "勤廉",
            "拒腐防变",
            "律己",
            "奉公",
            "廉",
        ),
    ),
    ("学习", ("学习", "知识", "读书", "学以致用", "学风", "培训", "学用", "学海", "学如")),
    ("创新", ("创新", "改革", "开拓", "与时俱进", "革故鼎新", "推陈出新", "创造")),
    ("服务", ("服务", "群众", "为民", "人民", "公仆", "民")),
    (
        "用人",
        ("用人", "选人", "人才", "知人善任", "识人", "伯乐", "识才", "荐贤", "千里马", "察吏"),
    ),
    ("作风", ("作风", "务实", "效率", "落实", "实干", "埋头苦干", "脚踏实地", "求真务实")),
    (
        "党性",
        ("党性", "品行", "表率", "修养", "党员", "政治", "品格", "修身", "素养", "境界", "省"),
    ),
    ("团结", ("宽容", "团结", "和谐", "亲和", "真诚", "合作", "协作", "容")),
    ("奉献", ("奉献", "责任", "使命", "孺子牛", "事业心", "生死")),
)
THEME_NAMES: tuple[str, ...] = tuple(name for name, _ in THEMES)
MAX_TAGS = 3


_SEPARATOR = "|"


def _hits(joined: str, keywords: tuple[str, ...]) -> int:
    return sum(joined.count(k) for k in keywords)


def tag_words(words: Iterable[str]) -> tuple[str, ...]:
    """The themes a segmented text is about, the strongest first (at most three).

    Words are joined with a separator so that a keyword only counts inside one word, never across
    a word boundary that jieba found.
    """
    joined = _SEPARATOR.join(words)
    scored = [(name, _hits(joined, keywords)) for name, keywords in THEMES]
    ranked = sorted((s for s in scored if s[1] > 0), key=lambda s: -s[1])
    return tuple(name for name, _ in ranked[:MAX_TAGS])
