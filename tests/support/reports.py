"""Reports: orders on chosen days, sold through the real services, and the SQL a page runs.

`SmallShop` (tests.support.fixtures_reports.small_shop) is the hand-computed shop the report tests
check their numbers against.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from tests.support.buying import place_order
from webapp.extensions import db
from webapp.models import Order, OrderStatus, Product, User
from webapp.models._base import utcnow
from webapp.services.buying import orders, payments
from webapp.services.buying.orders import Actor, ActorKind

S = OrderStatus
SHOP = Actor(ActorKind.ADMIN)  # an admin without an account row: enough to set the scene
# The statuses an order passes through to end in each status ("cancelled" after payment: see PAID_THEN_CANCELLED).
ROUTES: dict[OrderStatus, list[OrderStatus]] = {
    S.PENDING_PAYMENT: [], S.PAID: [S.PAID], S.SHIPPED: [S.PAID, S.SHIPPED],
    S.DELIVERED: [S.PAID, S.SHIPPED, S.DELIVERED], S.CANCELLED: [S.CANCELLED], S.REFUNDED: [S.PAID, S.REFUNDED],
}
PAID_THEN_CANCELLED = [S.PAID, S.CANCELLED]
TODAY = utcnow().date()


def day(offset: int) -> date:
    """`offset` days before today (UTC)."""
    return TODAY - timedelta(days=offset)


def move(order: Order, route: list[OrderStatus]) -> Order:
    for step in route:
        if step is S.PAID:
            payments.pay_with_test_payment(order)
        else:
            orders.change_status(order, step, SHOP)
    return order


def sell(user: User, *items: tuple[Product, int], on: date, route: list[OrderStatus]) -> Order:
    """An order placed through checkout, dated `on` (10:00 UTC) before it is paid, then moved along `route`."""
    order = place_order(user, *items)
    order.created_at = datetime.combine(on, time(10, 0))
    db.session.commit()
    return move(order, route)


@dataclass
class SmallShop:
    tee: Product  # Men, Apparel, Topwear, Tshirts, Red, €20.00
    jeans: Product  # Men, Apparel, Bottomwear, Jeans, Blue, €50.00
    heels: Product  # Women, Footwear, Shoes, Heels, Black, €80.00
    cora: User
    dan: User
    orders: dict[str, Order]


def queries_during(app: Flask, client: FlaskClient, url: str) -> list[str]:
    """The SQL statements one page view runs, in a fresh app context (as a real request has)."""
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", record)
        try:
            response = client.get(url)
            response.get_data()
            assert response.status_code == 200, (url, response.status_code)
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
    return statements
