"""The monthly chart: participation and quiz accuracy per week, in percent, as PNG bytes."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.core.evaluation import Lang, WeekPoint
from bot.reports import _fonts
from bot.reports._png import figure_png, new_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes

DPI = 100
FIGSIZE = (8.0, 4.5)
IMAGE_SIZE = (round(FIGSIZE[0] * DPI), round(FIGSIZE[1] * DPI))
PARTICIPATION_COLOUR = "#2da44e"
ACCURACY_COLOUR = "#0969da"

_SERIES = {
    "zh": ("参与率", "答题正确率", "暂无数据", "周（周一）"),
    "en": ("Participation", "Quiz accuracy", "No data", "Week (Monday)"),
}
FALLBACK_TITLE = "Participation and accuracy per week"


def render_participation_chart(points: Sequence[WeekPoint], title: str, lang: Lang = "zh") -> bytes:
    """Two lines (participation, accuracy) in percent per week; weeks without answers leave a gap.

    ``title`` is drawn as given when the installed fonts have its glyphs, else an English title.
    """
    shown = _fonts.label_lang(lang)
    participation_label, accuracy_label, no_data, x_label = _SERIES[shown]
    ordered = sorted(points, key=lambda p: p.week_start)
    fig = new_figure(figsize=FIGSIZE, dpi=DPI)
    ax = fig.add_subplot()
    ax.set_title(_fonts.drawable(title, FALLBACK_TITLE), fontproperties=_fonts.font(12, "bold"))
    ax.set_ylim(0, 105)
    ax.set_ylabel("%")
    ax.grid(axis="y", color="#d0d7de", linewidth=0.6)
    ax.set_xlabel(x_label, fontproperties=_fonts.font(9))
    if not ordered:
        ax.text(
            0.5,
            0.5,
            no_data,
            ha="center",
            va="center",
            transform=ax.transAxes,
            fontproperties=_fonts.font(12),
        )
        ax.set_xticks([])
        return figure_png(fig)
    xs = list(range(len(ordered)))
    part = [p.participation * 100 for p in ordered]
    acc = [math.nan if p.accuracy is None else p.accuracy * 100 for p in ordered]
    ax.plot(xs, part, marker="o", color=PARTICIPATION_COLOUR, label=participation_label)
    ax.plot(xs, acc, marker="s", color=ACCURACY_COLOUR, label=accuracy_label)
    for x, (p_value, a_value) in enumerate(zip(part, acc, strict=True)):
        accuracy_on_top = not math.isnan(a_value) and a_value >= p_value
        _value_label(ax, x, p_value, PARTICIPATION_COLOUR, above=not accuracy_on_top)
        if not math.isnan(a_value):
            _value_label(ax, x, a_value, ACCURACY_COLOUR, above=accuracy_on_top)
    ax.set_xticks(xs, [f"{p.week_start.month}/{p.week_start.day}" for p in ordered])
    ax.set_xlim(-0.5, len(xs) - 0.5)
    ax.legend(loc="lower left", prop=_fonts.font(9), frameon=False)
    fig.tight_layout()
    return figure_png(fig)


def _value_label(ax: Axes, x: int, y: float, colour: str, above: bool) -> None:
    ax.annotate(
        f"{y:.0f}",
        (x, y),
        textcoords="offset points",
        xytext=(0, 6 if above else -13),
        ha="center",
        fontsize=8,
        color=colour,
    )
