"""Fixtures for deals, coupons, reviews, feedback and the customer dashboard."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.support.buying import place_order
from tests.support.engagement import advance, window
from webapp.extensions import db
from webapp.models import Coupon, Deal, Order, OrderStatus, Product, User
from webapp.services.buying import payments


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
