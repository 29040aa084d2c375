"""Charts drawn on the server as inline SVG: no script (the CSP allows none inline), nothing to download.

Each chart is an image to assistive technology: role="img" with a one-sentence summary as its
name and <title>. The numbers themselves are always in a table next to the chart; the chart
only shows their shape. Colours and fonts come from the stylesheet (classes, not inline styles,
which the CSP forbids). Functions take any objects and read the label and value attributes,
so templates can pass a report's rows as they are.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from markupsafe import Markup, escape

WIDTH = 720
COLUMN_HEIGHT = 200
BAR_ROW = 22
LABEL_WIDTH = 190  # room for a label of a horizontal bar
VALUE_WIDTH = 110  # room for the value written after it
MAX_LABEL = 26

Formatter = Callable[[int], str]


def column_chart(items: Sequence[Any], label: str, value: str, title: str, fmt: Formatter = str) -> Markup:
    """Vertical bars in the given order (a series of days): the range's shape at a glance."""
    points = _points(items, label, value)
    peak = max((amount for _name, amount in points), default=0)
    if peak <= 0:
        return _nothing(title)
    top, bottom = 18, 20
    plot = COLUMN_HEIGHT - top - bottom
    step = WIDTH / len(points)
    bars = []
    for index, (name, amount) in enumerate(points):
        if amount <= 0:
            continue
        height = max(1.0, amount / peak * plot)
        bars.append(
            f'<rect class="bar" x="{index * step + step * 0.1:.1f}" y="{top + plot - height:.1f}" '
            f'width="{max(step * 0.8, 1):.1f}" height="{height:.1f}"><title>{escape(name)}: {escape(fmt(amount))}'
            "</title></rect>"
        )
    baseline = top + plot
    body = (
        f'<line class="axis" x1="0" y1="{top}" x2="{WIDTH}" y2="{top}"/>'
        f'<text class="tick" x="2" y="{top - 5}">{escape(fmt(peak))}</text>'
        f'<line class="axis" x1="0" y1="{baseline}" x2="{WIDTH}" y2="{baseline}"/>'
        + "".join(bars)
        + f'<text class="tick" x="2" y="{COLUMN_HEIGHT - 5}">{escape(points[0][0])}</text>'
        f'<text class="tick" x="{WIDTH - 2}" y="{COLUMN_HEIGHT - 5}" text-anchor="end">{escape(points[-1][0])}</text>'
    )
    return _svg(COLUMN_HEIGHT, _summary(title, points, fmt), body)


def bar_chart(
    items: Sequence[Any], label: str, value: str, title: str, fmt: Formatter = str, limit: int = 20
) -> Markup:
    """Horizontal labelled bars, in the given order (largest first): a breakdown. Shows the first `limit`."""
    points = _points(items, label, value)
    peak = max((amount for _name, amount in points), default=0)
    if peak <= 0:
        return _nothing(title)
    shown = points[:limit]
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    rows = []
    for index, (name, amount) in enumerate(shown):
        y = index * BAR_ROW + 4
        length = max(amount / peak * room, 1.0) if amount > 0 else 0.0
        short = name if len(name) <= MAX_LABEL else name[: MAX_LABEL - 1] + "…"
        rows.append(
            f'<text class="label" x="{LABEL_WIDTH - 8}" y="{y + 14}" text-anchor="end">{escape(short)}</text>'
            f'<rect class="bar" x="{LABEL_WIDTH}" y="{y + 3}" width="{length:.1f}" height="{BAR_ROW - 6}">'
            f"<title>{escape(name)}: {escape(fmt(amount))}</title></rect>"
            f'<text class="value" x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 14}">{escape(fmt(amount))}</text>'
        )
    summary = _summary(title, points, fmt)
    if len(points) > limit:
        summary += f" The chart shows the first {limit} of {len(points)}."
    return _svg(len(shown) * BAR_ROW + 8, summary, "".join(rows))


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
