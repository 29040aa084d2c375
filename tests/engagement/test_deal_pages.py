"""Deals where customers see prices: home page, listing, product page, look-alikes; and what that costs in queries."""
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from webapp.extensions import db
from webapp.models import ProductNeighbour
from webapp.request_deals import live_deals


@contextmanager
def counting_queries() -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


@pytest.fixture
def tee_on_deal(make_product, make_deal):
    tee = make_product(name="Striped Tee", price_cents=2000)
    make_deal("percent", 25, "article_type", "Tshirts", name="Summer tees")
    return tee


def test_the_home_page_promotes_live_deals_with_was_and_now_prices(client, tee_on_deal, make_product, make_deal):
    make_deal("percent", 50, "article_type", "Tshirts", name="Gone deal", when="expired")
    page = client.get("/").text
    deals = page.split('id="deals"')[1].split("</section>")[0]
    assert "Summer tees" in deals and "25% off" in deals
    assert "Gone deal" not in deals
    assert "Striped Tee" in deals
    assert "€20.00</del>" in deals and "€15.00</ins>" in deals


def test_the_home_page_has_no_deals_section_without_deals(client, make_product):
    make_product()
    assert 'id="deals"' not in client.get("/").text


def test_the_product_page_shows_was_and_now_and_the_deals_name_and_end(client, tee_on_deal):
    page = client.get(f"/products/{tee_on_deal.id}").text
    assert "€20.00</del>" in page and "€15.00</ins>" in page
    note = page.split('id="deal-note"')[1].split("</p>")[0]
    assert "Summer tees" in note and "until" in note


def test_a_product_without_a_deal_shows_one_price(client, make_product):
    page = client.get(f"/products/{make_product(price_cents=2000, article_type='Jeans').id}").text
    assert "€20.00" in page and "<del" not in page and 'id="deal-note"' not in page


def test_the_listing_shows_deal_prices(client, tee_on_deal):
    page = client.get("/products").text
    assert "€15.00</ins>" in page


def test_look_alikes_show_the_deal_price(client, make_product, tee_on_deal):
    shirt = make_product(name="Plain Shirt", article_type="Shirts", price_cents=3000)
    db.session.add(ProductNeighbour(product_id=shirt.id, rank=0, neighbour_id=tee_on_deal.id, similarity=0.9))
    db.session.commit()
    similar = client.get(f"/products/{shirt.id}").text.split('id="similar-products"')[1].split("</section>")[0]
    assert "Striped Tee" in similar and "€15.00" in similar


@pytest.mark.parametrize("url", ["/", "/products"])
def test_deal_prices_cost_no_query_per_product(client, make_product, make_deal, url):
    def queries_with(products: int) -> int:
        for n in range(products):
            make_product(name=f"Deal tee {n}", is_featured=True)
        with counting_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    make_deal("percent", 20, "article_type", "Tshirts")
    make_deal("fixed", 300, "master_category", "Apparel")
    make_deal("percent", 10, "sub_category", "Topwear")
    few = queries_with(2)
    many = queries_with(12)
    assert many == few
    assert few <= 12


def test_a_request_reads_the_live_deals_once(app, make_deal):
    make_deal()
    with app.test_request_context(), counting_queries() as statements:
        first, again = live_deals(), live_deals()
    assert first is again
    assert len(statements) == 1


def test_the_next_request_sees_the_deals_as_they_are_then(app, make_deal):
    # The tests' app context outlives each request, as a command's does: the deals must not.
    with app.test_request_context():
        assert live_deals().deals == []
    make_deal(name="Just started")
    with app.test_request_context():
        assert [deal.name for deal in live_deals().deals] == ["Just started"]
