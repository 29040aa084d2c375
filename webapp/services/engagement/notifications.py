"""Telling customers what happened to their orders: an in-app notification and an email, together."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, render_template
from sqlalchemy import select, update

from webapp.extensions import db
from webapp.models._base import utcnow
from webapp.models.engagement import Notification
from webapp.models.orders import Order, OrderEvent, OrderStatus
from webapp.services.engagement import mail

MESSAGES: dict[OrderStatus, str] = {
    OrderStatus.PAID: "Your order #{number} is confirmed. Thank you!",
    OrderStatus.SHIPPED: "Your order #{number} is on its way.",
    OrderStatus.DELIVERED: "Your order #{number} has been delivered.",
    OrderStatus.CANCELLED: "Your order #{number} was cancelled.",
    OrderStatus.REFUNDED: "Your order #{number} was refunded.",
}
LIST_LIMIT = 100


def order_status_changed(order: Order, event: OrderEvent) -> None:
    """Notify the customer of an order event, in the current transaction (the mail leaves after commit)."""
    status = OrderStatus(event.to_status)
    if status not in MESSAGES:
        return
    message = MESSAGES[status].format(number=order.id)
    db.session.add(Notification(user_id=order.user_id, order_id=order.id, message=message))
    body = render_template(
        "emails/order_status.txt",
        order=order,
        event=event,
        message=message,
        order_url=absolute_url("account.order_detail", order_id=order.id),
    )
    mail.queue(order.user.email, f"Order #{order.id}: {status.label}", body)


def absolute_url(endpoint: str, **values: object) -> str:
    """A full link for mail, which may be sent long after (and outside) the request that wrote it."""
    base = urlsplit(current_app.config["SHOP_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)


def recent(user_id: int, limit: int = LIST_LIMIT) -> list[Notification]:
    query = (
        select(Notification)
        .where(Notification.user_id == user_id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def mark_read(user_id: int, notification_id: int | None = None) -> int:
    """Mark one notification (or all of them) read; only the owner's own. Returns how many changed."""
    query = update(Notification).where(Notification.user_id == user_id, Notification.read_at.is_(None))
    if notification_id is not None:
        query = query.where(Notification.id == notification_id)
    changed = db.session.execute(query.values(read_at=utcnow())).rowcount
    db.session.commit()
    return changed
