"""The PNG calendar and chart: signature, size, colours drawn, no warnings, no pyplot."""

from __future__ import annotations

import io
import subprocess
import sys
import warnings
from datetime import date, timedelta

import pytest
from PIL import Image

from bot.core.evaluation import WeekPoint
from bot.reports import _fonts
from bot.reports._png import PNG_SIGNATURE
from bot.reports.calendar import (
    COLOURS,
    cell_state,
    grid_start,
    image_size,
    render_streak_calendar,
)
from bot.reports.chart import (
    ACCURACY_COLOUR,
    IMAGE_SIZE,
    PARTICIPATION_COLOUR,
    render_participation_chart,
)

TODAY = date(2026, 11, 25)  # a Wednesday


def rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def count(png: bytes, colour: str) -> int:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(n for n, c in image.getcolors(maxcolors=1_000_000) or [] if c == rgb(colour))


# ------------------------------------------------------------------ calendar rules


def test_grid_starts_on_the_monday_weeks_back() -> None:
    assert grid_start(TODAY, 8) == date(2026, 10, 5)
    assert grid_start(TODAY, 1) == date(2026, 11, 23)


def test_cell_states() -> None:
    studied, frozen = {TODAY - timedelta(days=1)}, {TODAY - timedelta(days=2)}
    assert cell_state(TODAY - timedelta(days=1), studied, frozen, TODAY) == "studied"
    assert cell_state(TODAY - timedelta(days=2), studied, frozen, TODAY) == "frozen"
    assert cell_state(TODAY, studied, frozen, TODAY) == "missed"
    assert cell_state(TODAY + timedelta(days=1), {TODAY + timedelta(days=1)}, set(), TODAY) == (
        "future"
    )


# ------------------------------------------------------------------ calendar picture


def test_calendar_is_a_png_of_the_expected_size() -> None:
    png = render_streak_calendar(set(), set(), TODAY)
    assert png.startswith(PNG_SIGNATURE)
    assert Image.open(io.BytesIO(png)).size == image_size(8) == (460, 368)
    wide = render_streak_calendar(set(), set(), TODAY, weeks=20)
    assert Image.open(io.BytesIO(wide)).size == image_size(20)
    assert image_size(20)[0] > image_size(8)[0]


def test_study_and_frozen_days_are_drawn() -> None:
    empty = render_streak_calendar(set(), set(), TODAY)
    studied_days = {TODAY - timedelta(days=i) for i in range(10)}
    studied = render_streak_calendar(studied_days, set(), TODAY)
    frozen = render_streak_calendar(set(), {TODAY - timedelta(days=3)}, TODAY)
    assert empty != studied != frozen
    # the legend holds one swatch of each colour; cells add to it
    legend_green = count(empty, COLOURS["studied"])
    assert count(studied, COLOURS["studied"]) > legend_green * 5
    assert count(frozen, COLOURS["frozen"]) > count(empty, COLOURS["frozen"])
    # days outside the grid are not drawn
    long_ago = render_streak_calendar({TODAY - timedelta(weeks=30)}, set(), TODAY)
    assert long_ago == empty


def test_calendar_is_deterministic() -> None:
    days = {TODAY - timedelta(days=i) for i in range(0, 40, 3)}
    assert render_streak_calendar(days, set(), TODAY) == render_streak_calendar(days, set(), TODAY)


@pytest.mark.parametrize("weeks", [0, 54])
def test_calendar_rejects_bad_week_counts(weeks: int) -> None:
    with pytest.raises(ValueError, match="weeks"):
        render_streak_calendar(set(), set(), TODAY, weeks=weeks)


# ------------------------------------------------------------------ chart


def month_points() -> list[WeekPoint]:
    return [
        WeekPoint(date(2026, 11, 2), 0.5, 0.8),
        WeekPoint(date(2026, 11, 9), 0.75, None),  # no answers that week
        WeekPoint(date(2026, 11, 16), 1.0, 0.6),
    ]


def test_chart_is_a_png_with_both_series() -> None:
    png = render_participation_chart(month_points(), "学习小组 · 2026年11月")
    assert png.startswith(PNG_SIGNATURE)
    assert Image.open(io.BytesIO(png)).size == IMAGE_SIZE == (800, 450)
    assert count(png, PARTICIPATION_COLOUR) > 200
    assert count(png, ACCURACY_COLOUR) > 200
    empty = render_participation_chart([], "学习小组")
    assert empty.startswith(PNG_SIGNATURE)
    assert count(empty, PARTICIPATION_COLOUR) == 0


def test_chart_depends_on_the_data() -> None:
    points = month_points()
    other = [*points[:2], WeekPoint(date(2026, 11, 16), 0.1, 0.6)]
    assert render_participation_chart(points, "t") != render_participation_chart(other, "t")
    shuffled = [points[2], points[0], points[1]]
    assert render_participation_chart(points, "t") == render_participation_chart(shuffled, "t")


# ------------------------------------------------------------------ fonts and imports


def test_no_glyph_warnings_with_chinese_labels() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        render_streak_calendar({TODAY}, set(), TODAY, lang="zh")
        render_participation_chart(month_points(), "学习小组 · 2026年11月", lang="zh")
    assert [str(w.message) for w in caught] == []


def test_labels_fall_back_to_english_without_a_cjk_font() -> None:
    if _fonts.cjk_family() is None:
        assert _fonts.label_lang("zh") == "en"
        assert _fonts.drawable("学习小组", "fallback") == "fallback"
    else:
        assert _fonts.label_lang("zh") == "zh"
        assert _fonts.drawable("学习小组", "fallback") == "学习小组"
    assert _fonts.drawable("Week 47 – 2026", "fallback") == "Week 47 – 2026"
    assert _fonts.label_lang("en") == "en"


def test_bot_can_import_reports_without_matplotlib_and_renders_without_pyplot() -> None:
    code = (
        "import sys\n"
        "import bot.core.evaluation, bot.reports, bot.reports.text, bot.reports.calendar\n"
        "import bot.reports.chart, bot.reports.export\n"
        "assert 'matplotlib' not in sys.modules and 'openpyxl' not in sys.modules\n"
        "from datetime import date\n"
        "from bot.reports.calendar import render_streak_calendar as draw\n"
        "draw({date(2026, 11, 2)}, set(), date(2026, 11, 3))\n"
        "assert 'matplotlib' in sys.modules and 'matplotlib.pyplot' not in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
