"""Stripe's API through the official library, and nothing else: no order rules live here.

Kept apart from payments.py so that the order pipeline (orders.py) can return money on a
refund without depending on the webhook handling that itself moves orders.
"""
from __future__ import annotations

from typing import Any

import stripe
from flask import current_app

# Safe because every write carries an idempotency key: a retried request cannot charge twice.
NETWORK_RETRIES = 2
WEBHOOK_TOLERANCE_SECONDS = 300


class PaymentError(RuntimeError):
    """Stripe refused or could not be reached; the message is fit to show."""


class WebhookError(ValueError):
    """A webhook we refuse (bad signature, stale, malformed, or not about one of our orders)."""


def is_configured() -> bool:
    config = current_app.config
    return bool(config.get("STRIPE_SECRET_KEY") and config.get("STRIPE_WEBHOOK_SECRET"))


def _client() -> stripe.StripeClient:
    config = current_app.config
    return stripe.StripeClient(
        config["STRIPE_SECRET_KEY"],
        base_addresses={"api": config["STRIPE_API_BASE"]},
        max_network_retries=NETWORK_RETRIES,
    )


def create_checkout_session(params: dict[str, Any], idempotency_key: str) -> dict[str, Any]:
    try:
        session = _client().v1.checkout.sessions.create(params, {"idempotency_key": idempotency_key})
    except stripe.StripeError as exc:
        raise PaymentError(f"Stripe could not start the payment: {exc.user_message or 'no answer'}.") from exc
    return session.to_dict()


def create_coupon(params: dict[str, Any], idempotency_key: str) -> dict[str, Any]:
    """A Stripe coupon (amount_off, currency, duration ...), for a Checkout Session's discounts."""
    try:
        coupon = _client().v1.coupons.create(params, {"idempotency_key": idempotency_key})
    except stripe.StripeError as exc:
        raise PaymentError(f"Stripe could not take the coupon: {exc.user_message or 'no answer'}.") from exc
    return coupon.to_dict()


def retrieve_checkout_session(session_id: str) -> dict[str, Any]:
    try:
        return _client().v1.checkout.sessions.retrieve(session_id).to_dict()
    except stripe.StripeError as exc:
        raise PaymentError(f"Stripe could not find the payment: {exc.user_message or 'no answer'}.") from exc


def expire_checkout_session(session_id: str) -> None:
    """Close an unpaid payment page. Stripe refuses when the customer has just paid: then so do we."""
    try:
        _client().v1.checkout.sessions.expire(session_id)
    except stripe.StripeError as exc:
        raise PaymentError(
            f"The payment could not be stopped ({exc.user_message or 'no answer'}); it may just have been made."
        ) from exc


def refund(payment_intent: str, idempotency_key: str) -> dict[str, Any]:
    try:
        result = _client().v1.refunds.create({"payment_intent": payment_intent}, {"idempotency_key": idempotency_key})
    except stripe.StripeError as exc:
        raise PaymentError(f"Stripe refused the refund: {exc.user_message or 'no answer'}.") from exc
    return result.to_dict()


def verify_webhook(payload: bytes, signature: str | None) -> dict[str, Any]:
    """The event in a webhook, once its signature and timestamp are proven; WebhookError otherwise."""
    try:
        event = stripe.Webhook.construct_event(
            payload, signature, current_app.config["STRIPE_WEBHOOK_SECRET"], tolerance=WEBHOOK_TOLERANCE_SECONDS
        )
    except stripe.SignatureVerificationError as exc:
        raise WebhookError(f"Signature refused: {exc.user_message or exc}") from exc
    except ValueError as exc:  # not JSON, or not an event
        raise WebhookError("The payload is not a Stripe event.") from exc
    return event.to_dict()
