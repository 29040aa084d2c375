"""Charts drawn on the server as inline SVG: no script (the CSP allows none inline), nothing to download.

Each chart is an image to assistive technology: role="img" with a one-sentence summary as its
name and <title>. The numbers themselves are always in a table next to the chart; the chart
shows their shape, on axes with ticks and gridlines, and each bar or point names its own value
in a <title> (the browser's tooltip on hover). A series of days can carry the period before as a
second, dashed line, day for day. Colours and fonts come from the stylesheet (classes, not inline
styles, which the CSP forbids); the chart is drawn at the size it is shown at on a 1280-pixel
screen, so its 13-pixel labels stay 13 pixels. Functions take any objects and read the label and
value attributes, so templates can pass a report's rows as they are.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from markupsafe import Markup, escape

WIDTH = 720
COLUMN_HEIGHT = 260
# The plot area of a column chart inside WIDTH x COLUMN_HEIGHT: room for the legend above, the
# value ticks on the left and the day ticks below.
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 84, 12, 34, 32
BAR_ROW = 26
LABEL_WIDTH = 190  # room for a label of a horizontal bar
VALUE_WIDTH = 110  # room for the value written after it
AXIS_ROOM = 26  # below the horizontal bars: the value ticks
MAX_LABEL = 26
VALUE_TICKS = 4  # about this many gridlines on the value axis
DAY_TICKS = 7  # at most this many labelled days under a column chart

Formatter = Callable[[int], str]


def column_chart(
    items: Sequence[Any], label: str, value: str, title: str, fmt: Formatter = str,
    previous: Sequence[Any] | None = None,
) -> Markup:
    """Vertical bars in the given order (a series of days), and the period before as a dashed line."""
    points = _points(items, label, value)
    before = _points(previous or [], label, value)[: len(points)]
    peak = max((amount for _name, amount in points + before), default=0)
    if peak <= 0:
        return _nothing(title)
    ticks = nice_ticks(peak)
    plot_width = WIDTH - PLOT_LEFT - PLOT_RIGHT
    baseline = COLUMN_HEIGHT - PLOT_BOTTOM
    step = plot_width / len(points)

    def y_of(amount: int) -> float:
        return baseline - amount / ticks[-1] * (baseline - PLOT_TOP)

    body = [_value_grid(ticks, y_of, fmt)]
    for index, (name, amount) in enumerate(points):
        if amount <= 0:
            continue
        top = y_of(amount)
        body.append(
            f'<rect class="bar" x="{PLOT_LEFT + index * step + step * 0.1:.1f}" y="{top:.1f}" '
            f'width="{max(step * 0.8, 1):.1f}" height="{max(baseline - top, 1.0):.1f}">'
            f"<title>{escape(name)}: {escape(fmt(amount))}</title></rect>"
        )
    if before:
        body.append(_previous_line(before, step, y_of, fmt))
    body.append(_day_ticks([name for name, _amount in points], step, baseline))
    body.append(
        f'<line class="axis" x1="{PLOT_LEFT}" y1="{PLOT_TOP}" x2="{PLOT_LEFT}" y2="{baseline}"/>'
        f'<line class="axis" x1="{PLOT_LEFT}" y1="{baseline}" x2="{WIDTH - PLOT_RIGHT}" y2="{baseline}"/>'
    )
    body.append(_legend(bool(before)))
    summary = _summary(title, points, fmt)
    if before:
        summary += f" Previous period: total {fmt(sum(amount for _name, amount in before))}."
    return _svg(COLUMN_HEIGHT, summary, "".join(body))


def bar_chart(
    items: Sequence[Any], label: str, value: str, title: str, fmt: Formatter = str, limit: int = 20
) -> Markup:
    """Horizontal labelled bars, in the given order (largest first): a breakdown. Shows the first `limit`."""
    points = _points(items, label, value)
    peak = max((amount for _name, amount in points), default=0)
    if peak <= 0:
        return _nothing(title)
    shown = points[:limit]
    ticks = nice_ticks(peak)
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bottom = len(shown) * BAR_ROW + 4

    def x_of(amount: int) -> float:
        return LABEL_WIDTH + amount / ticks[-1] * room

    rows = []
    for tick in ticks:
        x = x_of(tick)
        rows.append(
            f'<line class="grid" x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{bottom}"/>'
            f'<text class="tick" x="{x:.1f}" y="{bottom + 18}" text-anchor="middle">{escape(fmt(tick))}</text>'
        )
    for index, (name, amount) in enumerate(shown):
        y = index * BAR_ROW + 4
        length = max(x_of(amount) - LABEL_WIDTH, 1.0) if amount > 0 else 0.0
        short = name if len(name) <= MAX_LABEL else name[: MAX_LABEL - 1] + "…"
        rows.append(
            f'<text class="label" x="{LABEL_WIDTH - 8}" y="{y + 16}" text-anchor="end">{escape(short)}</text>'
            f'<rect class="bar" x="{LABEL_WIDTH}" y="{y + 3}" width="{length:.1f}" height="{BAR_ROW - 6}">'
            f"<title>{escape(name)}: {escape(fmt(amount))}</title></rect>"
            f'<text class="value" x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 16}">{escape(fmt(amount))}</text>'
        )
    rows.append(f'<line class="axis" x1="{LABEL_WIDTH}" y1="0" x2="{LABEL_WIDTH}" y2="{bottom}"/>')
    summary = _summary(title, points, fmt)
    if len(points) > limit:
        summary += f" The chart shows the first {limit} of {len(points)}."
    return _svg(bottom + AXIS_ROOM, summary, "".join(rows))


def nice_ticks(peak: int, count: int = VALUE_TICKS) -> list[int]:
    """Round values from 0 to at least `peak`: about `count` whole steps of 1, 2, 2.5 or 5 times a power of ten."""
    rough = max(peak / count, 1)
    power = 10 ** math.floor(math.log10(rough))
    # Whole steps only: counts and cents have no fractions (2.5 x 1 would be a tick at 2.5 orders).
    step = int(next(power * factor for factor in (1, 2, 2.5, 5, 10)
                    if power * factor >= rough and float(power * factor).is_integer()))
    return [step * index for index in range(math.ceil(peak / step) + 1)]


def _value_grid(ticks: list[int], y_of: Callable[[int], float], fmt: Formatter) -> str:
    lines = []
    for tick in ticks:
        y = y_of(tick)
        lines.append(
            f'<line class="grid" x1="{PLOT_LEFT}" y1="{y:.1f}" x2="{WIDTH - PLOT_RIGHT}" y2="{y:.1f}"/>'
            f'<text class="tick" x="{PLOT_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(fmt(tick))}</text>'
        )
    return "".join(lines)


def _day_ticks(names: list[str], step: float, baseline: float) -> str:
    """A tick and a label under every n-th bar, so that at most DAY_TICKS labels share the axis (the last one too)."""
    every = math.ceil(len(names) / DAY_TICKS)
    indices = list(range(0, len(names), every))
    last = len(names) - 1
    if indices[-1] != last:
        # The last day is always labelled; the regular one before it goes when the two would touch.
        indices = [*indices, last] if last - indices[-1] >= every / 2 else [*indices[:-1], last]
    marks = []
    for index in indices:
        x = PLOT_LEFT + (index + 0.5) * step
        # The last label ends at the plot's edge rather than running past the picture's.
        anchor, text_x = ("end", WIDTH - PLOT_RIGHT) if index == last and len(names) > 1 else ("middle", x)
        marks.append(
            f'<line class="axis" x1="{x:.1f}" y1="{baseline}" x2="{x:.1f}" y2="{baseline + 5}"/>'
            f'<text class="tick" x="{text_x:.1f}" y="{baseline + 20}" text-anchor="{anchor}">'
            f"{escape(names[index])}</text>"
        )
    return "".join(marks)


def _previous_line(before: list[tuple[str, int]], step: float, y_of: Callable[[int], float], fmt: Formatter) -> str:
    """The period before, day for day under this one's bars: a dashed line with a point (and tooltip) per day."""
    coordinates = [(PLOT_LEFT + (index + 0.5) * step, y_of(amount)) for index, (_name, amount) in enumerate(before)]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates)
    dots = "".join(
        f'<circle class="previous-point" cx="{x:.1f}" cy="{y:.1f}" r="3">'
        f"<title>Previous period, {escape(name)}: {escape(fmt(amount))}</title></circle>"
        for (x, y), (name, amount) in zip(coordinates, before, strict=True)
    )
    return f'<polyline class="previous" points="{line}"/>{dots}'


def _legend(with_previous: bool) -> str:
    legend = (f'<rect class="legend-bar" x="{PLOT_LEFT}" y="8" width="14" height="14"/>'
              f'<text class="label" x="{PLOT_LEFT + 20}" y="20">This period</text>')
    if with_previous:
        x = PLOT_LEFT + 130
        legend += (f'<line class="previous" x1="{x}" y1="15" x2="{x + 24}" y2="15"/>'
                   f'<text class="label" x="{x + 30}" y="20">Previous period</text>')
    return legend


def _points(items: Sequence[Any], label: str, value: str) -> list[tuple[str, int]]:
    return [(str(getattr(item, label)), int(getattr(item, value))) for item in items]


def _summary(title: str, points: list[tuple[str, int]], fmt: Formatter) -> str:
    name, amount = max(points, key=lambda point: point[1])
    total = sum(value for _name, value in points)
    return f"{title}: {len(points)} bars, total {fmt(total)}, highest {fmt(amount)} ({name})."


def _svg(height: int, summary: str, body: str) -> Markup:
    return Markup(  # noqa: S704 - every piece of text in body and summary is escaped above
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-label="{escape(summary)}">'
        f"<title>{escape(summary)}</title>{body}</svg>"
    )


def _nothing(title: str) -> Markup:
    return Markup('<p class="muted chart-empty">{}: nothing to chart in this range.</p>').format(title)
