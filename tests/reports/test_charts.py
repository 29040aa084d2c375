"""Charts: inline SVG an assistive technology can name, with every text escaped."""
from dataclasses import dataclass

from webapp.admin.charts import bar_chart, column_chart


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
