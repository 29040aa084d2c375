"""The numbers behind the admin dashboards and reports. Revenue is defined in services/sales_ledger.py.

Order figures (counts, revenue, statuses, days) come from one grouped query over the orders of
the range, read from the index on (created_at, status, total_cents) without touching the rows.
Product figures (sales per product, per category, per colour ...) come from the daily ledger,
never from the order lines; only one product's page reads its own lines (its buyers, its sizes).
Every function runs a fixed number of queries, however many orders there are.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select

from webapp.extensions import db
from webapp.models._base import MAX_ID
from webapp.models.catalog import Product, ProductSize
from webapp.models.orders import Order, OrderLine, OrderStatus
from webapp.models.reports import DailyProductSales
from webapp.models.users import User
from webapp.services.paging import Page
from webapp.services.reports.date_ranges import DateRange
from webapp.services.reports.ledger import order_day

# The overview's periods: (label, days ending today).
PERIODS: tuple[tuple[str, int], ...] = (("Today", 1), ("Last 7 days", 7), ("Last 30 days", 30))
# Attributes sales can be broken down by: the Kaggle taxonomy's names, and the labels the pages show.
DIMENSIONS: dict[str, tuple[str, Any]] = {
    "gender": ("Gender", Product.gender),
    "master_category": ("Category (masterCategory)", Product.master_category),
    "sub_category": ("Sub-category (subCategory)", Product.sub_category),
    "article_type": ("Type (articleType)", Product.article_type),
    "base_colour": ("Colour (baseColour)", Product.base_colour),
}
PRODUCT_SORTS: dict[str, Any] = {"units": "units", "revenue": "revenue_cents", "orders": "orders",
                                 "last_sold": "last_sold", "name": Product.name}


def change(now: int, before: int) -> float | None:
    """Percent change against the previous period; None when there was nothing to compare with."""
    return None if before == 0 else (now - before) * 100 / before


def average(total_cents: int, count: int) -> int:
    return round(total_cents / count) if count else 0


# --- Orders: counts and revenue per day and per status ---------------------------------------------

@dataclass(frozen=True)
class DayFigures:
    day: date
    placed: int  # every order placed that day, whatever became of it
    sales: int  # those that are revenue
    revenue_cents: int

    @property
    def average_order_cents(self) -> int:
        return average(self.revenue_cents, self.sales)


@dataclass(frozen=True)
class StatusFigures:
    status: OrderStatus
    orders: int
    value_cents: int  # the orders' totals, revenue or not

    @property
    def label(self) -> str:
        return self.status.label


@dataclass(frozen=True)
class OrderReport:
    range: DateRange
    days: list[DayFigures]
    by_status: list[StatusFigures]

    @property
    def placed(self) -> int:
        return sum(day.placed for day in self.days)

    @property
    def sales(self) -> int:
        return sum(day.sales for day in self.days)

    @property
    def revenue_cents(self) -> int:
        return sum(day.revenue_cents for day in self.days)

    @property
    def average_order_cents(self) -> int:
        return average(self.revenue_cents, self.sales)


# (day, status) -> (orders, their totals)
_Tally = dict[tuple[date, str], tuple[int, int]]


def _tally(span: DateRange) -> _Tally:
    day = order_day(Order.created_at)
    rows = db.session.execute(
        select(day, Order.status, func.count(), func.sum(Order.total_cents))
        .where(Order.created_at >= span.since, Order.created_at < span.until)
        .group_by(day, Order.status)
    )
    return {(row[0], row[1]): (row[2], int(row[3] or 0)) for row in rows}


def _report(tally: _Tally, span: DateRange) -> OrderReport:
    per_day: dict[date, list[int]] = defaultdict(lambda: [0, 0, 0])
    per_status: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (day, status), (count, total) in tally.items():
        if not span.start <= day <= span.end:
            continue
        figures = per_day[day]
        figures[0] += count
        if OrderStatus(status).is_paid_for:
            figures[1] += count
            figures[2] += total
        per_status[status][0] += count
        per_status[status][1] += total
    return OrderReport(
        span,
        [DayFigures(day, *per_day.get(day, (0, 0, 0))) for day in span.each_day()],
        [StatusFigures(status, *per_status.get(status.value, (0, 0))) for status in OrderStatus],
    )


def order_report(span: DateRange) -> OrderReport:
    """Orders placed in the range: per day (placed, sales, revenue) and per status. One query."""
    return _report(_tally(span), span)


@dataclass(frozen=True)
class PeriodFigures:
    label: str
    range: DateRange
    revenue_cents: int
    sales: int
    previous_revenue_cents: int
    previous_sales: int

    @property
    def revenue_change(self) -> float | None:
        return change(self.revenue_cents, self.previous_revenue_cents)

    @property
    def sales_change(self) -> float | None:
        return change(self.sales, self.previous_sales)

    @property
    def average_order_cents(self) -> int:
        return average(self.revenue_cents, self.sales)


@dataclass(frozen=True)
class SalesOverview:
    periods: list[PeriodFigures]
    last_30_days: OrderReport
    previous_30_days: OrderReport  # the 30 days before those, for the chart's second line


def sales_overview(today: date | None = None) -> SalesOverview:
    """Today, 7 and 30 days against the periods before them, and the last 30 days in detail. One query."""
    longest = max(days for _label, days in PERIODS)
    recent = DateRange.last(longest, today)
    tally = _tally(DateRange(recent.previous().start, recent.end))
    periods = []
    for label, days in PERIODS:
        now = _report(tally, DateRange.last(days, recent.end))
        before = _report(tally, now.range.previous())
        periods.append(PeriodFigures(label, now.range, now.revenue_cents, now.sales, before.revenue_cents,
                                     before.sales))
    return SalesOverview(periods, _report(tally, recent), _report(tally, recent.previous()))


def units_sold(span: DateRange) -> int:
    return int(db.session.scalar(select(func.sum(DailyProductSales.units)).where(_in(span))) or 0)


def _in(span: DateRange) -> Any:
    return DailyProductSales.day.between(span.start, span.end)


# --- Products -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SalesTotals:
    products: int
    units: int
    revenue_cents: int


def _per_product(span: DateRange) -> Any:
    return (
        select(
            DailyProductSales.product_id,
            func.sum(DailyProductSales.units).label("units"),
            func.sum(DailyProductSales.revenue_cents).label("revenue_cents"),
            func.sum(DailyProductSales.orders).label("orders"),
            func.max(DailyProductSales.day).label("last_sold"),
        )
        .where(_in(span))
        .group_by(DailyProductSales.product_id)
        .subquery()
    )


def product_sales_query(span: DateRange, sort: str = "revenue", descending: bool = True) -> Select:
    """Products that sold in the range: units, revenue, orders, last day sold; sorted by PRODUCT_SORTS[sort]."""
    sales = _per_product(span)
    key = PRODUCT_SORTS.get(sort, "revenue_cents")
    column = sales.c[key] if isinstance(key, str) else key
    return (
        select(sales.c.product_id, Product.name, Product.sku, Product.article_type, sales.c.units,
               sales.c.revenue_cents, sales.c.orders, sales.c.last_sold)
        .join(Product, Product.id == sales.c.product_id)
        .order_by(column.desc() if descending else column.asc(), sales.c.product_id)
    )


def product_sales_page(
    span: DateRange, sort: str, descending: bool, page: int, per_page: int
) -> tuple[Page, SalesTotals]:
    """One page of product_sales_query, and the totals of the whole range (which also count its products)."""
    sales = _per_product(span)
    row = db.session.execute(
        select(func.count(), func.sum(sales.c.units), func.sum(sales.c.revenue_cents)).select_from(sales)
    ).one()
    totals = SalesTotals(row[0], int(row[1] or 0), int(row[2] or 0))
    query = product_sales_query(span, sort, descending).limit(per_page).offset((page - 1) * per_page)
    return Page(list(db.session.execute(query)), page, per_page, totals.products), totals


@dataclass(frozen=True)
class ProductDay:
    day: date
    units: int
    revenue_cents: int
    orders: int


def product_days(product_id: int, span: DateRange) -> list[ProductDay]:
    """One product's sales on every day of the range (days without sales are zeros)."""
    sold = {
        row.day: row
        for row in db.session.scalars(
            select(DailyProductSales).where(DailyProductSales.product_id == product_id, _in(span))
        )
    }
    return [
        ProductDay(day, sold[day].units, sold[day].revenue_cents, sold[day].orders) if day in sold
        else ProductDay(day, 0, 0, 0)
        for day in span.each_day()
    ]


def _lines_sold(product_id: int, span: DateRange) -> list[Any]:
    """The product's order lines that count as sales in the range (orders joined)."""
    return [
        OrderLine.product_id == product_id,
        Order.status.in_(OrderStatus.paid_for()),
        Order.created_at >= span.since,
        Order.created_at < span.until,
    ]


def product_buyers_query(product_id: int, span: DateRange) -> Select:
    """Who bought the product in the range: units, revenue, orders, last time; best customers first."""
    revenue = func.sum(OrderLine.quantity * OrderLine.unit_price_cents)
    return (
        select(
            User.id.label("user_id"),
            User.name,
            User.email,
            func.sum(OrderLine.quantity).label("units"),
            revenue.label("revenue_cents"),
            func.count(func.distinct(Order.id)).label("orders"),
            func.max(Order.created_at).label("last_bought"),
        )
        .select_from(OrderLine)
        .join(Order, Order.id == OrderLine.order_id)
        .join(User, User.id == Order.user_id)
        .where(*_lines_sold(product_id, span))
        .group_by(User.id, User.name, User.email)
        .order_by(revenue.desc(), User.id)
    )


@dataclass(frozen=True)
class SizeSales:
    size: str
    units: int
    revenue_cents: int
    orders: int


def product_sizes_sold(product_id: int, span: DateRange) -> list[SizeSales]:
    """One product's sales in the range per size it was bought in, in the order of its size run. One query."""
    # Sizes removed since have no position: they come last.
    position = func.coalesce(func.min(ProductSize.position), MAX_ID)
    rows = db.session.execute(
        select(
            OrderLine.size_label,
            func.sum(OrderLine.quantity),
            func.sum(OrderLine.quantity * OrderLine.unit_price_cents),
            func.count(func.distinct(Order.id)),
        )
        .select_from(OrderLine)
        .join(Order, Order.id == OrderLine.order_id)
        .outerjoin(ProductSize, ProductSize.id == OrderLine.size_id)
        .where(*_lines_sold(product_id, span))
        .group_by(OrderLine.size_label)
        .order_by(position, OrderLine.size_label)
    )
    return [SizeSales(row[0] or "(none recorded)", int(row[1]), int(row[2]), int(row[3])) for row in rows]


# --- Breakdowns by product attribute --------------------------------------------------------------

@dataclass(frozen=True)
class BreakdownRow:
    value: str
    units: int
    revenue_cents: int
    order_lines: int  # an order with two products of the same type counts twice
    share: float  # of the range's product revenue, in percent


def sales_by(dimension: str, span: DateRange) -> list[BreakdownRow]:
    """Product revenue in the range grouped by one attribute (DIMENSIONS), largest first. One query."""
    _label, attribute = DIMENSIONS[dimension]
    revenue = func.sum(DailyProductSales.revenue_cents)
    rows = db.session.execute(
        select(attribute, func.sum(DailyProductSales.units), revenue, func.sum(DailyProductSales.orders))
        .join(Product, Product.id == DailyProductSales.product_id)
        .where(_in(span))
        .group_by(attribute)
        .order_by(revenue.desc(), attribute)
    ).all()
    total = sum(int(row[2]) for row in rows) or 1  # nothing sold (or all free): every share is 0
    return [
        BreakdownRow(row[0] or "(none)", int(row[1]), int(row[2]), int(row[3]), int(row[2]) * 100 / total)
        for row in rows
    ]


# --- Customers ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CustomerValue:
    orders: int  # every order placed
    sales: int  # those that are revenue
    lifetime_value_cents: int
    first_order: datetime | None
    last_order: datetime | None

    @property
    def average_order_cents(self) -> int:
        return average(self.lifetime_value_cents, self.sales)


def customer_values(user_ids: Iterable[int]) -> dict[int, CustomerValue]:
    """Order counts and lifetime value of these customers, in one query (a list page asks for 50 at a time)."""
    ids = list(user_ids)
    if not ids:
        return {}
    paid = Order.status.in_(OrderStatus.paid_for())
    rows = db.session.execute(
        select(
            Order.user_id,
            func.count(),
            func.count().filter(paid),
            func.coalesce(func.sum(Order.total_cents).filter(paid), 0),
            func.min(Order.created_at),
            func.max(Order.created_at),
        )
        .where(Order.user_id.in_(ids))
        .group_by(Order.user_id)
    )
    found = {row[0]: CustomerValue(row[1], row[2], int(row[3]), row[4], row[5]) for row in rows}
    return {user_id: found.get(user_id, CustomerValue(0, 0, 0, None, None)) for user_id in ids}


def rows_of(query: Select) -> Iterator[Any]:
    """Every row of a report query, fetched in batches: what a CSV export streams."""
    yield from db.session.execute(query.execution_options(yield_per=1000))
