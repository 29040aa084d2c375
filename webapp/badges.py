"""The header's counters: items in the cart and unread notifications, in at most one query per page."""
from __future__ import annotations

from dataclasses import dataclass

from flask import session
from flask_login import current_user
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models.engagement import Notification
from webapp.models.orders import CartItem
from webapp.services.buying.cart import SessionCart


@dataclass(frozen=True)
class Badges:
    cart_items: int = 0
    unread_notifications: int = 0
    shows_cart: bool = True
    shows_bell: bool = False


def header_badges() -> Badges:
    """Called once by base.html; guests need no query (their cart is in the session), admins none at all."""
    if not current_user.is_authenticated:
        return Badges(cart_items=sum(SessionCart(session).quantities().values()))
    if current_user.is_admin:
        return Badges(shows_cart=False)
    user_id = current_user.id
    in_cart = select(func.coalesce(func.sum(CartItem.quantity), 0)).where(CartItem.user_id == user_id)
    unread = select(func.count(Notification.id)).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)
    )
    cart_items, unread_count = db.session.execute(select(in_cart.scalar_subquery(), unread.scalar_subquery())).one()
    return Badges(cart_items=int(cart_items), unread_notifications=int(unread_count), shows_bell=True)
