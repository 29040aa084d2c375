"""Fixtures for look-alikes and photo search: pictured products, a built index, a swappable embedder."""
from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.support.databases import ScratchShop, Snapshot
from tests.support.products import product_maker
from tests.support.search import build_catalogue, pictured_product_maker
from webapp.extensions import db
from webapp.models import Product
from webapp.services.visual_search.building import build_catalogue_index
from webapp.services.visual_search.embedding import EMBEDDER_KEY
from webapp.services.visual_search.search_index import SEARCH_INDEX_KEY


@pytest.fixture
def make_pictured_product(make_product: Callable[..., Product]) -> Callable[..., Product]:
    return pictured_product_maker(make_product)


@pytest.fixture
def catalogue(make_pictured_product: Callable[..., Product]) -> list[Product]:
    """build_catalogue's 24 products."""
    return build_catalogue(make_pictured_product)


@pytest.fixture(scope="session")
def indexed_catalogue_snapshot(scratch_shop: ScratchShop) -> Snapshot:
    """The catalogue with its look-alike index, built once per backend and kept as rows and files."""

    def build() -> None:
        build_catalogue(pictured_product_maker(product_maker()))
        build_catalogue_index()

    return scratch_shop.scene(build)[0]


@pytest.fixture
def indexed_catalogue(scratch_shop: ScratchShop, indexed_catalogue_snapshot: Snapshot,
                      make_pictured_product: Callable[..., Product]) -> list[Product]:
    """The catalogue with its index built, as build_catalogue_index() leaves it: copied from the snapshot, or built
    here where restore() cannot copy it (a fixture before it changed a setting or the embedder, or wrote rows)."""
    if scratch_shop.restore(indexed_catalogue_snapshot):
        return list(db.session.scalars(select(Product).order_by(Product.id)))
    products = build_catalogue(make_pictured_product)
    build_catalogue_index()
    return products


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
