"""The admin's data tables, each described once: pages render it as HTML, exports stream it as CSV.

A Table names its columns; a Column says which attribute of a row it shows and what kind of
value it is, and that decides both how the page writes it (money with the `money` filter, a
status as a badge, a link) and what the CSV gets (amounts as plain decimals, dates in ISO form).
So a page's table and its CSV can never disagree about what they contain.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from flask import current_app, request, url_for
from markupsafe import Markup, escape

from webapp.models.orders import OrderStatus
from webapp.services.buying.countries import country_name
from webapp.services.pricing.money import decimal_from_cents
from webapp.services.reports.figures import DIMENSIONS

Kind = Literal["text", "number", "money", "change", "share", "date", "datetime", "status", "order", "country"]
NUMERIC: frozenset[str] = frozenset({"number", "money", "change", "share"})


@dataclass(frozen=True)
class Link:
    endpoint: str
    param: str  # the endpoint's URL parameter
    attribute: str  # the row attribute that fills it
    keep_range: bool = False  # carry the page's date range along (a product's sales in the same days)


@dataclass(frozen=True)
class Column:
    label: str
    attribute: str
    kind: Kind = "text"
    link: Link | None = None
    sort: str | None = None  # the ?sort= key that orders the table by this column

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC

    def html(self, row: Any, link_args: Mapping[str, str]) -> Markup:
        value = getattr(row, self.attribute)
        text = _html_value(self.kind, value)
        if self.link is None:
            return text
        extra = link_args if self.link.keep_range else {}
        href = url_for(self.link.endpoint, **{self.link.param: getattr(row, self.link.attribute)}, **extra)
        return Markup('<a href="{}">{}</a>').format(href, text)

    def csv(self, row: Any) -> object:
        return _csv_value(self.kind, getattr(row, self.attribute))


@dataclass(frozen=True)
class Table:
    name: str  # the export's name: /admin/reports/export/<name>.csv
    title: str
    columns: tuple[Column, ...]

    def csv_header(self) -> list[str]:
        currency = current_app.config["CURRENCY"].upper()
        return [f"{column.label} ({currency})" if column.kind == "money" else column.label for column in self.columns]

    def csv_rows(self, rows: Iterable[Any]) -> Iterator[list[object]]:
        for row in rows:
            yield [column.csv(row) for column in self.columns]


def _html_value(kind: Kind, value: Any) -> Markup:
    if value is None:
        return Markup("—")
    if kind == "money":
        return escape(current_app.jinja_env.filters["money"](value))
    if kind == "number":
        return escape(f"{value:,}")
    if kind == "change":
        return escape(f"{value:+.1f} %")
    if kind == "share":
        return escape(f"{value:.1f} %")
    if kind == "date":
        return escape(value.isoformat())
    if kind == "datetime":
        return escape(value.strftime("%Y-%m-%d %H:%M"))
    if kind == "status":
        return Markup('<span class="status status-{}">{}</span>').format(value, OrderStatus(value).label)
    if kind == "order":
        return escape(f"#{value}")
    if kind == "country":
        return escape(country_name(value))
    return escape(value)


def _csv_value(kind: Kind, value: Any) -> object:
    if value is None:
        return None
    if kind == "money":
        return decimal_from_cents(value)  # a number a spreadsheet can sum
    if kind in ("change", "share"):
        return round(value, 1)
    if kind == "status":
        return OrderStatus(value).label  # "Pending payment", as the pages say it, not "pending_payment"
    if kind == "country":
        return country_name(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if kind == "text":
        return str(value)  # as text, so the CSV writer's formula check sees it whatever it was
    return value


@dataclass(frozen=True)
class Sorting:
    """A sortable table's order: the column key and direction in ?sort= and ?dir=, and links to change it."""

    key: str
    descending: bool
    args: Mapping[str, str]  # the page's other arguments, kept by the links

    @classmethod
    def from_args(cls, args: Mapping[str, str], allowed: Iterable[str], default: str) -> Sorting:
        key = args.get("sort", "")
        return cls(key if key in set(allowed) else default, args.get("dir") != "asc", _without(args, "sort", "dir"))

    def url(self, key: str) -> str:
        """The link of a column heading: its own order, or the other direction when it is the current one."""
        descending = not self.descending if key == self.key else key != "name"
        return url_for(request.endpoint, **(request.view_args or {}), **self.args, sort=key,
                       dir="desc" if descending else "asc")

    def as_args(self) -> dict[str, str]:
        return {"sort": self.key, "dir": "desc" if self.descending else "asc"}


def _without(args: Mapping[str, str], *names: str) -> dict[str, str]:
    return {name: value for name, value in args.items() if name not in names and name != "page"}


def _money(label: str, attribute: str, sort: str | None = None) -> Column:
    return Column(label, attribute, "money", sort=sort)


def _number(label: str, attribute: str, sort: str | None = None) -> Column:
    return Column(label, attribute, "number", sort=sort)


_CUSTOMER = Link("admin.customer_detail", "user_id", "user_id")

SALES_BY_PERIOD = Table("sales-by-period", "Sales against the period before", (
    Column("Period", "label"),
    Column("Days", "range"),
    _money("Revenue", "revenue_cents"),
    _money("Previous period", "previous_revenue_cents"),
    Column("Change", "revenue_change", "change"),
    _number("Paid orders", "sales"),
    _number("Previous period", "previous_sales"),
    Column("Change", "sales_change", "change"),
    _money("Average order", "average_order_cents"),
))
ORDERS_BY_DAY = Table("orders-by-day", "Orders and revenue per day", (
    Column("Day", "day", "date"),
    _number("Orders placed", "placed"),
    _number("Paid orders", "sales"),
    _money("Revenue", "revenue_cents"),
    _money("Average order", "average_order_cents"),
))
ORDERS_BY_STATUS = Table("orders-by-status", "Orders by status", (
    Column("Status", "status", "status"),
    _number("Orders", "orders"),
    _money("Value", "value_cents"),
))
ORDERS = Table("orders", "Orders", (
    Column("Order", "id", "order", link=Link("admin.order_detail", "order_id", "id")),
    Column("Placed", "created_at", "datetime"),
    Column("Customer", "name", link=_CUSTOMER),
    Column("Email", "email"),
    Column("Status", "status", "status"),
    _money("Total", "total_cents"),
))
# The orders list as CSV: one row per order line (as Shopify's order export has it), so a spreadsheet
# can count what was sold; the order's own figures (coupon, discount, shipping, total) stand on its
# first line only, so that adding up a column never counts an order twice.
ORDER_FIGURES = ("coupon_code", "discount_cents", "shipping_cents", "total_cents")
ORDER_LINES = Table("orders", "Orders, one row per line", (
    Column("Order", "id", "order"),
    Column("Placed", "created_at", "datetime"),
    Column("Customer", "name"),
    Column("Email", "email"),
    Column("Status", "status", "status"),
    Column("Country", "ship_country", "country"),
    Column("Coupon", "coupon_code"),
    _money("Discount", "discount_cents"),
    _money("Shipping", "shipping_cents"),
    _money("Order total", "total_cents"),
    Column("Product", "product_name"),
    Column("Article", "sku"),
    Column("Size", "size_label"),
    _number("Quantity", "quantity"),
    _money("Unit price", "unit_price_cents"),
    _money("Line total", "line_total_cents"),
))


@dataclass(frozen=True)
class _LaterLine:
    """A line after an order's first: its own fields, and nothing for the order's figures."""

    row: Any

    def __getattr__(self, name: str) -> Any:
        return None if name in ORDER_FIGURES else getattr(self.row, name)


def order_figures_once(rows: Iterable[Any]) -> Iterator[Any]:
    """Order-line rows (newest order first, its lines together) with the order's figures on its first line only."""
    previous = None
    for row in rows:
        yield row if row.id != previous else _LaterLine(row)
        previous = row.id


SALES_BY_PRODUCT = Table("sales-by-product", "Sales per product", (
    Column("Product", "name", link=Link("admin.product_sales", "product_id", "product_id", keep_range=True),
           sort="name"),
    Column("Article", "sku"),
    Column("Type", "article_type"),
    _number("Units", "units", sort="units"),
    _money("Revenue", "revenue_cents", sort="revenue"),
    _number("Orders", "orders", sort="orders"),
    Column("Last sold", "last_sold", "date", sort="last_sold"),
))
PRODUCT_DAYS = Table("product-days", "Sales per day", (
    Column("Day", "day", "date"),
    _number("Units", "units"),
    _money("Revenue", "revenue_cents"),
    _number("Orders", "orders"),
))
PRODUCT_BUYERS = Table("product-buyers", "Buyers", (
    Column("Customer", "name", link=_CUSTOMER),
    Column("Email", "email"),
    _number("Units", "units"),
    _money("Revenue", "revenue_cents"),
    _number("Orders", "orders"),
    Column("Last bought", "last_bought", "datetime"),
))
PRODUCT_SIZES = Table("product-sizes", "Sales per size", (
    Column("Size", "size"),
    _number("Units", "units"),
    _money("Revenue", "revenue_cents"),
    _number("Orders", "orders"),
))
SALES_BY: dict[str, Table] = {
    dimension: Table(f"sales-by-{dimension.replace('_', '-')}", f"Sales by {label.split(' (')[0].lower()}", (
        Column(label, "value"),
        _number("Units", "units"),
        _money("Revenue", "revenue_cents"),
        _number("Order lines", "order_lines"),
        Column("Share of revenue", "share", "share"),
    ))
    for dimension, (label, _attribute) in DIMENSIONS.items()
}
