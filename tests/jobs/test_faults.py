"""Faults outside the shop: what the customer sees, and that nothing the shop committed is lost.

SMTP refusing, SMTP hanging, Redis down: each is a real server (or a port where none listens) on loopback.
"""
from __future__ import annotations

from sqlalchemy import select

from tests.support.redis_server import free_port
from webapp.extensions import db
from webapp.models import Notification, Order, OrderStatus, OutboxMail, Product


def the_order() -> Order:
    db.session.expire_all()
    return db.session.scalar(select(Order))


def outbox() -> list[OutboxMail]:
    return list(db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)))


def pay_for_one(journey, product: Product):
    """Place an order and pay for it through the pages; returns the payment's response."""
    placed = journey.place_order(product)
    assert placed.status_code == 302
    return journey.pay(the_order().id)


def assert_paid_and_kept(product_id: int) -> None:
    order = the_order()
    assert order.state is OrderStatus.PAID
    assert db.session.get(Product, product_id).units_in_stock == 4
    assert db.session.scalar(select(Notification.message)) == f"Your order #{order.id} is confirmed. Thank you!"


def test_smtp_refusing_connections_the_customer_is_confirmed_and_the_mail_waits(journey, product, smtp_down):
    paid = pay_for_one(journey, product)
    assert paid.status_code == 302
    assert paid.headers["Location"] == f"/checkout/orders/{the_order().id}/complete"
    paid.close()
    assert_paid_and_kept(product.id)
    (queued,) = outbox()
    assert (queued.sent_at, queued.attempts) == (None, 1)
    assert "ConnectionRefusedError" in queued.last_error


def test_smtp_hanging_the_payment_answers_before_any_mail_is_tried(journey, product, smtp_hanging):
    paid = pay_for_one(journey, product)
    assert paid.status_code == 302
    (queued,) = outbox()
    assert (queued.sent_at, queued.attempts) == (None, 0)  # the request never spoke to the mail server
    paid.close()  # now the send job waits for the server, MAIL_TIMEOUT_SECONDS at most
    assert_paid_and_kept(product.id)
    db.session.expire_all()
    (queued,) = outbox()
    assert (queued.sent_at, queued.attempts) == (None, 1)
    assert "timed out" in queued.last_error


def test_redis_down_the_order_goes_through_and_its_mail_is_sent_from_the_process(
    app, journey, product, smtp_inbox, monkeypatch
):
    monkeypatch.setitem(app.config, "REDIS_URL", f"redis://127.0.0.1:{free_port()}/5")
    paid = pay_for_one(journey, product)
    assert paid.status_code == 302
    paid.close()
    assert_paid_and_kept(product.id)
    assert [envelope.rcpt_tos for envelope in smtp_inbox] == [[journey.customer.email]]
