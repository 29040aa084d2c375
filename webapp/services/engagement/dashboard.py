"""The customer's dashboard (/account/): recent orders, unread notifications, recommendations."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from webapp.extensions import db
from webapp.models.catalog import Product
from webapp.models.engagement import Notification
from webapp.models.orders import Order
from webapp.services.engagement.recommendations import recommended_for

RECENT_ORDERS = 5
UNREAD_SHOWN = 5


@dataclass(frozen=True)
class Dashboard:
    recent_orders: Sequence[Order]
    unread: Sequence[Notification]
    recommended: Sequence[Product]


def dashboard_for(user_id: int) -> Dashboard:
    recent_orders = db.session.scalars(
        select(Order).where(Order.user_id == user_id).order_by(Order.created_at.desc(), Order.id.desc())
        .limit(RECENT_ORDERS)
    ).all()
    unread = db.session.scalars(
        select(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(UNREAD_SHOWN)
    ).all()
    return Dashboard(recent_orders, unread, recommended_for(user_id))
