"""Deals, coupons and orders moved along as an admin would: time windows and steps."""
from __future__ import annotations

from datetime import datetime, timedelta

from webapp.models import Order, OrderStatus
from webapp.models._base import utcnow
from webapp.services.buying import orders
from webapp.services.buying.orders import Actor, ActorKind

DAY = timedelta(days=1)
# Windows relative to now: (starts, ends).
WINDOWS: dict[str, tuple[timedelta, timedelta]] = {
    "live": (-DAY, 7 * DAY),
    "expired": (-10 * DAY, -DAY),
    "future": (DAY, 10 * DAY),
}
ADMIN_ACTOR = Actor(ActorKind.ADMIN)


def window(name: str = "live") -> dict[str, datetime]:
    start, end = WINDOWS[name]
    now = utcnow()
    return {"starts_at": now + start, "ends_at": now + end}


def advance(order: Order, *statuses: OrderStatus) -> Order:
    """Move an order along as the admin would (shipped, delivered ...)."""
    for status in statuses:
        orders.change_status(order, status, ADMIN_ACTOR)
    return order
