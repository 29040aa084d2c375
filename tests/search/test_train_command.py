"""`flask recommender train`: a head tuned to the catalogue, the index built with it, or plainly why not."""
from __future__ import annotations

import json

import numpy as np
import pytest
from flask import Flask
from sqlalchemy import select

from recommender import ColourShapeEmbedder
from recommender.tuning import TunedHead, train_head
from tests.support.databases import ScratchShop, Snapshot
from tests.support.products import product_maker
from tests.support.search import build_catalogue, card_ids, drawing, encoded, pictured_product_maker, search_with_photo
from webapp.extensions import db
from webapp.models import Product
from webapp.services.visual_search.building import build_catalogue_index
from webapp.services.visual_search.index_versions import IndexUnreadable, load_version, publish
from webapp.services.visual_search.paths import current_version_dir, index_info, recommender_dir
from webapp.services.visual_search.search_index import current_search_index


def train(runner) -> str:
    result = runner.invoke(args=["recommender", "train"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def trained_snapshot(scratch_shop: ScratchShop) -> tuple[Snapshot, str]:
    """The 24-product catalogue after `flask recommender train`, once per backend: rows, files (head, index) and
    what the command printed. Training is most of these tests' time: it runs once, each test starts from a copy."""

    def build() -> str:
        build_catalogue(pictured_product_maker(product_maker()))
        return train(scratch_shop.app.test_cli_runner())

    return scratch_shop.scene(build)


@pytest.fixture
def trained(app: Flask, scratch_shop: ScratchShop, trained_snapshot: tuple[Snapshot, str]) -> tuple[list[Product], str]:
    """The trained shop (its products, id order) and what training printed."""
    snapshot, output = trained_snapshot
    assert scratch_shop.restore(snapshot), "the trained shop is copied into an empty database"
    return list(db.session.scalars(select(Product).order_by(Product.id))), output


def test_training_tunes_the_index_and_photo_search_uses_it(photo_client, trained):
    _catalogue, output = trained
    head = index_info()["head"]
    assert head.startswith("tuned-colour-shape-v2-")
    assert f"Trained {head} on 24 products" in output and f"Vectors tuned by {head} (3 article types)." in output
    assert current_search_index().head.name == head
    response = search_with_photo(photo_client, encoded(drawing((205, 35, 35), "Tshirts")))
    assert len(card_ids(response.text, "photo-results")) == 5


def test_a_confident_colour_comes_first_within_the_photos_type(photo_client, trained):
    catalogue, _output = trained
    response = search_with_photo(photo_client, encoded(drawing((205, 35, 35), "Tshirts")))
    shown = {product.id: product for product in catalogue}
    found = [shown[product_id] for product_id in card_ids(response.text, "photo-results")]
    assert [(product.article_type, product.base_colour) for product in found[:1]] == [("Tshirts", "Red")]
    assert {product.article_type for product in found} == {"Tshirts"}
    assert "Red ones first" in response.text


def test_a_later_index_build_keeps_the_trained_head(trained):
    head = index_info()["head"]
    build_catalogue_index()
    assert index_info()["head"] == head


REFUSALS = {
    # what the products are labelled (None: by their drawn shape), how many, what the shop says
    "one article type": ("Tshirts", 24, "the catalogue has 1 article type(s) with at least 2 products: "
                                        "a head needs two or more to tell apart"),
    "no labels": ("", 24, "no product has an article type to learn from"),
    "three products": (None, 3, "only 3 labelled products with a picture (at least 20 needed)"),
}


@pytest.mark.parametrize(("label", "count", "reason"), REFUSALS.values(), ids=REFUSALS.keys())
def test_a_catalogue_that_cannot_train_a_head_stays_on_the_untuned_vectors(
    runner, make_pictured_product, label, count, reason
):
    shapes = ["Tshirts", "Trousers", "Caps"]
    for n in range(count):
        product = make_pictured_product("Red", shapes[n % 3], shade=n)
        product.article_type = shapes[n % 3] if label is None else label
    db.session.commit()
    output = train(runner)
    assert f"Not tuned: {reason}. The index keeps the untuned vectors." in output
    assert index_info()["head"] is None
    assert index_info()["untuned_reason"] == f"training was refused: {reason}"


def small_head(backbone: str, dim: int) -> TunedHead:
    features = np.random.default_rng(0).normal(size=(24, dim)).astype(np.float32)
    return train_head(features, {"articleType": ["A", "B"] * 12}, backbone, "drawn", epochs=1)


def test_a_head_trained_on_another_backbone_is_never_applied(trained):
    """As left by the shop when it ran ResNet50, before the weights went missing."""
    head = small_head("resnet50-imagenet", ColourShapeEmbedder().dim)
    head.save(recommender_dir() / "heads" / f"{head.name}.npz")
    (recommender_dir() / "tuning.json").write_text(json.dumps({"head": head.name}))
    build_catalogue_index()
    assert index_info()["head"] is None
    assert index_info()["untuned_reason"] == (
        "the head was trained on resnet50-imagenet vectors but this shop embeds with colour-shape-v2: "
        "run `flask recommender train`")


def test_a_version_whose_head_is_not_the_one_its_vectors_were_made_with_is_refused(trained):
    version = load_version(current_version_dir())
    other = small_head("colour-shape-v2", ColourShapeEmbedder().dim)
    publish(recommender_dir(), version.index, version.indexed, version.kinds, None, version.info, other)
    with pytest.raises(IndexUnreadable, match="built with head"):
        load_version(current_version_dir())
