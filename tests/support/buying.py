"""Buying: a home address, orders made through the services, Stripe's webhook signing, checkout through pages."""
from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import re
import time
from typing import Any

from flask.testing import FlaskClient

from tests.support.web import session_csrf_token
from webapp.extensions import db
from webapp.models import Order, Product, ProductSize, User
from webapp.services.buying import cart as carts
from webapp.services.buying import checkout
from webapp.services.buying.cart import AccountCart
from webapp.services.buying.checkout import Address
from webapp.services.pricing.promotions import load_live_deals
from webapp.services.shop_settings import current_settings

WEBHOOK_SECRET = "whsec_test_standin_secret"
HOME = Address(full_name="Cora Buyer", line1="Keizersgracht 1", postal_code="1015 CJ", city="Amsterdam", country="NL")
HOME_FORM = {"full_name": HOME.full_name, "line1": HOME.line1, "line2": "", "postal_code": HOME.postal_code,
             "city": HOME.city, "country": HOME.country}
_event_ids = itertools.count(1)


# --- Orders ---------------------------------------------------------------------------------------

def place_order(user: User, *items: tuple[Product | ProductSize, int], coupon_code: str = "") -> Order:
    """An order as checkout makes it (through the services): address saved, cart filled, order placed.

    Each item is a product of one size, or the size to buy, with its quantity; `coupon_code` is applied.
    """
    checkout.save_address(user.id, HOME)
    store = AccountCart(user.id)
    for item, quantity in items:
        if isinstance(item, ProductSize):
            carts.add(store, item.product_id, quantity, item.id)
        else:
            carts.add(store, item.id, quantity)
    deals, shipping = load_live_deals(), current_settings().shipping_rate
    total = checkout.totals(carts.load(store, deals), shipping, coupon_code).total_cents
    return checkout.place_order(user, checkout.new_checkout_token(), total, deals, coupon_code, shipping=shipping)


def fresh(model: Any) -> Any:
    """The row as the database has it now (not as this session remembers it)."""
    db.session.expire_all()
    return db.session.get(type(model), model.id)


# --- Stripe ---------------------------------------------------------------------------------------

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
