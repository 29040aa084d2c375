"""Fixtures for the admin dashboards and reports: the hand-computed small shop, a growing shop, CSV reading."""
from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.support.databases import ScratchShop, Snapshot
from tests.support.images import jpeg_bytes
from tests.support.reports import ROUTES, S, SmallShop, build_small_shop, day, queries_during, sell
from tests.support.web import PASSWORD, post_form
from webapp.extensions import db
from webapp.models import Product, Role, User
from webapp.models.catalog import ONE_SIZE
from webapp.services.accounts.users import create_user
from webapp.services.catalog.media import store_product_image
from webapp.services.catalog.sizes import size_rows


@pytest.fixture(scope="session")
def small_shop_snapshot(scratch_shop: ScratchShop) -> tuple[Snapshot, dict]:
    """The small shop sold once per backend through the services, kept as rows and files (and its ids)."""
    return scratch_shop.scene(lambda: build_small_shop().ids())


@pytest.fixture
def small_shop(app: Flask, scratch_shop: ScratchShop, small_shop_snapshot: tuple[Snapshot, dict]) -> SmallShop:
    """The hand-computed shop of tests.support.reports.SmallShop: the same rows, ids and files as selling it
    through the services gives (it is sold once per backend and copied back for each test)."""
    snapshot, ids = small_shop_snapshot
    if not scratch_shop.restore(snapshot):  # a fixture set up before this one wrote rows: sell it here
        return build_small_shop()
    return SmallShop.load(ids)


GROWING_ADMIN = "grown-admin@shop.example.com"


@dataclass
class GrowingShop:
    """A shop sold to in two rounds: 5 paid orders, then grow() sells 45 more (50 in all). Ids, not rows.

    Of the 50: `quiet` bought once and `busy` ten times; `one_buyer` was sold once and `many_buyers`
    in most orders; `placed` is only placed (one event), `delivered` has two lines and four events.
    """

    scratch: ScratchShop
    admin_client: FlaskClient
    products: list[int]
    quiet: int = 0
    busy: int = 0
    one_buyer: int = 0
    many_buyers: int = 0
    placed: int = 0
    delivered: int = 0
    orders: int = 0
    _people: Iterator[int] = field(default_factory=lambda: iter(range(1, 1_000_000)))

    def queries(self, url: str) -> list[str]:
        """What one admin page view runs now (a GET: it changes nothing)."""
        return queries_during(self.scratch.app, self.admin_client, url)

    def _customer(self) -> User:
        return create_user(f"grower{next(self._people)}@shop.example.com", "Growing Customer", PASSWORD)

    def _sell(self, user: User, *items: tuple[int, int], route: list[S]) -> int:
        lines = [(db.session.get(Product, product_id), quantity) for product_id, quantity in items]
        order = sell(user, *lines, on=day(self.orders % 20), route=route)
        self.orders += 1
        return order.id

    def _sell_to_newcomers(self, until: int) -> None:
        while self.orders < until:
            number = self.orders
            self._sell(self._customer(), (self.products[number % 2], 1 + number % 3), route=ROUTES[S.PAID])

    def first_round(self) -> None:
        with self.scratch.app.app_context():
            self.quiet = self._customer().id
            self._sell(db.session.get(User, self.quiet), (self.products[0], 1), route=ROUTES[S.PAID])
            self._sell_to_newcomers(5)
            db.session.remove()

    def grow(self) -> None:
        """Sell the other 45 orders (the shop then has 50)."""
        assert self.orders == 5, "grow() once, after the first round"
        first, second, third = self.products
        self.many_buyers, self.one_buyer = first, third
        with self.scratch.app.app_context():
            busy = self._customer()
            self.busy = busy.id
            for number in range(10):
                self._sell(busy, (self.products[number % 2], 1), route=ROUTES[S.PAID])
            self._sell(self._customer(), (third, 1), route=ROUTES[S.PAID])
            self.placed = self._sell(self._customer(), (first, 1), route=ROUTES[S.PENDING_PAYMENT])
            self.delivered = self._sell(self._customer(), (first, 2), (second, 1), route=ROUTES[S.DELIVERED])
            self._sell_to_newcomers(50)
            db.session.remove()


@pytest.fixture(scope="module")
def growing_shop(scratch_shop: ScratchShop) -> Iterator[GrowingShop]:
    """A GrowingShop at 5 orders, built once for the module; its tests only read it (no per-test wipe)."""
    app = scratch_shop.app
    with scratch_shop.keeping_rows("growing_shop"):
        with app.app_context():
            products = []
            for number, gender in enumerate(("Men", "Women", "Men")):
                sku = f"G-{number:04d}"
                product = Product(sku=sku, name=f"Growing Product {number}", gender=gender,
                                  master_category="Apparel", sub_category="Topwear", article_type="Tshirts",
                                  base_colour="Red", season="Summer", usage="Casual", year=2020,
                                  price_cents=1999, sizes=size_rows({ONE_SIZE: 10_000}),
                                  image_name=store_product_image(sku, jpeg_bytes(), ".jpg"))
                db.session.add(product)
                products.append(product)
            create_user(GROWING_ADMIN, "Ada Boss", PASSWORD, Role.ADMIN)
            product_ids = [product.id for product in products]
            db.session.remove()
        client = app.test_client()
        assert post_form(client, "/auth/login", {"email": GROWING_ADMIN, "password": PASSWORD}).status_code == 302
        shop = GrowingShop(scratch_shop, client, product_ids)
        shop.first_round()
        yield shop


@pytest.fixture
def csv_of(admin_client: FlaskClient) -> Callable[[str], list[list[str]]]:
    """csv_of(url): the rows of a CSV export as a spreadsheet would read them (header first)."""

    def read(url: str) -> list[list[str]]:
        response = admin_client.get(url)
        assert response.status_code == 200, response.text[:500]
        assert response.mimetype == "text/csv"
        return list(csv.reader(io.StringIO(response.get_data(as_text=True).removeprefix("\ufeff"))))

    return read
