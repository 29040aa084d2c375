"""Telling customers what happened to their orders: an in-app notification and an email, together."""
from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError

from webapp.extensions import db
from webapp.models._base import utcnow
from webapp.models.catalog import Product
from webapp.models.engagement import Notification
from webapp.models.orders import Order, OrderEvent, OrderStatus
from webapp.services.engagement import emails

MESSAGES: dict[OrderStatus, str] = {
    OrderStatus.PAID: "Your order #{number} is confirmed. Thank you!",
    OrderStatus.SHIPPED: "Your order #{number} is on its way.",
    OrderStatus.DELIVERED: "Your order #{number} has been delivered.",
    OrderStatus.CANCELLED: "Your order #{number} was cancelled.",
    OrderStatus.REFUNDED: "Your order #{number} was refunded.",
}
LIST_LIMIT = 100
log = logging.getLogger(__name__)


def order_status_changed(order: Order, event: OrderEvent) -> None:
    """Notify the customer of an order event, in the current transaction (the mail leaves after commit)."""
    status = OrderStatus(event.to_status)
    if status not in MESSAGES:
        return
    message = MESSAGES[status].format(number=order.id)
    db.session.add(Notification(user_id=order.user_id, order_id=order.id, message=message))
    emails.queue(
        order.user.email,
        f"Order #{order.id}: {status.label}",
        "order_status",
        order=order,
        event=event,
        message=message,
        order_url=emails.absolute_url("account.order_detail", order_id=order.id),
        pictures=_line_pictures(order),
    )


def _line_pictures(order: Order) -> dict[int, str]:
    """Each line's product picture as an absolute URL, by line id (lines of a removed product have none)."""
    product_ids = {line.product_id for line in order.lines if line.product_id is not None}
    if not product_ids:
        return {}
    names = dict(db.session.execute(select(Product.id, Product.image_name).where(Product.id.in_(product_ids))).all())
    return {line.id: url for line in order.lines if (url := emails.picture_url(names.get(line.product_id)))}


def recent(user_id: int, limit: int = LIST_LIMIT) -> list[Notification]:
    query = (
        select(Notification)
        .where(Notification.user_id == user_id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class SeenList:
    """The notifications a customer opened, and which of them were new until then."""

    items: list[Notification]
    new_ids: frozenset[int]

    def is_new(self, item: Notification) -> bool:
        return item.id in self.new_ids


def open_list(user_id: int, limit: int = LIST_LIMIT) -> SeenList:
    """The customer's latest notifications, those shown marked read now: seeing them is reading them.

    Being marked read is worth less than the page: when it cannot be written (a read-only or locked
    database) the failure is logged and the list is shown all the same, still marked new.
    """
    items = recent(user_id, limit)
    new_ids = frozenset(item.id for item in items if item.is_unread)
    if not new_ids:
        return SeenList(items, new_ids)
    try:
        mark_read(user_id, new_ids)
    except SQLAlchemyError as exc:
        db.session.rollback()
        log.warning("Could not mark notifications of user %s read: %s", user_id, exc)
    # Read again in one query: the commit (or rollback) expired the rows loaded before it.
    return SeenList(recent(user_id, limit), new_ids)


def mark_read(user_id: int, notification_ids: Iterable[int]) -> int:
    """Mark these notifications read, only the owner's own, and commit. Returns how many changed."""
    query = (
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None),
               Notification.id.in_(list(notification_ids)))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)  # the page still shows which ones were new
    )
    changed = db.session.execute(query).rowcount
    db.session.commit()
    return changed
