"""Reports: orders on chosen days, sold through the real services, and the SQL a page runs.

`SmallShop` (tests.support.fixtures_reports.small_shop) is the hand-computed shop the report tests
check their numbers against.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from tests.support.buying import place_order
from tests.support.images import jpeg_bytes
from tests.support.web import PASSWORD
from webapp.extensions import db
from webapp.models import Order, OrderStatus, Product, User
from webapp.models._base import utcnow
from webapp.models.catalog import ONE_SIZE
from webapp.services.accounts.users import create_user
from webapp.services.buying import orders, payments
from webapp.services.buying.orders import Actor, ActorKind
from webapp.services.catalog.media import store_product_image
from webapp.services.catalog.sizes import size_rows

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
    """The hand-computed shop (today is day 0); tests.support.fixtures_reports.small_shop gives it to a test.

    | order | customer | day | lines              | total   | status                     | revenue? |
    | o1    | cora     | 0   | tee × 2            | €40.00  | delivered                  | yes      |
    | o2    | dan      | 0   | jeans × 1, heels×1 | €130.00 | paid                       | yes      |
    | o3    | cora     | 1   | heels × 1          | €80.00  | refunded                   | no       |
    | o4    | dan      | 3   | tee × 1            | €20.00  | shipped                    | yes      |
    | o5    | cora     | 8   | jeans × 1          | €50.00  | cancelled, never paid      | no       |
    | o6    | cora     | 10  | jeans × 2          | €100.00 | cancelled after payment    | no       |
    | o7    | dan      | 10  | tee × 3            | €60.00  | pending payment            | no       |
    | o8    | cora     | 40  | heels × 1          | €80.00  | delivered                  | yes      |
    """

    tee: Product  # Men, Apparel, Topwear, Tshirts, Red, €20.00
    jeans: Product  # Men, Apparel, Bottomwear, Jeans, Blue, €50.00
    heels: Product  # Women, Footwear, Shoes, Heels, Black, €80.00
    cora: User
    dan: User
    orders: dict[str, Order]

    def ids(self) -> dict[str, Any]:
        return {"tee": self.tee.id, "jeans": self.jeans.id, "heels": self.heels.id, "cora": self.cora.id,
                "dan": self.dan.id, "orders": {name: order.id for name, order in self.orders.items()}}

    @classmethod
    def load(cls, ids: dict[str, Any]) -> SmallShop:
        """The shop's rows, by the ids ids() gave, in the current session."""
        def product(name: str) -> Product:
            return db.session.get(Product, ids[name])

        return cls(product("tee"), product("jeans"), product("heels"), db.session.get(User, ids["cora"]),
                   db.session.get(User, ids["dan"]),
                   {name: db.session.get(Order, order_id) for name, order_id in ids["orders"].items()})


def build_small_shop() -> SmallShop:
    """Sell the hand-computed shop through the real services (products S-0001 to S-0003)."""
    catalogue = {"sku": "", "gender": "Men", "master_category": "Apparel", "sub_category": "Topwear",
                 "article_type": "Tshirts", "season": "Summer", "usage": "Casual", "year": 2020}
    products = []
    for number, fields in enumerate([
        {"name": "Red Tee", "price_cents": 2000, "base_colour": "Red"},
        {"name": "Blue Jeans", "price_cents": 5000, "sub_category": "Bottomwear", "article_type": "Jeans",
         "base_colour": "Blue"},
        {"name": "Black Heels", "price_cents": 8000, "gender": "Women", "master_category": "Footwear",
         "sub_category": "Shoes", "article_type": "Heels", "base_colour": "Black"},
    ], start=1):
        sku = f"S-{number:04d}"
        product = Product(**{**catalogue, **fields, "sku": sku, "sizes": size_rows({ONE_SIZE: 50}),
                             "image_name": store_product_image(sku, jpeg_bytes(), ".jpg")})
        db.session.add(product)
        products.append(product)
    db.session.commit()
    tee, jeans, heels = products
    cora = create_user("cora@shop.example.com", "Cora Buyer", PASSWORD)
    dan = create_user("dan@shop.example.com", "Dan Shopper", PASSWORD)
    placed = {
        "o1": sell(cora, (tee, 2), on=day(0), route=ROUTES[S.DELIVERED]),
        "o2": sell(dan, (jeans, 1), (heels, 1), on=day(0), route=ROUTES[S.PAID]),
        "o3": sell(cora, (heels, 1), on=day(1), route=ROUTES[S.REFUNDED]),
        "o4": sell(dan, (tee, 1), on=day(3), route=ROUTES[S.SHIPPED]),
        "o5": sell(cora, (jeans, 1), on=day(8), route=ROUTES[S.CANCELLED]),
        "o6": sell(cora, (jeans, 2), on=day(10), route=PAID_THEN_CANCELLED),
        "o7": sell(dan, (tee, 3), on=day(10), route=ROUTES[S.PENDING_PAYMENT]),
        "o8": sell(cora, (heels, 1), on=day(40), route=ROUTES[S.DELIVERED]),
    }
    return SmallShop(tee, jeans, heels, cora, dan, placed)


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
