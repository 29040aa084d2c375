"""Fixtures for deals, coupons, reviews, feedback and the customer dashboard.

The buying fixtures (quick users, the Stripe stand-in, orders made through the services) are
imported from tests/buying so both folders make orders the same way.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.buying.conftest import make_user, place_order, stripe_standin  # noqa: F401  (fixtures, shared)
from tests.support.limits import rate_limits  # noqa: F401  (fixture, shared)
from webapp.extensions import db
from webapp.models import Coupon, Deal, Order, OrderStatus, Product, User
from webapp.models._base import utcnow
from webapp.services.buying import orders, payments
from webapp.services.buying.orders import Actor, ActorKind

DAY = timedelta(days=1)
# Windows relative to now: (starts, ends).
WINDOWS: dict[str, tuple[timedelta, timedelta]] = {
    "live": (-DAY, 7 * DAY),
    "expired": (-10 * DAY, -DAY),
    "future": (DAY, 10 * DAY),
}


def window(name: str = "live") -> dict[str, datetime]:
    start, end = WINDOWS[name]
    now = utcnow()
    return {"starts_at": now + start, "ends_at": now + end}


@pytest.fixture
def make_deal(app) -> Callable[..., Deal]:
    """make_deal(kind, amount, target, value | product=..., when='live', **fields): a deal row as stored."""

    def make(kind: str = "percent", amount: int = 10, target: str = "article_type", value: str = "Tshirts",
             product: Product | None = None, when: str = "live", **fields: Any) -> Deal:
        if product is not None:
            target, value = "product", product.sku
        name = fields.pop("name", f"{amount} {kind} off {value}")
        deal = Deal(name=name, kind=kind, amount=amount, target=target, target_value=value,
                    product_id=product.id if product else None, **window(when), **fields)
        db.session.add(deal)
        db.session.commit()
        return deal

    return make


@pytest.fixture
def make_coupon(app) -> Callable[..., Coupon]:
    """make_coupon(code, kind, amount, usage_limit=10, when='live', **fields): a coupon row as stored."""

    def make(code: str = "SAVE10", kind: str = "fixed", amount: int = 1000, usage_limit: int = 10,
             when: str = "live", **fields: Any) -> Coupon:
        fields.setdefault("times_used", 0)
        coupon = Coupon(code=code, kind=kind, amount=amount, usage_limit=usage_limit, **window(when), **fields)
        db.session.add(coupon)
        db.session.commit()
        return coupon

    return make


ADMIN_ACTOR = Actor(ActorKind.ADMIN)


def advance(order: Order, *statuses: OrderStatus) -> Order:
    """Move an order along as the admin would (shipped, delivered ...)."""
    for status in statuses:
        orders.change_status(order, status, ADMIN_ACTOR)
    return order


@pytest.fixture
def bought(customer: User) -> Callable[..., Order]:
    """bought(*products, user=customer, status=DELIVERED): an order of those products, paid and moved on."""

    def make(*products: Product, user: User | None = None, status: OrderStatus = OrderStatus.DELIVERED) -> Order:
        order = place_order(user or customer, *((product, 1) for product in products))
        if status is OrderStatus.PENDING_PAYMENT:
            return order
        payments.pay_with_test_payment(order)
        later = {OrderStatus.SHIPPED: [OrderStatus.SHIPPED],
                 OrderStatus.DELIVERED: [OrderStatus.SHIPPED, OrderStatus.DELIVERED]}
        return advance(order, *later.get(status, []))

    return make
