"""Taking payment for orders: Stripe Checkout when configured, otherwise a labelled test payment.

Only confirm_payment() makes an order paid, and only two things call it: the signed Stripe
webhook and the test payment. The customer's return from Stripe shows the order; it confirms
nothing. Webhooks are idempotent by event id: the id is stored in the same transaction as the
change it caused, so a replayed event finds it and changes nothing.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, timedelta
from typing import Any

from flask import current_app
from sqlalchemy.exc import IntegrityError

from webapp.extensions import db
from webapp.models._base import parse_row_id
from webapp.models.orders import Order, OrderLine, OrderStatus, PaymentMethod, ProcessedStripeEvent
from webapp.services.buying import orders, stripe_api
from webapp.services.buying.orders import PAYMENT_PROVIDER, OrderError
from webapp.services.buying.stripe_api import WebhookError

log = logging.getLogger(__name__)

# Stripe closes an unpaid payment page after this, and its expiry webhook gives the stock back.
PAYMENT_WINDOW = timedelta(hours=1)
TEST_PAYMENT_NOTE = "Test payment (no money moved)"


class PaymentMismatch(OrderError):
    pass


def method_for_new_orders() -> PaymentMethod | None:
    """How new orders are paid: Stripe when its keys are set, else the test payment (never in production)."""
    if stripe_api.is_configured():
        return PaymentMethod.STRIPE
    return PaymentMethod.TEST if current_app.config["ENV_NAME"] != "production" else None


def confirm_payment(order: Order, amount_cents: int | None, currency: str, reference: str, note: str) -> bool:
    """Make a pending order paid once its payment matches it; False when this payment already did."""
    if order.state is not OrderStatus.PENDING_PAYMENT and order.payment_reference == reference:
        return False
    if amount_cents != order.total_cents or currency.lower() != order.currency.lower():
        raise PaymentMismatch(
            f"A payment of {amount_cents} {currency.upper()} does not match order #{order.id} "
            f"({order.total_cents} {order.currency.upper()})."
        )
    order.payment_reference = reference
    orders.transition(order, OrderStatus.PAID, PAYMENT_PROVIDER, note)
    return True


def pay_with_test_payment(order: Order) -> None:
    """The stand-in for Stripe when no keys are set: confirms the order the way the webhook would."""
    if order.payment_method != PaymentMethod.TEST:
        raise OrderError(f"Order #{order.id} is paid through Stripe, not with a test payment.")
    if method_for_new_orders() is not PaymentMethod.TEST:
        raise OrderError("Test payments are switched off in this shop. Cancel the order and order again.")
    confirm_payment(order, order.total_cents, order.currency, f"test-{order.id}", TEST_PAYMENT_NOTE)
    orders.commit()


def stripe_checkout_url(order: Order, success_url: str, cancel_url: str) -> str:
    """Where to send the customer to pay: the order's open Stripe Checkout page, created if needed."""
    if order.state is not OrderStatus.PENDING_PAYMENT:
        raise OrderError(f"Order #{order.id} is {order.state.label.lower()}; there is nothing to pay.")
    if order.payment_method != PaymentMethod.STRIPE:
        raise OrderError(f"Order #{order.id} takes a test payment, not Stripe.")
    if order.stripe_session_id:
        session = stripe_api.retrieve_checkout_session(order.stripe_session_id)
        if session.get("status") == "complete":
            raise OrderError(f"Order #{order.id} is paid; it is confirmed as soon as Stripe tells us.")
        if session.get("status") != "open":
            raise OrderError(f"The payment page of order #{order.id} has closed. Cancel the order and order again.")
        return session["url"]
    params = _session_params(order, success_url, cancel_url)
    if order.discount_cents:
        params["discounts"] = [{"coupon": _stripe_coupon_for(order)}]
    session = stripe_api.create_checkout_session(params, idempotency_key=f"checkout-order-{order.id}")
    order.stripe_session_id = session["id"]
    db.session.commit()
    return session["url"]


def _stripe_coupon_for(order: Order) -> str:
    """A one-off Stripe coupon worth exactly the order's discount, so Stripe charges the order's total.

    Line items keep the deal prices; the coupon comes off their sum, as it did in the shop.
    """
    coupon = stripe_api.create_coupon(
        {
            "amount_off": order.discount_cents,
            "currency": order.currency,
            "duration": "once",
            "max_redemptions": 1,
            "name": f"Coupon {order.coupon_code}"[:40],
            "metadata": {"order_id": str(order.id)},
        },
        idempotency_key=f"coupon-order-{order.id}",
    )
    return coupon["id"]


def _session_params(order: Order, success_url: str, cancel_url: str) -> dict[str, Any]:
    return {
        "mode": "payment",
        "client_reference_id": str(order.id),
        "customer_email": order.user.email,
        "metadata": {"order_id": str(order.id)},
        "payment_intent_data": {"metadata": {"order_id": str(order.id)}},
        "line_items": [
            {
                "quantity": line.quantity,
                "price_data": {
                    "currency": order.currency,
                    "unit_amount": line.unit_price_cents,
                    "product_data": {"name": line.product_name, **_size_description(line)},
                },
            }
            for line in order.lines
        ],
        # A shipping line, so Stripe's amount_total is the order's total shipping included.
        "shipping_options": [{"shipping_rate_data": {
            "type": "fixed_amount",
            "fixed_amount": {"amount": order.shipping_cents, "currency": order.currency},
            "display_name": "Delivery" if order.shipping_cents else "Free delivery",
        }}],
        # From the order, not from now: a retried request must repeat the same parameters.
        "expires_at": int((order.created_at + PAYMENT_WINDOW).replace(tzinfo=UTC).timestamp()),
        "success_url": success_url,
        "cancel_url": cancel_url,
    }


def _size_description(line: OrderLine) -> dict[str, str]:
    return {"description": line.size_text} if line.size_text else {}


def handle_webhook(payload: bytes, signature: str | None) -> str:
    """Verify and apply one Stripe webhook; returns what happened. WebhookError means answer 400."""
    event = stripe_api.verify_webhook(payload, signature)
    event_id, event_type = event.get("id"), event.get("type", "")
    if not event_id:
        raise WebhookError("The event has no id.")
    if db.session.get(ProcessedStripeEvent, event_id) is not None:
        return "already processed"
    handler = HANDLERS.get(event_type)
    try:
        # Recorded first: on PostgreSQL a simultaneous twin of this event waits here, then fails.
        db.session.add(ProcessedStripeEvent(event_id=event_id, event_type=event_type[:80]))
        db.session.flush()
        outcome = handler(event["data"]["object"]) if handler else "ignored"
        orders.commit()
    except IntegrityError:
        db.session.rollback()
        return "already processed"
    except (OrderError, WebhookError, KeyError, TypeError) as exc:
        db.session.rollback()
        log.error("Stripe event %s (%s) refused: %s", event_id, event_type, exc)
        raise WebhookError(str(exc)) from exc
    log.info("Stripe event %s (%s): %s", event_id, event_type, outcome)
    return outcome


def _order_of(session: dict[str, Any]) -> Order:
    order_id = str((session.get("metadata") or {}).get("order_id") or session.get("client_reference_id") or "")
    order = db.session.get(Order, row_id) if (row_id := parse_row_id(order_id)) else None
    if order is None:
        raise WebhookError(f"Stripe session {session.get('id')} names no order of ours ({order_id or 'none'}).")
    if order.stripe_session_id != session.get("id"):
        raise WebhookError(f"Stripe session {session.get('id')} is not the payment page of order #{order.id}.")
    return order


def _confirm(session: dict[str, Any]) -> str:
    order = _order_of(session)
    reference = session.get("payment_intent") or session["id"]
    note = f"Paid with Stripe ({reference})"
    changed = confirm_payment(order, session.get("amount_total"), session.get("currency") or "", reference, note)
    return f"order #{order.id} confirmed" if changed else f"order #{order.id} was already confirmed"


def _on_session_completed(session: dict[str, Any]) -> str:
    if session.get("payment_status") == "unpaid":  # a delayed method (bank debit): wait for its own event
        return f"order #{_order_of(session).id} awaits an asynchronous payment"
    return _confirm(session)


def _cancel_unpaid(reason: str) -> Callable[[dict[str, Any]], str]:
    def cancel(session: dict[str, Any]) -> str:
        order = _order_of(session)
        if order.state is not OrderStatus.PENDING_PAYMENT:
            return f"order #{order.id} is {order.state.value}; nothing to do"
        orders.transition(order, OrderStatus.CANCELLED, PAYMENT_PROVIDER, reason)
        return f"order #{order.id} cancelled: {reason}"

    return cancel


HANDLERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "checkout.session.completed": _on_session_completed,
    "checkout.session.async_payment_succeeded": _confirm,
    "checkout.session.async_payment_failed": _cancel_unpaid("the payment failed at Stripe"),
    "checkout.session.expired": _cancel_unpaid("the Stripe payment page expired unpaid"),
}
