"""Fixtures for buying: a Stripe stand-in, SMTP servers (up and down), and quick ways to make orders."""
from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask

from tests.support.buying import WEBHOOK_SECRET, place_order
from tests.support.stripe_standin import StripeStandIn
from webapp.models import Order, Product, User
from webapp.services.buying import payments

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


@pytest.fixture
def stripe_order(stripe_standin: StripeStandIn, order_for: Callable[..., Order]) -> Callable[..., tuple[Order, dict]]:
    """stripe_order(**product fields): a pending order paid through Stripe, and its open Checkout Session."""

    def make(**product_fields: Any) -> tuple[Order, dict]:
        order = order_for(**product_fields)
        payments.stripe_checkout_url(order, "https://shop.test/done", "https://shop.test/cancelled")
        return order, stripe_standin.sessions[order.stripe_session_id]

    return make


# --- Mail -----------------------------------------------------------------------------------------

class _Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # aiosmtpd's hook name
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _started_controller(inbox: _Inbox, attempts: int = 5) -> Controller:
    """aiosmtpd needs a port number up front: another process (an xdist worker) may take it first, so retry."""
    for attempt in range(attempts):
        controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
        try:
            controller.start()
        except OSError:
            if attempt == attempts - 1:
                raise
            continue
        return controller
    raise AssertionError("unreachable")


@pytest.fixture
def smtp_inbox(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """A real SMTP server on loopback; the list fills with the envelopes it receives."""
    inbox = _Inbox()
    controller = _started_controller(inbox)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", controller.port)
    yield inbox.messages
    controller.stop()


@pytest.fixture
def smtp_down(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """MAIL_SERVER points at a loopback port where nothing listens (connection refused).

    The port stays bound (never listening) for the test, so no other process can start a server on it.
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
        monkeypatch.setitem(app.config, "MAIL_PORT", port)
        yield port


@pytest.fixture
def smtp_hanging(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """MAIL_SERVER points at a loopback port that takes connections and never answers; sends give up after 1 s."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)  # the kernel completes each connection; nobody ever reads or writes
        monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
        monkeypatch.setitem(app.config, "MAIL_PORT", listener.getsockname()[1])
        monkeypatch.setitem(app.config, "MAIL_TIMEOUT_SECONDS", 1)
        yield listener.getsockname()[1]


# --- Orders ---------------------------------------------------------------------------------------

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
