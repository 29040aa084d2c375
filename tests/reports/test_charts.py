"""Charts: inline SVG an assistive technology can name, with every text escaped."""
import re
from dataclasses import dataclass

import pytest

from webapp.admin.charts import bar_chart, column_chart, nice_ticks


@dataclass
class Point:
    name: str
    amount: int


def euros(cents: int) -> str:
    return f"€{cents / 100:.2f}"


def test_a_column_chart_draws_a_bar_per_day_with_a_value_and_a_summary():
    svg = column_chart([Point("2026-03-01", 1000), Point("2026-03-02", 0), Point("2026-03-03", 2500)],
                       "name", "amount", "Revenue per day", euros)
    assert svg.startswith('<svg class="chart"')
    assert 'role="img"' in svg
    assert 'aria-label="Revenue per day: 3 bars, total €35.00, highest €25.00 (2026-03-03)."' in svg
    assert svg.count('<rect class="bar"') == 2  # nothing is drawn for a day without sales
    assert "<title>2026-03-03: €25.00</title>" in svg


def test_a_bar_chart_labels_each_bar_and_shows_the_first_ones():
    points = [Point(f"type {number}", 100 - number) for number in range(30)]
    svg = bar_chart(points, "name", "amount", "Revenue by type", limit=5)
    assert svg.count('<rect class="bar"') == 5
    assert ">type 0<" in svg and ">type 5<" not in svg
    assert "The chart shows the first 5 of 30." in svg


def test_labels_are_escaped():
    svg = bar_chart([Point("<script>alert(1)</script>", 5)], "name", "amount", 'Sales "by" <type>')
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg


def test_nothing_to_chart_is_said_in_words():
    assert "nothing to chart" in column_chart([Point("2026-03-01", 0)], "name", "amount", "Revenue")
    assert "nothing to chart" in bar_chart([], "name", "amount", "Revenue")


def test_a_long_label_is_shortened_in_the_chart_but_whole_in_its_tooltip():
    name = "A very long article type name that goes on"
    svg = bar_chart([Point(name, 5)], "name", "amount", "Revenue")
    assert f"<title>{name}: 5</title>" in svg
    assert "…</text>" in svg


@pytest.mark.parametrize(
    ("peak", "ticks"),
    [
        (1, [0, 1]),
        (7, [0, 2, 4, 6, 8]),
        (10, [0, 5, 10]),
        (95, [0, 25, 50, 75, 100]),
        (2500, [0, 1000, 2000, 3000]),
        (123_456, [0, 50_000, 100_000, 150_000]),
    ],
)
def test_the_value_axis_has_round_ticks_from_zero_past_the_peak(peak, ticks):
    assert nice_ticks(peak) == ticks


def test_a_column_chart_has_a_value_axis_with_gridlines_and_labelled_ticks():
    svg = column_chart([Point("2026-03-01", 1000), Point("2026-03-02", 2500)], "name", "amount", "Revenue", euros)
    assert svg.count('<line class="grid"') == 4  # €0, €10, €20, €30
    for label in ("€0.00", "€10.00", "€20.00", "€30.00"):
        assert f'text-anchor="end">{label}</text>' in svg


def test_a_month_of_days_labels_about_a_week_apart_and_always_the_last_day():
    days = [Point(f"2026-03-{day:02d}", day * 100) for day in range(1, 31)]
    svg = column_chart(days, "name", "amount", "Revenue", euros)
    labelled = [day.name for day in days if re.search(f'text-anchor="(middle|end)">{day.name}</text>', svg)]
    assert labelled == ["2026-03-01", "2026-03-06", "2026-03-11", "2026-03-16", "2026-03-21", "2026-03-26",
                        "2026-03-30"]


def test_the_previous_period_is_a_dashed_line_with_a_tooltip_per_day_and_in_the_summary():
    now = [Point("2026-03-01", 1000), Point("2026-03-02", 2500)]
    before = [Point("2026-02-27", 500), Point("2026-02-28", 0)]
    svg = column_chart(now, "name", "amount", "Revenue per day", euros, previous=before)
    assert svg.count('<polyline class="previous"') == 1
    assert svg.count('<circle class="previous-point"') == 2  # a day without sales is a point on zero
    assert "<title>Previous period, 2026-02-27: €5.00</title>" in svg
    assert "Previous period</text>" in svg  # the legend
    assert "Previous period: total €5.00." in svg


def test_without_a_previous_period_there_is_no_second_line():
    svg = column_chart([Point("2026-03-01", 1000)], "name", "amount", "Revenue", euros)
    assert "previous" not in svg


def test_a_bar_chart_has_a_value_axis_with_gridlines():
    svg = bar_chart([Point("Shirts", 95), Point("Shoes", 40)], "name", "amount", "Units by type")
    assert svg.count('<line class="grid"') == 5  # 0, 25, 50, 75, 100
    assert 'text-anchor="middle">100</text>' in svg
