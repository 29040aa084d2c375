"""What the admin templates share: charts, date-range presets and amounts as text for chart labels.

Globals rather than context, so that imported macros (templates/admin/_tables.html) see them too.
"""
from __future__ import annotations

from collections.abc import Mapping

from flask import Flask, current_app, request, url_for

from webapp.admin import charts
from webapp.services.reports.date_ranges import DateRange

# Quick choices beside every date range form: (label, days ending today).
PRESETS: tuple[tuple[str, int], ...] = (("7 days", 7), ("30 days", 30), ("90 days", 90), ("A year", 365))


def range_presets(keep: Mapping[str, str]) -> list[tuple[str, str]]:
    """Links to this page over the last 7, 30, 90 and 365 days, keeping its other arguments."""
    return [
        (label, url_for(request.endpoint, **(request.view_args or {}), **keep, **DateRange.last(days).args()))
        for label, days in PRESETS
    ]


def money_text(cents: int) -> str:
    """The `money` filter as a function, for charts to write their amounts with."""
    return current_app.jinja_env.filters["money"](cents)


def register(app: Flask) -> None:
    """Add the admin pages' template globals to the app."""
    for helper in (charts.column_chart, charts.bar_chart, range_presets, money_text):
        app.add_template_global(helper)
