"""Unpaid orders that will not be paid any more give their stock back: the cancel_stale_orders job.

An order waits PAYMENT_WINDOW for its payment; then Stripe closes its payment page and the expiry
webhook cancels it. Where that webhook never comes, or the order never had a payment page (the
customer left before paying, or never made the test payment), the order would hold its stock for
ever. STALE_ORDER_GRACE_MINUTES after its window, this job cancels it through the order service,
which gives stock and coupon back and tells the customer.

A Stripe order's page is asked about first: one that was paid is left for its webhook (only the
webhook confirms a payment); one still open is closed first, so nobody pays for a cancelled order.
Running twice changes nothing more: a cancelled order is no longer pending.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from webapp.extensions import db
from webapp.models._base import utcnow
from webapp.models.orders import Order, OrderStatus, PaymentMethod
from webapp.services.buying import orders, stripe_api
from webapp.services.buying.orders import HOUSEKEEPING, OrderError
from webapp.services.buying.payments import PAYMENT_WINDOW
from webapp.services.buying.stripe_api import PaymentError

log = logging.getLogger(__name__)
BATCH_SIZE = 200


@dataclass
class StaleReport:
    cancelled: int = 0
    left: int = 0  # paid at Stripe and waiting for the webhook, or Stripe could not be asked


def stale_order_ids(limit: int = BATCH_SIZE) -> list[int]:
    """Orders still awaiting payment past their payment window and the grace after it, oldest first."""
    grace = timedelta(minutes=current_app.config["STALE_ORDER_GRACE_MINUTES"])
    cutoff = utcnow() - PAYMENT_WINDOW - grace
    query = (
        select(Order.id)
        .where(Order.status == OrderStatus.PENDING_PAYMENT.value, Order.created_at < cutoff)
        .order_by(Order.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def cancel_stale_orders() -> StaleReport:
    """Cancel every stale order (one commit each, so one that is refused leaves the others done)."""
    report = StaleReport()
    for order_id in stale_order_ids():
        order = db.session.get(Order, order_id)
        try:
            reason = _close_payment(order)
            if reason is None:
                report.left += 1
                continue
            orders.transition(order, OrderStatus.CANCELLED, HOUSEKEEPING, reason)
            orders.commit()
        except (OrderError, PaymentError) as exc:  # paid or changed just now, or Stripe did not answer
            db.session.rollback()
            log.warning("Unpaid order #%s left for the next run: %s", order_id, exc)
            report.left += 1
        else:
            report.cancelled += 1
    return report


def _close_payment(order: Order) -> str | None:
    """Make sure nobody can still pay for the order; the note for its history, or None to leave it be."""
    if order.payment_method != PaymentMethod.STRIPE or not order.stripe_session_id:
        return "Not paid within the payment window"
    status = stripe_api.retrieve_checkout_session(order.stripe_session_id).get("status")
    if status == "complete":
        log.warning("Order #%s was paid at Stripe but no webhook confirmed it yet; it is left for the webhook.",
                    order.id)
        return None
    if status == "open":
        stripe_api.expire_checkout_session(order.stripe_session_id)
        return "Not paid within the payment window; the Stripe payment page was closed"
    return "The Stripe payment page expired unpaid"
