"""`flask recommender index`: embeds only new or changed pictures, reports what it did."""
from __future__ import annotations

from tests.support.search import StubEmbedder, drawing, encoded
from webapp.extensions import db
from webapp.services.catalog.media import product_images_dir, store_product_image
from webapp.services.visual_search.paths import current_version_dir, has_index, recommender_dir


def index(runner) -> str:
    result = runner.invoke(args=["recommender", "index"])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_first_run_embeds_every_picture_and_stores_the_look_alikes(runner, catalogue):
    # 16 T-shirts and trousers list 3 of their type and gender, then 4 of the other Apparel type; 8 caps list 3.
    output = index(runner)
    assert "Indexed 24 products with colour-shape-v2: 24 pictures embedded, 0 reused; 136 look-alikes stored." in output
    assert "Category classifier trained on 3 article types." in output


def test_a_second_run_embeds_nothing_again(runner, catalogue):
    index(runner)
    assert "0 pictures embedded, 24 reused" in index(runner)


def test_a_picture_changed_behind_the_shops_back_is_embedded_again(runner, catalogue):
    index(runner)
    catalogue[0].image_name = store_product_image(catalogue[0].sku, encoded(drawing((1, 2, 3), "Caps")), ".jpg")
    db.session.commit()
    assert "1 pictures embedded, 23 reused" in index(runner)


def test_a_new_embedder_embeds_everything_again(runner, catalogue, use_embedder):
    index(runner)
    use_embedder(StubEmbedder(name="another-model"))
    assert "Indexed 24 products with another-model: 24 pictures embedded, 0 reused" in index(runner)


def test_unreadable_pictures_are_skipped_and_named(runner, catalogue):
    (product_images_dir() / catalogue[0].image_name).write_bytes(b"not a picture any more")
    output = index(runner)
    assert "Indexed 23 products" in output
    assert f"Skipped 1 unreadable pictures, e.g. {catalogue[0].image_name}." in output


def test_an_empty_catalogue_builds_an_empty_index(runner, app):
    assert "Indexed 0 products" in index(runner)
    assert has_index()


def test_each_run_publishes_a_new_version_and_keeps_the_last_two(runner, catalogue):
    published = []
    for _ in range(3):
        index(runner)
        published.append(current_version_dir().name)
    assert len(set(published)) == 3
    assert sorted(path.name for path in (recommender_dir() / "versions").iterdir()) == sorted(published[1:])
