"""Fixtures for background jobs, the mail outbox and faults: the buying fixtures (quick users, orders,
SMTP servers up, down and hanging, the Stripe stand-in), Redis on loopback, and a shop journey over HTTP.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rq import Queue

from tests.support.buying import add_to_cart, checkout_through_pages
from tests.support.redis_server import unique_name
from tests.support.web import session_csrf_token
from webapp.models import Product, User
from webapp.services.jobs.queue import redis_connection


@pytest.fixture
def rq_queue(app: Flask, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Queue]:
    """REDIS_URL set to the loopback Redis, with a queue of this test's own (deleted afterwards)."""
    monkeypatch.setitem(app.config, "REDIS_URL", request.getfixturevalue("redis_url"))
    monkeypatch.setitem(app.config, "JOBS_QUEUE", unique_name("jobs"))
    queue = Queue(app.config["JOBS_QUEUE"], connection=redis_connection())
    yield queue
    queue.delete(delete_jobs=True)


class Journey:
    """A customer's and an admin's clicks through the shop, as a browser posts them."""

    def __init__(self, client: FlaskClient, auth: Any, customer: User, admin: User) -> None:
        self.client, self.auth, self.customer, self.admin = client, auth, customer, admin

    def _post(self, url: str, **data: str):
        return self.client.post(url, data={"csrf_token": session_csrf_token(self.client), **data})

    def place_order(self, product: Product):
        self.auth.login(self.customer)
        add_to_cart(self.client, product.id, 1)
        return checkout_through_pages(self.client)

    def pay(self, order_id: int):
        return self._post(f"/checkout/orders/{order_id}/pay")

    def cancel(self, order_id: int):
        return self._post(f"/account/orders/{order_id}/cancel")

    def ship(self, order_id: int):
        self._post("/auth/logout")
        self.auth.login(self.admin)
        response = self._post(f"/admin/orders/{order_id}/ship", note="DHL 123")
        self._post("/auth/logout")
        return response


@pytest.fixture
def journey(client: FlaskClient, auth: Any, customer: User, admin: User) -> Journey:
    return Journey(client, auth, customer, admin)


@pytest.fixture
def product(make_product: Callable[..., Product]) -> Product:
    return make_product(name="Linen Shirt", stock=5)

