"""Stripe's API through the official library, and nothing else: no order rules live here.

Kept apart from payments.py so that the order pipeline (orders.py) can return money on a
refund without depending on the webhook handling that itself moves orders.
"""
from __future__ import annotations

import json
import logging
import time
from typing import Any

import stripe
from flask import current_app

log = logging.getLogger(__name__)

# Safe because every write carries an idempotency key: a retried request cannot charge twice.
NETWORK_RETRIES = 2
WEBHOOK_TOLERANCE_SECONDS = 300
UNREACHABLE = "Stripe could not be reached, please try again in a few minutes"
NOT_AN_EVENT = "The payload is not a Stripe event."


class PaymentError(RuntimeError):
    """Stripe refused or could not be reached; the message is fit to show."""


class WebhookError(ValueError):
    """A webhook we refuse (bad signature, stale, malformed, or not about one of our orders)."""


def is_configured() -> bool:
    config = current_app.config
    return bool(config.get("STRIPE_SECRET_KEY") and config.get("STRIPE_WEBHOOK_SECRET"))


def _reason(exc: stripe.StripeError) -> str:
    """What the customer may read: Stripe's own message when it answered, never the transport's error.

    A connection error's message names the API host and the socket error: that goes to the log.
    """
    if isinstance(exc, stripe.APIConnectionError):
        log.warning("Stripe could not be reached: %s", exc)
        return UNREACHABLE
    return exc.user_message or "no answer"


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
        raise PaymentError(f"Stripe could not start the payment: {_reason(exc)}.") from exc
    return session.to_dict()


def create_coupon(params: dict[str, Any], idempotency_key: str) -> dict[str, Any]:
    """A Stripe coupon (amount_off, currency, duration ...), for a Checkout Session's discounts."""
    try:
        coupon = _client().v1.coupons.create(params, {"idempotency_key": idempotency_key})
    except stripe.StripeError as exc:
        raise PaymentError(f"Stripe could not take the coupon: {_reason(exc)}.") from exc
    return coupon.to_dict()


def retrieve_checkout_session(session_id: str) -> dict[str, Any]:
    try:
        return _client().v1.checkout.sessions.retrieve(session_id).to_dict()
    except stripe.StripeError as exc:
        raise PaymentError(f"Stripe could not find the payment: {_reason(exc)}.") from exc


def expire_checkout_session(session_id: str) -> None:
    """Close an unpaid payment page. Stripe refuses when the customer has just paid: then so do we."""
    try:
        _client().v1.checkout.sessions.expire(session_id)
    except stripe.StripeError as exc:
        raise PaymentError(
            f"The payment could not be stopped ({_reason(exc)}); it may just have been made."
        ) from exc


def refund(payment_intent: str, idempotency_key: str) -> dict[str, Any]:
    try:
        result = _client().v1.refunds.create({"payment_intent": payment_intent}, {"idempotency_key": idempotency_key})
    except stripe.StripeError as exc:
        raise PaymentError(f"Stripe refused the refund: {_reason(exc)}.") from exc
    return result.to_dict()


def verify_webhook(payload: bytes, signature: str | None) -> dict[str, Any]:
    """The event in a webhook, once its signature and timestamp are proven; WebhookError otherwise."""
    try:
        stripe.WebhookSignature.verify_header(
            payload, signature, current_app.config["STRIPE_WEBHOOK_SECRET"], tolerance=WEBHOOK_TOLERANCE_SECONDS
        )
    except stripe.SignatureVerificationError as exc:
        raise WebhookError(f"Signature refused: {exc.user_message or exc}") from exc
    except ValueError as exc:  # not UTF-8
        raise WebhookError(NOT_AN_EVENT) from exc
    # Stripe's check only refuses old timestamps; a signature dated ahead is as suspect as a stale one.
    if _signed_at(signature or "") > time.time() + WEBHOOK_TOLERANCE_SECONDS:
        raise WebhookError("Signature refused: its timestamp is in the future.")
    return _event_in(payload)


def _signed_at(header: str) -> int:
    """The t= of a Stripe-Signature header that verify_header accepted (so it is there and a number)."""
    return next(int(value) for key, _, value in (item.partition("=") for item in header.split(",")) if key == "t")


def _event_in(payload: bytes) -> dict[str, Any]:
    """The signed payload as an event: a JSON object with a string id and type and a data object."""
    try:
        event = json.loads(payload)
    except ValueError as exc:
        raise WebhookError(NOT_AN_EVENT) from exc
    if not isinstance(event, dict) or event.get("object") != "event":
        raise WebhookError(NOT_AN_EVENT)
    if not isinstance(event.get("id"), str) or not isinstance(event.get("type"), str):
        raise WebhookError(NOT_AN_EVENT)
    if not isinstance(event.get("data"), dict) or not isinstance(event["data"].get("object"), dict):
        raise WebhookError(NOT_AN_EVENT)
    return event
