"""Product pages show five buyable look-alikes read from the stored lists: no model, no search."""
from __future__ import annotations

import pytest
from sqlalchemy import event

from recommender.index import ExactIndex
from tests.support.search import card_ids
from webapp.extensions import db
from webapp.services.visual_search.building import build_catalogue_index
from webapp.services.visual_search.neighbour_lists import similar_products


def similar_ids(client, product) -> list[int]:
    return card_ids(client.get(f"/products/{product.id}").text, "similar-products")


def test_a_product_page_shows_five_similar_products_with_picture_name_price_and_similarity(client, indexed_catalogue):
    product = indexed_catalogue[0]
    html = client.get(f"/products/{product.id}").text
    section = html.split('id="similar-heading"', 1)[1]
    assert "Similar products" in html
    shown = similar_ids(client, product)
    expected = [look.product for look in similar_products(product.id)]
    assert shown == [p.id for p in expected] and len(shown) == 5
    for neighbour in expected:
        assert neighbour.name in section and neighbour.image_name in section
    assert "€" in section and "% similar" in section


def test_inactive_and_sold_out_look_alikes_are_never_shown(client, indexed_catalogue):
    product = indexed_catalogue[0]
    first, second, *_ = similar_ids(client, product)
    # Changed behind the signal's back: the page itself must filter.
    db.session.get(type(product), first).is_active = False
    db.session.get(type(product), second).sizes[0].stock = 0
    db.session.commit()
    shown = similar_ids(client, product)
    assert first not in shown and second not in shown
    assert len(shown) == 5  # twenty are stored, so filters still leave five


def test_the_page_runs_no_model_and_no_search(client, indexed_catalogue, use_embedder, monkeypatch):
    class Forbidden:
        name = dim = None

        def embed(self, images):
            raise AssertionError("a product page must not run the model")

    def no_search(*args, **kwargs):
        raise AssertionError("a product page must not search the index")

    use_embedder(Forbidden())
    monkeypatch.setattr(ExactIndex, "search", no_search)
    assert len(similar_ids(client, indexed_catalogue[0])) == 5


def test_the_look_alikes_cost_one_query(client, app, indexed_catalogue):
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        client.get(f"/products/{indexed_catalogue[0].id}")
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    neighbour_queries = [s for s in statements if "product_neighbours" in s]
    assert len(neighbour_queries) == 1
    assert "JOIN" in neighbour_queries[0] and "stock" in neighbour_queries[0]


@pytest.mark.parametrize("state", ["no index yet", "index without this product"])
def test_without_stored_look_alikes_the_page_has_no_similar_section(client, catalogue, make_pictured_product, state):
    product = catalogue[0]
    if state == "index without this product":
        build_catalogue_index()
        product = make_pictured_product("Blue", image_name=None)  # no picture: never indexed
    response = client.get(f"/products/{product.id}")
    assert response.status_code == 200
    assert "Similar products" not in response.text
