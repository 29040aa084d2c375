"""Fixtures for look-alikes and photo search: pictured products, a built index, a swappable embedder."""
from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.support.search import COLOURS, SHAPES, drawing, encoded
from webapp.models import Product
from webapp.services.catalog.media import store_product_image
from webapp.services.visual_search.building import build_catalogue_index
from webapp.services.visual_search.embedding import EMBEDDER_KEY
from webapp.services.visual_search.search_index import SEARCH_INDEX_KEY


@pytest.fixture
def make_pictured_product(make_product: Callable[..., Product]) -> Callable[..., Product]:
    counter = iter(range(1, 100_000))

    def make(colour: str = "Red", article_type: str = "Tshirts", shade: int = 0, **fields: object) -> Product:
        sku = f"P-{next(counter):04d}"
        # A small shade step keeps every picture (and so every vector) distinct.
        rgb = tuple(min(255, channel + shade) for channel in COLOURS[colour])
        picture = store_product_image(sku, encoded(drawing(rgb, article_type)), ".jpg")
        values = {"base_colour": colour, "article_type": article_type, "sub_category": SHAPES[article_type][0],
                  "image_name": picture, **fields}
        return make_product(sku=sku, **values)

    return make


@pytest.fixture
def catalogue(make_pictured_product: Callable[..., Product]) -> list[Product]:
    """24 products: three article types in eight colours, prices 11.00 to 34.00, alternating gender.

    T-shirts and trousers are Apparel, caps Accessories.
    """
    products = []
    for article_type in SHAPES:
        for colour in COLOURS:
            n = len(products)
            category = "Accessories" if article_type == "Caps" else "Apparel"
            products.append(make_pictured_product(colour, article_type, shade=n % 3, master_category=category,
                                                  price_cents=1100 + n * 100, gender=("Men", "Women")[n % 2]))
    return products


@pytest.fixture
def indexed_catalogue(catalogue: list[Product]) -> list[Product]:
    build_catalogue_index()
    return catalogue


@pytest.fixture
def use_embedder(app: Flask) -> Iterator[Callable[[object], None]]:
    """Swap the process's embedder for the test; the shop's own comes back afterwards."""
    saved = app.extensions.get(EMBEDDER_KEY)

    def use(embedder: object | None) -> None:
        """Use `embedder`; None makes the next use load the one RECOMMENDER_WEIGHTS names."""
        app.extensions.pop(EMBEDDER_KEY, None)
        if embedder is not None:
            app.extensions[EMBEDDER_KEY] = embedder

    yield use
    app.extensions.pop(EMBEDDER_KEY, None)
    if saved is not None:
        app.extensions[EMBEDDER_KEY] = saved


@pytest.fixture
def photo_client(client: FlaskClient, app: Flask) -> Iterator[FlaskClient]:
    """A client with no cached search index from an earlier test."""
    app.extensions.pop(SEARCH_INDEX_KEY, None)
    yield client
    app.extensions.pop(SEARCH_INDEX_KEY, None)
