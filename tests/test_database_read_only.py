"""Fault: the database answers but refuses writes (set read-only, or a standby after a failover).

What the visitor sees: every page that only reads works, a product page included (the view it would
record is let go and logged); every write answers 503 "The shop cannot save changes right now", and
readiness says "degraded". Nothing saved before is lost, and writes work again once the database does.
"""
from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select

from tests.support.read_only import database_refusing_writes
from tests.support.web import PASSWORD, post_form, session_csrf_token
from webapp.extensions import db
from webapp.models import CartItem, Product, ProductSize, ProductView, User

CANNOT_SAVE = "The shop cannot save changes right now"


@pytest.fixture
def shopper(client, auth, customer, make_product):
    """A logged-in customer with a product in the cart, all saved before the database turns read-only."""
    product = make_product(name="Linen Shirt", stock=5)
    auth.login(customer)
    client.post("/cart/add", data={"csrf_token": session_csrf_token(client), "product_id": product.id, "quantity": 2})
    return customer


def cart_of(user: User) -> dict[int, int]:
    db.session.expire_all()
    rows = db.session.execute(select(ProductSize.product_id, CartItem.quantity)
                              .join(ProductSize, ProductSize.id == CartItem.size_id).where(CartItem.user_id == user.id))
    return dict(rows.all())


def product_named(name: str) -> Product:
    return db.session.scalar(select(Product).where(Product.name == name))


READING_PAGES = ["/", "/products", "/products/{id}", "/products?q=linen", "/cart/", "/account/", "/account/orders",
                 "/account/profile", "/search/photo", "/feedback/"]


@pytest.mark.parametrize("page", READING_PAGES)
def test_pages_that_only_read_still_work(client, shopper, page):
    url = page.format(id=product_named("Linen Shirt").id)
    with database_refusing_writes():
        response = client.get(url)
    assert response.status_code == 200


def test_a_customers_product_page_is_served_and_the_view_it_could_not_record_is_logged(client, shopper, caplog):
    product = product_named("Linen Shirt")
    with database_refusing_writes(), caplog.at_level(logging.WARNING):
        response = client.get(f"/products/{product.id}")
    assert response.status_code == 200
    assert "Linen Shirt" in response.text
    assert f"Could not record that user {shopper.id} viewed product {product.id}" in caplog.text
    assert db.session.scalar(select(func.count()).select_from(ProductView)) == 0


def add_more(client, product_id: int):
    return client.post("/cart/add", data={"csrf_token": session_csrf_token(client), "product_id": product_id,
                                          "quantity": 1})


def rename(client, _product_id: int):
    return post_form(client, "/account/profile", {"name": "Someone Else"})


def log_out(client, _product_id: int):
    return client.post("/auth/logout", data={"csrf_token": session_csrf_token(client)})


WRITES = {"adding to the cart": add_more, "renaming oneself": rename, "logging out": log_out}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_a_write_answers_a_clear_503_and_changes_nothing(client, shopper, write):
    product = product_named("Linen Shirt")
    with database_refusing_writes():
        response = write(client, product.id)
    assert response.status_code == 503
    assert CANNOT_SAVE in response.text
    assert response.headers["Retry-After"] == "60"
    assert cart_of(shopper) == {product.id: 2}
    assert db.session.get(User, shopper.id).name == "Cora Buyer"


def test_registering_answers_a_clear_503_and_creates_no_account(client):
    form = {"name": "New Person", "email": "new@shop.example.com", "password": PASSWORD, "confirm": PASSWORD}
    with database_refusing_writes():
        response = post_form(client, "/auth/register", form)
    assert response.status_code == 503
    assert CANNOT_SAVE in response.text
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_readiness_reports_a_read_only_database_as_degraded_and_stays_ready(client):
    with database_refusing_writes():
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json == {"status": "degraded", "database": "read-only"}


def test_once_the_database_writes_again_so_does_the_shop_and_nothing_saved_was_lost(client, shopper):
    product = product_named("Linen Shirt")
    with database_refusing_writes():
        assert add_more(client, product.id).status_code == 503
    assert client.get("/readyz").json == {"status": "ok", "database": "ok"}
    assert add_more(client, product.id).status_code == 302
    assert cart_of(shopper) == {product.id: 3}
    assert db.session.get(Product, product.id).units_in_stock == 5
