"""What counts as a sale, and the daily per-product ledger of sales that the reports read.

Revenue is what customers paid for orders that are paid for and kept (OrderStatus.paid_for(): paid,
shipped or delivered): the order total, after any coupon and with its shipping charge, since
shipping is part of what the customer pays. Orders awaiting payment are not revenue yet; cancelled
and refunded orders are not revenue (any more). Product revenue (this ledger) is quantity × price
paid of the order lines: neither the coupon nor shipping, which belong to the order, not to a
product. A sale counts on the UTC day the order was placed (its created_at): every figure of a day
then speaks of the same orders, and payment follows placing within the one-hour payment window, so
the day seldom differs from the day of payment.

The order service calls `order_moved()` in the same transaction as every status change, so the
ledger (`daily_product_sales`) is always as current as the orders: an order entering a revenue
status adds its lines to its day, one leaving it takes them away again. `rebuild()` recomputes
the whole ledger from the orders (`flask reports rebuild`; the benchmark uses it after bulk inserts).
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Date, delete, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from webapp.extensions import db
from webapp.models.orders import Order, OrderLine, OrderStatus
from webapp.models.reports import DailyProductSales

_DIALECT_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def order_day(created_at: Any) -> Any:
    """The SQL expression for the UTC day of a timestamp column (a date on both databases)."""
    return func.date(created_at, type_=Date)


def order_moved(order: Order, origin: OrderStatus, to: OrderStatus) -> None:
    """Keep the ledger in step with a status change; crossing into or out of revenue is all that matters."""
    if origin.is_paid_for == to.is_paid_for:
        return
    sign = 1 if to.is_paid_for else -1
    rows = _ledger_rows(order, sign)
    if not rows:
        return
    table = DailyProductSales.__table__
    upsert = _DIALECT_INSERTS[db.session.get_bind().dialect.name](table).values(rows)
    db.session.execute(
        upsert.on_conflict_do_update(
            index_elements=[table.c.day, table.c.product_id],
            set_={name: table.c[name] + upsert.excluded[name] for name in ("units", "revenue_cents", "orders")},
        )
    )
    if sign < 0:
        # An emptied day is deleted, so the ledger stays exactly what rebuild() would compute.
        db.session.execute(
            delete(DailyProductSales).where(
                DailyProductSales.day == order.created_at.date(),
                DailyProductSales.product_id.in_([row["product_id"] for row in rows]),
                DailyProductSales.orders <= 0,
            )
        )


def _ledger_rows(order: Order, sign: int) -> list[dict[str, Any]]:
    units: dict[int, int] = defaultdict(int)
    revenue: dict[int, int] = defaultdict(int)
    for line in order.lines:
        if line.product_id is not None:  # a product removed from the catalogue has no row to count on
            units[line.product_id] += line.quantity
            revenue[line.product_id] += line.total_cents
    # In product order, like stock reservations, so two orders' upserts never wait on each other in a cycle.
    return [
        {"day": order.created_at.date(), "product_id": product_id, "units": sign * units[product_id],
         "revenue_cents": sign * revenue[product_id], "orders": sign}
        for product_id in sorted(units)
    ]


def rebuild() -> int:
    """Recompute the whole ledger from the orders, in one transaction; returns the number of rows."""
    day = order_day(Order.created_at)
    sales = (
        select(
            day,
            OrderLine.product_id,
            func.sum(OrderLine.quantity),
            func.sum(OrderLine.quantity * OrderLine.unit_price_cents),
            func.count(func.distinct(Order.id)),
        )
        .join(Order, Order.id == OrderLine.order_id)
        .where(Order.status.in_(OrderStatus.paid_for()), OrderLine.product_id.is_not(None))
        .group_by(day, OrderLine.product_id)
    )
    db.session.execute(delete(DailyProductSales))
    db.session.execute(
        insert(DailyProductSales).from_select(["day", "product_id", "units", "revenue_cents", "orders"], sales)
    )
    db.session.commit()
    return db.session.scalar(select(func.count()).select_from(DailyProductSales)) or 0
