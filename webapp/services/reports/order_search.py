"""Finding orders for the admin: by status, customer, date range, order number or email."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, false, select

from webapp.extensions import db
from webapp.models._base import MAX_ID, parse_row_id
from webapp.models.orders import Order, OrderLine, OrderStatus
from webapp.models.users import User
from webapp.services.reports.date_ranges import DateRange, optional_range
from webapp.services.text_match import contains_text

_ORDER_NUMBER = re.compile(r"#?\s*([0-9]{1,18})")
STATUS_VALUES = frozenset(status.value for status in OrderStatus)


@dataclass(frozen=True)
class OrderFilter:
    status: OrderStatus | None = None
    customer_id: int | None = None
    range: DateRange | None = None
    text: str = ""  # an order number (#123 or 123) or part of an email address

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> OrderFilter:
        """From the list's query arguments; an unknown status or customer is no filter. DateRangeError on bad dates."""
        status, customer = args.get("status") or "", args.get("customer") or ""
        return cls(
            status=OrderStatus(status) if status in STATUS_VALUES else None,
            customer_id=parse_row_id(customer),
            range=optional_range(args),
            text=(args.get("q") or "").strip()[:100],
        )

    def args(self) -> dict[str, str]:
        """Back into query arguments, for links that keep the filter (pages, exports)."""
        values = {"status": self.status.value if self.status else "", "customer": str(self.customer_id or ""),
                  **(self.range.args() if self.range else {}), "q": self.text}
        return {name: value for name, value in values.items() if value}


def orders_query(wanted: OrderFilter) -> Select:
    """Matching orders, newest first, as rows: id, created_at, status, total_cents, user_id, name, email."""
    query = (
        select(Order.id, Order.created_at, Order.status, Order.total_cents, Order.user_id, User.name, User.email)
        .join(User, User.id == Order.user_id)
        .order_by(Order.created_at.desc(), Order.id.desc())
    )
    return _filtered(query, wanted)


def order_lines_query(wanted: OrderFilter) -> Select:
    """The lines of the matching orders, newest order first, each with its order's figures (the orders CSV).

    Rows: the order's id, created_at, status, name, email, ship_country, coupon_code, discount_cents,
    shipping_cents and total_cents, then the line's product_name, sku, size_label, quantity,
    unit_price_cents and line_total_cents. One query, whatever the number of orders.
    """
    query = (
        select(
            Order.id, Order.created_at, Order.status, User.name, User.email, Order.ship_country,
            Order.coupon_code, Order.discount_cents, Order.shipping_cents, Order.total_cents,
            OrderLine.product_name, OrderLine.sku, OrderLine.size_label, OrderLine.quantity,
            OrderLine.unit_price_cents, (OrderLine.unit_price_cents * OrderLine.quantity).label("line_total_cents"),
        )
        .join(User, User.id == Order.user_id)
        .join(OrderLine, OrderLine.order_id == Order.id)
        .order_by(Order.created_at.desc(), Order.id.desc(), OrderLine.id)
    )
    return _filtered(query, wanted)


def _filtered(query: Select, wanted: OrderFilter) -> Select:
    if wanted.status:
        query = query.where(Order.status == wanted.status.value)
    if wanted.customer_id:
        query = query.where(Order.user_id == wanted.customer_id)
    if wanted.range:
        query = query.where(Order.created_at >= wanted.range.since, Order.created_at < wanted.range.until)
    if wanted.text:
        query = query.where(_matching(wanted.text))
    return query


def _matching(text: str) -> Any:
    number = _ORDER_NUMBER.fullmatch(text)
    if number:
        value = int(number.group(1))
        return Order.id == value if value <= MAX_ID else false()
    return contains_text(User.email, text)


def latest_orders(limit: int = 10) -> list[Any]:
    return list(db.session.execute(orders_query(OrderFilter()).limit(limit)))
