"""What is not study material: page markers, site notices, adverts, slide debris, placeholders.

Each rule names why it removes text, so the build summary can say what was removed and why.
Rules run on normalised lines (full-width punctuation, no stray spaces between Chinese).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NoiseRule:
    reason: str
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Removal:
    reason: str
    text: str


INLINE_RULES: tuple[NoiseRule, ...] = (
    NoiseRule("页码标记", re.compile(r"第\s*\d+\s*页\s*[/／]?\s*共\s*\d+\s*页")),
    NoiseRule("购买打赏提示", re.compile(r"本文共有[\d.]+字[，,]?如对您有帮助[，,]?可购买打赏")),
    NoiseRule("多篇合集标记", re.compile(r"第[一二三四五六七八九十]+篇[：:]")),
    NoiseRule("广告插入", re.compile(r"[\u4e00-\u9fff]{2,6}(?:厂家|批发商|供应商)(?:电话)?")),
    NoiseRule("文档日期", re.compile(r"^\d{4}-\d{2}-\d{2}")),
)

LINE_RULES: tuple[NoiseRule, ...] = (
    NoiseRule("文档站免责声明", re.compile(r"^-?\s*\d+、.*(?:下载文档|预览|侵犯|客服|退款)")),
    NoiseRule("幻灯片汇报人", re.compile(r"^汇报人[：:]")),
    NoiseRule("幻灯片目录", re.compile(r"^目录$|^•")),
    NoiseRule("幻灯片编号", re.compile(r"^\d{1,3}$")),
)

PLACEHOLDER = NoiseRule("占位符XX", re.compile(r"X{2,}|x{2,}|某某某"))
TITLE_DECORATION = re.compile(r"^最新[-－—]|\s*精品$|（精选多篇）$|\(精选多篇\)$")


def strip_inline(text: str) -> tuple[str, list[Removal]]:
    """Remove inline noise anywhere in a line, including mid-sentence."""
    removals: list[Removal] = []
    for rule in INLINE_RULES:
        for match in rule.pattern.finditer(text):
            removals.append(Removal(rule.reason, match.group(0)))
        text = rule.pattern.sub("", text)
    return text.strip(), removals


def line_noise(text: str) -> NoiseRule | None:
    """The rule that discards this whole line, if any."""
    return next((rule for rule in LINE_RULES if rule.pattern.search(text)), None)


def has_placeholder(text: str) -> bool:
    return bool(PLACEHOLDER.pattern.search(text))


def clean_title(title: str) -> str:
    """A title without site decorations such as 最新- … 精品 or （精选多篇）."""
    return TITLE_DECORATION.sub("", title.strip()).strip()


def all_noise_patterns() -> tuple[NoiseRule, ...]:
    """Patterns that must never appear in curated text (used by lint)."""
    return (
        *INLINE_RULES[:4],
        *LINE_RULES[:2],
        PLACEHOLDER,
        NoiseRule("截断字符", re.compile("\ufffd")),
    )
