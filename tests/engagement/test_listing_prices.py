"""The listing's price filter and price sort use what customers pay now, deals included."""
import re

import pytest

from webapp.services.pricing.promotions import load_live_deals
from webapp.services.pricing.rule import price_of


def names(html: str) -> list[str]:
    return re.findall(r"<h3>([^<]+)</h3>", html)


@pytest.fixture
def shelf(make_product, make_deal):
    """List prices 10.00–50.00; deals make the dearest ones the cheapest."""
    products = {
        "Tee": make_product(name="Tee", price_cents=1000),
        "Shirt": make_product(name="Shirt", article_type="Shirts", price_cents=2000),
        "Sandal": make_product(name="Sandal", article_type="Sandals", price_cents=3333),
        "Watch": make_product(name="Watch", article_type="Watches", price_cents=5000),
        "Cap": make_product(name="Cap", article_type="Caps", price_cents=4000),
    }
    make_deal("percent", 75, "article_type", "Sandals")  # 33.33 → 8.33 (8.3325 rounded half up)
    make_deal("fixed", 4500, product=products["Watch"])  # 50.00 → 5.00
    make_deal("percent", 10, "article_type", "Watches")  # overlaps: 45.00, the product deal wins
    make_deal("fixed", 9000, "article_type", "Caps")  # more than the price → 0.00
    make_deal("percent", 90, "article_type", "Shirts", when="expired")
    return products


def test_price_sort_follows_deal_prices(client, shelf):
    assert names(client.get("/products?sort=price_asc").text) == ["Cap", "Watch", "Sandal", "Tee", "Shirt"]
    assert names(client.get("/products?sort=price_desc").text) == ["Shirt", "Tee", "Sandal", "Watch", "Cap"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("price_max=9", {"Cap", "Watch", "Sandal"}),
        ("price_min=8.33&price_max=8.33", {"Sandal"}),
        ("price_min=10", {"Tee", "Shirt"}),
        ("price_max=0", {"Cap"}),
    ],
)
def test_price_filter_uses_deal_prices(client, shelf, query, expected):
    assert set(names(client.get(f"/products?{query}").text)) == expected


def test_the_sql_price_rule_orders_products_as_the_python_rule_prices_them(client, shelf):
    deals = load_live_deals()
    expected = sorted(shelf.values(), key=lambda product: (price_of(product, deals).cents, product.id))
    assert [price_of(p, deals).cents for p in expected] == [0, 500, 833, 1000, 2000]
    assert names(client.get("/products?sort=price_asc").text) == [p.name for p in expected]


# Whole amounts without decimals, as people type them ("60", not "60.0").
@pytest.mark.parametrize(
    ("typed", "shown"), [("9", "9"), ("60.0", "60"), ("8.5", "8.5"), ("8,33", "8.33"), ("0.005", "0")]
)
def test_the_price_filter_shows_the_amount_it_filters_on(client, typed, shown):
    assert f'value="{shown}"' in client.get("/products", query_string={"price_max": typed}).text
