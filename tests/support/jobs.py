"""Helpers for the tests of background jobs."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from webapp.extensions import db
from webapp.models import Order
from webapp.models._base import utcnow


def aged(order: Order, minutes: int) -> Order:
    """The order as if placed `minutes` ago (its payment window is 60 minutes, the grace after it 15)."""
    placed = utcnow() - timedelta(minutes=minutes)
    db.session.execute(update(Order).where(Order.id == order.id).values(created_at=placed))
    db.session.commit()
    return order
