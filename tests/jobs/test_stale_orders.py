"""Unpaid orders past their payment window are cancelled by the shop, their stock released, once nobody
can pay for them any more; an order paid at Stripe is left for its webhook."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.support.jobs import aged
from webapp.extensions import db
from webapp.models import Notification, Order, OrderStatus, Product
from webapp.services.buying.unpaid import cancel_stale_orders


def now_in_db(order: Order) -> Order:
    db.session.expire_all()
    return db.session.get(Order, order.id)


@pytest.mark.parametrize(("minutes", "cancelled"), [(30, False), (70, False), (80, True), (60 * 24 * 7, True)])
def test_an_order_is_cancelled_only_once_its_window_and_grace_have_passed(order_for, minutes, cancelled):
    order = aged(order_for(), minutes)
    cancel_stale_orders()
    assert (now_in_db(order).state is OrderStatus.CANCELLED) is cancelled


def test_a_stale_order_gives_its_stock_back_and_tells_the_customer(order_for):
    order = aged(order_for(stock=4, quantity=3), 120)
    product_id = order.lines[0].product_id
    report = cancel_stale_orders()
    assert (report.cancelled, report.left) == (1, 0)
    cancelled = now_in_db(order)
    assert db.session.get(Product, product_id).units_in_stock == 4
    event = cancelled.events[-1]
    assert (event.from_status, event.to_status, event.actor_kind) == ("pending_payment", "cancelled", "shop")
    assert event.note == "Not paid within the payment window"
    assert db.session.scalar(select(Notification.message)) == f"Your order #{order.id} was cancelled."


def no_page(stripe_order, order_for, standin):
    return order_for(), None


def open_page(stripe_order, order_for, standin):
    return stripe_order()


def expired_page(stripe_order, order_for, standin):
    order, session = stripe_order()
    session["status"] = "expired"  # Stripe closed it; its webhook never reached the shop
    return order, session


def paid_page(stripe_order, order_for, standin):
    order, session = stripe_order()
    return order, standin.pay(session["id"])


STRIPE_CASES = {
    "no payment page was ever opened": (no_page, OrderStatus.CANCELLED, "Not paid within the payment window", None),
    "the page is still open": (open_page, OrderStatus.CANCELLED,
                               "Not paid within the payment window; the Stripe payment page was closed", "expired"),
    "the page expired and its webhook was lost": (expired_page, OrderStatus.CANCELLED,
                                                  "The Stripe payment page expired unpaid", "expired"),
    "the page was paid and the webhook is on its way": (paid_page, OrderStatus.PENDING_PAYMENT, None, "complete"),
}


@pytest.mark.parametrize(("make", "state", "note", "page_after"), STRIPE_CASES.values(), ids=STRIPE_CASES.keys())
def test_a_stripe_orders_payment_page_is_settled_before_it_is_cancelled(
    stripe_standin, stripe_order, order_for, make, state, note, page_after
):
    order, session = make(stripe_order, order_for, stripe_standin)
    aged(order, 120)
    cancel_stale_orders()
    order = now_in_db(order)
    assert order.state is state
    assert (order.events[-1].note if state is OrderStatus.CANCELLED else None) == note
    if session is not None:
        assert stripe_standin.sessions[session["id"]]["status"] == page_after


def test_an_order_stripe_cannot_be_asked_about_waits_for_the_next_run(stripe_standin, stripe_order, caplog):
    order, _session = stripe_order()
    aged(order, 120)
    stripe_standin.refusals["/v1/checkout/sessions/"] = "Stripe is having a bad day."
    report = cancel_stale_orders()
    assert (report.cancelled, report.left) == (0, 1)
    assert now_in_db(order).state is OrderStatus.PENDING_PAYMENT
    assert f"Unpaid order #{order.id} left for the next run" in caplog.text
    stripe_standin.refusals.clear()
    assert cancel_stale_orders().cancelled == 1


def test_running_twice_cancels_once(order_for):
    order = aged(order_for(), 120)
    assert [cancel_stale_orders().cancelled for _ in range(2)] == [1, 0]
    assert [event.to_status for event in now_in_db(order).events] == ["pending_payment", "cancelled"]


def test_flask_orders_cancel_stale_reports_what_it_did(order_for, runner):
    aged(order_for(), 120)
    aged(order_for(), 10)
    result = runner.invoke(args=["orders", "cancel-stale"])
    assert result.exit_code == 0
    assert "Cancelled 1 unpaid orders; 0 left for the next run." in result.output
