"""The /streak calendar: a GitHub-style grid of the last weeks' study days, as PNG bytes.

Columns are ISO weeks (the last one holds ``today``), rows Monday to Sunday, top to bottom.
A day is *studied* (in ``study_days``), *frozen* (a streak freeze covered it), *missed*
(past or today, neither) or *future* (after ``today``). Today has a dark outline.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from bot.core.evaluation import Lang
from bot.reports import _fonts
from bot.reports._png import figure_png, new_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes

CellState = Literal["studied", "frozen", "missed", "future"]

COLOURS: dict[CellState, str] = {
    "studied": "#2da44e",
    "frozen": "#54aeff",
    "missed": "#e5e7eb",
    "future": "#ffffff",
}
LABELS: dict[Lang, dict[CellState, str]] = {
    "zh": {"studied": "已学习", "frozen": "冻结保护", "missed": "未学习", "future": "未到"},
    "en": {"studied": "studied", "frozen": "frozen", "missed": "missed", "future": "future"},
}
WEEKDAYS: dict[Lang, tuple[str, ...]] = {
    "zh": ("一", "二", "三", "四", "五", "六", "日"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DPI = 100
CELL_INCHES = 0.34
MAX_WEEKS = 53


def cell_state(day: date, study_days: set[date], frozen_days: set[date], today: date) -> CellState:
    if day > today:
        return "future"
    if day in study_days:
        return "studied"
    if day in frozen_days:
        return "frozen"
    return "missed"


def grid_start(today: date, weeks: int) -> date:
    """The Monday of the first column."""
    return today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)


def image_size(weeks: int) -> tuple[int, int]:
    """Pixel size of the PNG for ``weeks`` columns."""
    width_in, height_in = _figsize(weeks)
    return round(width_in * DPI), round(height_in * DPI)


def _figsize(weeks: int) -> tuple[float, float]:
    return max(4.6, 1.0 + CELL_INCHES * weeks), 1.3 + CELL_INCHES * 7


def render_streak_calendar(
    study_days: set[date],
    frozen_days: set[date],
    today: date,
    weeks: int = 8,
    lang: Lang = "zh",
) -> bytes:
    """PNG of the last ``weeks`` weeks (1 to 53). Labels fall back to English without a CJK font."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise ValueError(f"weeks must be between 1 and {MAX_WEEKS}, got {weeks}")
    from matplotlib.patches import Patch, Rectangle

    shown = _fonts.label_lang(lang)
    fig = new_figure(figsize=_figsize(weeks), dpi=DPI)
    ax = fig.add_axes((0.1, 0.22, 0.88, 0.62))
    first = grid_start(today, weeks)
    for column in range(weeks):
        for row in range(7):
            day = first + timedelta(weeks=column, days=row)
            state = cell_state(day, study_days, frozen_days, today)
            is_today = day == today
            ax.add_patch(
                Rectangle(
                    (column + 0.06, row + 0.06),
                    0.88,
                    0.88,
                    facecolor=COLOURS[state],
                    edgecolor="#1f2328" if is_today else "#d0d7de",
                    linewidth=1.6 if is_today else 0.6,
                )
            )
    _axes_labels(ax, first, weeks, shown)
    handles = [
        Patch(facecolor=COLOURS[s], edgecolor="#d0d7de", label=LABELS[shown][s])
        for s in ("studied", "frozen", "missed", "future")
    ]
    fig.legend(
        handles=handles,
        loc="lower center",
        ncol=4,
        frameon=False,
        prop=_fonts.font(8),
        handlelength=1.0,
        columnspacing=1.0,
    )
    title = _title(weeks, shown)
    fig.suptitle(title, fontproperties=_fonts.font(10, "bold"), y=0.97)
    return figure_png(fig)


def _title(weeks: int, lang: Lang) -> str:
    if lang == "zh":
        return "本周学习日历" if weeks == 1 else f"近{weeks}周学习日历"
    return "Study days this week" if weeks == 1 else f"Study days, last {weeks} weeks"


def _axes_labels(ax: Axes, first: date, weeks: int, lang: Lang) -> None:
    ax.set_xlim(0, weeks)
    ax.set_ylim(7, 0)  # Monday on top
    ax.set_aspect("equal")
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.set_yticks([0.5, 2.5, 4.5], [WEEKDAYS[lang][i] for i in (0, 2, 4)])
    for label in ax.get_yticklabels():
        label.set_fontproperties(_fonts.font(8))
    ticks, names = [], []
    for column, month in _month_starts(first, weeks):
        ticks.append(column + 0.5)
        names.append(f"{month}月" if lang == "zh" else EN_MONTHS[month - 1])
    ax.xaxis.tick_top()
    ax.set_xticks(ticks, names)
    for label in ax.get_xticklabels():
        label.set_fontproperties(_fonts.font(8))
    ax.tick_params(length=0, pad=2)


def _month_starts(first: date, weeks: int) -> list[tuple[int, int]]:
    """(column, month) for each column holding a 1st of the month, and for the first column
    when the second one does not start a month (so two labels never collide)."""
    starts = []
    for column in range(weeks):
        monday = first + timedelta(weeks=column)
        firsts = [d for d in (monday + timedelta(days=i) for i in range(7)) if d.day == 1]
        if firsts:
            starts.append((column, firsts[0].month))
    if not any(column in (0, 1) for column, _ in starts):
        starts.insert(0, (0, first.month))
    return starts
