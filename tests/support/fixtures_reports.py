"""Fixtures for the admin dashboards and reports: the hand-computed small shop, more orders, CSV reading."""
from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from tests.support.reports import PAID_THEN_CANCELLED, ROUTES, S, SmallShop, day, sell
from webapp.models import Product, User


@pytest.fixture
def small_shop(make_product: Callable[..., Product], make_user: Callable[..., User]) -> SmallShop:
    """The hand-computed shop (today is day 0):

    | order | customer | day | lines              | total   | status                     | revenue? |
    | o1    | cora     | 0   | tee × 2            | €40.00  | delivered                  | yes      |
    | o2    | dan      | 0   | jeans × 1, heels×1 | €130.00 | paid                       | yes      |
    | o3    | cora     | 1   | heels × 1          | €80.00  | refunded                   | no       |
    | o4    | dan      | 3   | tee × 1            | €20.00  | shipped                    | yes      |
    | o5    | cora     | 8   | jeans × 1          | €50.00  | cancelled, never paid      | no       |
    | o6    | cora     | 10  | jeans × 2          | €100.00 | cancelled after payment    | no       |
    | o7    | dan      | 10  | tee × 3            | €60.00  | pending payment            | no       |
    | o8    | cora     | 40  | heels × 1          | €80.00  | delivered                  | yes      |
    """
    tee = make_product(name="Red Tee", price_cents=2000, base_colour="Red", stock=50)
    jeans = make_product(name="Blue Jeans", price_cents=5000, sub_category="Bottomwear", article_type="Jeans",
                         base_colour="Blue", stock=50)
    heels = make_product(name="Black Heels", price_cents=8000, gender="Women", master_category="Footwear",
                         sub_category="Shoes", article_type="Heels", base_colour="Black", stock=50)
    cora = make_user(email="cora@shop.example.com", name="Cora Buyer")
    dan = make_user(email="dan@shop.example.com", name="Dan Shopper")
    placed = {
        "o1": sell(cora, (tee, 2), on=day(0), route=ROUTES[S.DELIVERED]),
        "o2": sell(dan, (jeans, 1), (heels, 1), on=day(0), route=ROUTES[S.PAID]),
        "o3": sell(cora, (heels, 1), on=day(1), route=ROUTES[S.REFUNDED]),
        "o4": sell(dan, (tee, 1), on=day(3), route=ROUTES[S.SHIPPED]),
        "o5": sell(cora, (jeans, 1), on=day(8), route=ROUTES[S.CANCELLED]),
        "o6": sell(cora, (jeans, 2), on=day(10), route=PAID_THEN_CANCELLED),
        "o7": sell(dan, (tee, 3), on=day(10), route=ROUTES[S.PENDING_PAYMENT]),
        "o8": sell(cora, (heels, 1), on=day(40), route=ROUTES[S.DELIVERED]),
    }
    return SmallShop(tee, jeans, heels, cora, dan, placed)


@pytest.fixture
def many_orders(make_product: Callable[..., Product], make_user: Callable[..., User]) -> Callable[[int], None]:
    """many_orders(n): n more paid orders of two products by new customers, spread over the last 20 days."""
    products = [make_product(stock=10_000), make_product(stock=10_000, gender="Women")]
    counter = iter(range(1_000_000))

    def make(count: int) -> None:
        for _ in range(count):
            number = next(counter)
            sell(make_user(), (products[number % 2], 1 + number % 3), on=day(number % 20), route=ROUTES[S.PAID])

    return make


@pytest.fixture
def csv_of(admin_client: FlaskClient) -> Callable[[str], list[list[str]]]:
    """csv_of(url): the rows of a CSV export as a spreadsheet would read them (header first)."""

    def read(url: str) -> list[list[str]]:
        response = admin_client.get(url)
        assert response.status_code == 200, response.text[:500]
        assert response.mimetype == "text/csv"
        return list(csv.reader(io.StringIO(response.get_data(as_text=True).removeprefix("\ufeff"))))

    return read
