"""Admin: reports (orders over a date range, sales by product attribute) and the CSV export of every table.

Also what every reporting page shares: the charts in templates, and one answer to a date range
that makes no sense (a 400 page that says what is wrong, never a 500).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import abort, render_template, request, stream_with_context, url_for
from werkzeug.wrappers import Response

from webapp.admin import bp
from webapp.admin.csv_export import csv_chunks
from webapp.admin.tables import (
    ORDER_LINES,
    ORDERS,
    ORDERS_BY_DAY,
    ORDERS_BY_STATUS,
    PRODUCT_BUYERS,
    PRODUCT_DAYS,
    PRODUCT_SIZES,
    SALES_BY,
    SALES_BY_PERIOD,
    SALES_BY_PRODUCT,
    Sorting,
    Table,
    order_figures_once,
)
from webapp.lookups import found_or_404
from webapp.models._base import parse_row_id
from webapp.services.reports import figures
from webapp.services.reports.date_ranges import DateRangeError, parse_range
from webapp.services.reports.figures import DIMENSIONS, PRODUCT_SORTS
from webapp.services.reports.order_search import OrderFilter, order_lines_query


@bp.errorhandler(DateRangeError)
def _bad_range(error: DateRangeError) -> tuple[str, int]:
    """Nonsense dates (or a start after the end) on any admin page: say what is wrong, offer the page without them."""
    retry = url_for(request.endpoint, **(request.view_args or {})) if request.endpoint else url_for("admin.dashboard")
    return render_template("admin/bad_range.html", message=str(error), retry=retry), 400


@bp.route("/reports")
def orders_report() -> str:
    span = parse_range(request.args)
    return render_template(
        "admin/reports.html",
        span=span,
        report=figures.order_report(span),
        previous=figures.order_report(span.previous()),  # the chart's second line: the days before
        units=figures.units_sold(span),
        tables={"days": ORDERS_BY_DAY, "statuses": ORDERS_BY_STATUS, "orders": ORDERS},
        dimensions=DIMENSIONS,
    )


@bp.route("/reports/sales")
def sales_report() -> str:
    dimension = _dimension(request.args)
    span = parse_range(request.args)
    return render_template(
        "admin/sales_report.html",
        span=span,
        dimension=dimension,
        dimensions=DIMENSIONS,
        rows=figures.sales_by(dimension, span),
        table=SALES_BY[dimension],
    )


def _dimension(args: Mapping[str, str]) -> str:
    dimension = args.get("by") or "gender"
    if dimension not in DIMENSIONS:
        abort(400, description=f"Sales can be broken down by {', '.join(DIMENSIONS)}; not by “{dimension[:40]}”.")
    return dimension


# --- CSV exports ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Export:
    table: Table
    rows: Callable[[Mapping[str, str]], Iterable[Any]]  # from the page's own query arguments


def _product_id(args: Mapping[str, str]) -> int:
    return found_or_404(parse_row_id(args.get("product")), "Which product? The export needs ?product=<id>.")


def _product_sales(args: Mapping[str, str]) -> Iterable[Any]:
    sorting = Sorting.from_args(args, PRODUCT_SORTS, "revenue")
    return figures.rows_of(figures.product_sales_query(parse_range(args), sorting.key, sorting.descending))


EXPORTS: dict[str, Export] = {
    export.table.name: export
    for export in (
        Export(SALES_BY_PERIOD, lambda _args: figures.sales_overview().periods),
        Export(ORDERS_BY_DAY, lambda args: figures.order_report(parse_range(args)).days),
        Export(ORDERS_BY_STATUS, lambda args: figures.order_report(parse_range(args)).by_status),
        Export(ORDER_LINES, lambda args: order_figures_once(
            figures.rows_of(order_lines_query(OrderFilter.from_args(args))))),
        Export(SALES_BY_PRODUCT, _product_sales),
        Export(PRODUCT_DAYS, lambda args: figures.product_days(_product_id(args), parse_range(args))),
        Export(PRODUCT_SIZES, lambda args: figures.product_sizes_sold(_product_id(args), parse_range(args))),
        Export(PRODUCT_BUYERS, lambda args: figures.rows_of(
            figures.product_buyers_query(_product_id(args), parse_range(args)))),
        *[Export(table, lambda args, dimension=dimension: figures.sales_by(dimension, parse_range(args)))
          for dimension, table in SALES_BY.items()],
    )
}


@bp.route("/reports/export/<name>.csv")
def export_csv(name: str) -> Response:
    """Any admin table as CSV, streamed: the same query arguments as its page (dates, filters, sort)."""
    export = found_or_404(EXPORTS.get(name), "No such export.")
    rows = export.rows(request.args)  # bad arguments fail here, as a 400 page, before anything is sent
    # Only digits and dashes of the dates reach the header: the name itself is one of EXPORTS.
    dates = [re.sub(r"[^0-9-]", "", request.args.get(bound, ""))[:10] for bound in ("from", "to")]
    filename = "_".join([name, *filter(None, dates)]) + ".csv"
    chunks = csv_chunks(export.table.csv_header(), export.table.csv_rows(rows))
    return Response(
        stream_with_context(chunks),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )
