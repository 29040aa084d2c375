"""Fixtures for buying: a Stripe stand-in, SMTP servers (up and down), and quick ways to make orders."""
from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import re
import socket
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from tests.conftest import PASSWORD, session_csrf_token
from tests.stripe_standin import StripeStandIn
from webapp.extensions import db
from webapp.models import Order, Product, ProductSize, Role, User
from webapp.services.buying import cart as carts
from webapp.services.buying import checkout, payments
from webapp.services.buying.cart import AccountCart
from webapp.services.buying.checkout import Address
from webapp.services.pricing.promotions import load_live_deals
from webapp.services.shop_settings import current_settings

WEBHOOK_SECRET = "whsec_test_standin_secret"
HOME = Address(full_name="Cora Buyer", line1="Keizersgracht 1", postal_code="1015 CJ", city="Amsterdam", country="NL")
HOME_FORM = {"full_name": HOME.full_name, "line1": HOME.line1, "line2": "", "postal_code": HOME.postal_code,
             "city": HOME.city, "country": HOME.country}
_event_ids = itertools.count(1)
# Buying tests create and log in many people; scrypt (about 80 ms a hash, on purpose) would be most
# of their time, and password hashing is not what they test. Logins still check this hash.
_QUICK_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1")


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    """tests/conftest.py's make_user (customer, admin use it too), with a quick password hash."""
    counter = itertools.count(1)

    def make(role: Role = Role.CUSTOMER, email: str | None = None, name: str = "Test Person") -> User:
        user = User(email=email or f"buyer{next(counter)}@shop.example.com", name=name, role=role.value,
                    password_hash=_QUICK_HASH)
        db.session.add(user)
        db.session.commit()
        return user

    return make


# --- Stripe ---------------------------------------------------------------------------------------

@pytest.fixture
def stripe_standin(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[StripeStandIn]:
    """Stripe keys set, and the real stripe library pointed at a local stand-in of Stripe's API."""
    standin = StripeStandIn()
    standin.start()
    monkeypatch.setitem(app.config, "STRIPE_SECRET_KEY", "sk_test_standin")
    monkeypatch.setitem(app.config, "STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET)
    monkeypatch.setitem(app.config, "STRIPE_API_BASE", standin.url)
    yield standin
    standin.stop()


def stripe_signature(payload: str, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """The Stripe-Signature header exactly as Stripe computes it: t=<ts>,v1=<hex HMAC-SHA256 of "ts.payload">."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def stripe_event(event_type: str, session: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
    return {
        "id": event_id or f"evt_test_{next(_event_ids)}",
        "object": "event",
        "type": event_type,
        "created": int(time.time()),
        "livemode": False,
        "data": {"object": session},
    }


def send_webhook(client: FlaskClient, event: dict[str, Any], **signing: Any):
    payload = json.dumps(event)
    return client.post(
        "/stripe/webhook",
        data=payload,
        content_type="application/json",
        headers={"Stripe-Signature": stripe_signature(payload, **signing)},
    )


# --- Mail -----------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # aiosmtpd's hook name
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_inbox(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """A real SMTP server on loopback; the list fills with the envelopes it receives."""
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", controller.port)
    yield inbox.messages
    controller.stop()


@pytest.fixture
def smtp_down(app: Flask, monkeypatch: pytest.MonkeyPatch) -> int:
    """MAIL_SERVER points at a loopback port where nothing listens (connection refused)."""
    port = _free_port()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    return port


# --- Orders ---------------------------------------------------------------------------------------

def place_order(user: User, *items: tuple[Product | ProductSize, int]) -> Order:
    """An order as checkout makes it (through the services): address saved, cart filled, order placed.

    Each item is a product of one size, or the size to buy, with its quantity.
    """
    checkout.save_address(user.id, HOME)
    store = AccountCart(user.id)
    for item, quantity in items:
        if isinstance(item, ProductSize):
            carts.add(store, item.product_id, quantity, item.id)
        else:
            carts.add(store, item.id, quantity)
    deals, shipping = load_live_deals(), current_settings().shipping_rate
    total = checkout.totals(carts.load(store, deals), shipping).total_cents
    return checkout.place_order(user, checkout.new_checkout_token(), total, deals, shipping=shipping)


@pytest.fixture
def order_for(customer: User, make_product: Callable[..., Product]) -> Callable[..., Order]:
    """order_for(paid=False, quantity=1, **product fields): the customer's order of one new product."""

    def make(paid: bool = False, quantity: int = 1, user: User | None = None, **product_fields: Any) -> Order:
        product = make_product(**product_fields)
        order = place_order(user or customer, (product, quantity))
        if paid:
            payments.pay_with_test_payment(order)
        return order

    return make


def fresh(model: Any) -> Any:
    """The row as the database has it now (not as this session remembers it)."""
    db.session.expire_all()
    return db.session.get(type(model), model.id)


# --- Through HTTP ---------------------------------------------------------------------------------

TOKEN_FIELD = re.compile(r'name="checkout_token" value="([^"]+)"')
TOTAL_FIELD = re.compile(r'name="total_cents" value="(\d+)"')


def add_to_cart(client: FlaskClient, product_id: Any, quantity: Any = 1, size_id: Any = None, **kwargs: Any):
    """What a product page's Add to cart posts; a product of one size needs no size_id."""
    data = {"csrf_token": session_csrf_token(client), "product_id": product_id, "quantity": quantity}
    if size_id is not None:
        data["size_id"] = size_id
    return client.post("/cart/add", data=data, **kwargs)


def review_form(client: FlaskClient) -> dict[str, str]:
    """The hidden fields of the review page's Place order form (CSRF, checkout token, reviewed total)."""
    page = client.get("/checkout/review").text
    return {
        "csrf_token": session_csrf_token(client),
        "checkout_token": TOKEN_FIELD.search(page).group(1),
        "total_cents": TOTAL_FIELD.search(page).group(1),
    }


def checkout_through_pages(client: FlaskClient, **kwargs: Any):
    """Address form, review, Place order: what a browser posts. Returns the Place order response."""
    client.post("/checkout/", data={"csrf_token": session_csrf_token(client), **HOME_FORM})
    return client.post("/checkout/place", data=review_form(client), **kwargs)


@pytest.fixture
def stripe_order(stripe_standin: StripeStandIn, order_for: Callable[..., Order]) -> Callable[..., tuple[Order, dict]]:
    """stripe_order(**product fields): a pending order paid through Stripe, and its open Checkout Session."""

    def make(**product_fields: Any) -> tuple[Order, dict]:
        order = order_for(**product_fields)
        payments.stripe_checkout_url(order, "https://shop.test/done", "https://shop.test/cancelled")
        return order, stripe_standin.sessions[order.stripe_session_id]

    return make
