"""Stored look-alike lists: the expected neighbours, and incremental updates that equal a full rebuild."""
from __future__ import annotations

import pytest
from PIL import Image
from sqlalchemy import select

from tests.support.search import StubEmbedder, drawing, encoded
from webapp.extensions import db
from webapp.models import Product, ProductNeighbour
from webapp.services.catalog import admin as catalog_admin
from webapp.services.catalog.admin import Upload
from webapp.services.catalog.importer import import_catalog
from webapp.services.catalog.media import store_product_image
from webapp.services.visual_search import building
from webapp.services.visual_search.building import build_catalogue_index
from webapp.services.visual_search.embedding import active_embedder
from webapp.services.visual_search.paths import has_index


def stored_lists() -> dict[int, list[tuple[int, float]]]:
    lists: dict[int, list[tuple[int, float]]] = {}
    rows = db.session.execute(select(ProductNeighbour).order_by(ProductNeighbour.product_id, ProductNeighbour.rank))
    for (row,) in rows:
        lists.setdefault(row.product_id, []).append((row.neighbour_id, row.similarity))
    return lists


def neighbour_ids(lists: dict[int, list[tuple[int, float]]]) -> dict[int, list[int]]:
    return {product: [n for n, _ in ranked] for product, ranked in lists.items()}


def assert_same_as_full_rebuild() -> None:
    incremental = stored_lists()
    build_catalogue_index()
    rebuilt = stored_lists()
    assert neighbour_ids(incremental) == neighbour_ids(rebuilt)
    for product, ranked in rebuilt.items():
        assert [s for _, s in incremental[product]] == pytest.approx([s for _, s in ranked], abs=1e-6)


@pytest.fixture
def few_neighbours(app, monkeypatch):
    """Keep 5 per product, so that lists are a real choice among 24 products."""
    monkeypatch.setitem(app.config, "RECOMMENDER_NEIGHBOURS", 5)


def test_a_tiny_catalogue_stores_the_expected_neighbours_nearest_first(app, make_product, use_embedder):
    use_embedder(StubEmbedder())  # vector = the picture's mean colour

    def solid(sku: str, colour: tuple[int, int, int]) -> Product:
        # PNG, not JPEG: exact colours, so blue is exactly orthogonal to the other three.
        return make_product(sku=sku, image_name=store_product_image(sku, encoded(Image.new("RGB", (40, 40), colour),
                                                                                   "PNG"), ".png"))

    red, orange, lime, blue = (solid("RED", (250, 0, 0)), solid("ORANGE", (250, 160, 0)),
                               solid("LIME", (160, 250, 0)), solid("BLUE", (0, 0, 250)))

    build_catalogue_index()

    lists = stored_lists()
    assert neighbour_ids(lists) == {
        red.id: [orange.id, lime.id, blue.id],
        orange.id: [lime.id, red.id, blue.id],
        lime.id: [orange.id, red.id, blue.id],
        # Blue is equally far from all three (orthogonal): ties go to the lower product id.
        blue.id: [red.id, orange.id, lime.id],
    }
    cosine_red_orange = 250 / (250**2 + 160**2) ** 0.5
    assert lists[red.id][0][1] == pytest.approx(cosine_red_orange, abs=0.01)
    assert lists[blue.id][0][1] == pytest.approx(0.0, abs=0.01)


def test_inactive_products_and_products_without_a_picture_are_not_indexed(app, catalogue, make_product):
    catalogue[0].is_active = False
    db.session.commit()
    pictureless = make_product(image_name=None)

    report = build_catalogue_index()

    assert report.products == len(catalogue) - 1
    listed = {n for ranked in neighbour_ids(stored_lists()).values() for n in ranked} | set(stored_lists())
    assert catalogue[0].id not in listed and pictureless.id not in listed


def test_lists_hold_the_same_type_first_then_the_same_category_in_a_compatible_gender(app, indexed_catalogue):
    # 8 colours per type, genders alternating: a T-shirt for Men lists the 3 other Men's T-shirts, then the 4 Men's
    # trousers (same category, Apparel); a cap lists the 3 other caps of its gender (no other Accessories).
    lengths = {product.article_type: len(stored_lists()[product.id]) for product in indexed_catalogue}
    assert lengths == {"Tshirts": 7, "Trousers": 7, "Caps": 3}


def change_picture(product: Product, colour: tuple[int, int, int]) -> None:
    """A new main picture: uploaded to the gallery, then made the main one."""
    catalog_admin.add_pictures(product, [Upload("new.jpg", encoded(drawing(colour, "Caps")))])
    catalog_admin.make_main_picture(product, product.gallery[-1])


def add_product(like: Product) -> None:
    fields = {key: getattr(like, key) for key in catalog_admin.DESCRIPTIVE_FIELDS}
    catalog_admin.create_product(fields, (), 3, [Upload("new.jpg", encoded(drawing((205, 35, 35), "Tshirts")))])


CHANGES = {
    "a product is created": (lambda products: add_product(products[0]), True),
    "a picture changes": (lambda products: change_picture(products[3], (200, 30, 30)), True),
    "a product is deactivated": (lambda products: catalog_admin.set_active(products[0], False), True),
    "a product is reactivated": (lambda products: (catalog_admin.set_active(products[5], False),
                                                   catalog_admin.set_active(products[5], True)), False),
    "a product's type changes": (lambda products: catalog_admin.update_product(
        products[2], {**{k: getattr(products[2], k) for k in catalog_admin.DESCRIPTIVE_FIELDS},
                      "article_type": "Trousers", "sub_category": "Bottomwear"}), True),
    "only the name changes": (lambda products: catalog_admin.update_product(
        products[2], {**{k: getattr(products[2], k) for k in catalog_admin.DESCRIPTIVE_FIELDS}, "name": "Renamed"}),
        False),
}


@pytest.mark.parametrize(("change", "moves_lists"), CHANGES.values(), ids=CHANGES.keys())
def test_a_signalled_change_updates_the_lists_exactly_as_a_full_rebuild(
    app, few_neighbours, indexed_catalogue, change, moves_lists
):
    before = stored_lists()
    change(indexed_catalogue)
    assert (neighbour_ids(stored_lists()) != neighbour_ids(before)) is moves_lists
    assert_same_as_full_rebuild()


def test_several_changes_in_a_row_still_equal_a_full_rebuild(app, few_neighbours, indexed_catalogue):
    add_product(indexed_catalogue[8])
    change_picture(indexed_catalogue[9], (30, 60, 200))
    catalog_admin.set_active(indexed_catalogue[10], False)
    add_product(indexed_catalogue[16])
    assert_same_as_full_rebuild()


def test_the_update_embeds_only_the_changed_picture(app, indexed_catalogue, monkeypatch):
    embedded: list[int] = []
    embedder = active_embedder()
    original = embedder.embed
    monkeypatch.setattr(embedder, "embed", lambda images: embedded.append(len(images)) or original(images))
    change_picture(indexed_catalogue[3], (120, 40, 160))
    assert embedded == [1]


def test_a_catalogue_import_updates_the_lists_through_the_signal(app, few_neighbours, indexed_catalogue, tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "styles.csv").write_text(
        "id,gender,masterCategory,subCategory,articleType,baseColour,season,year,usage,productDisplayName\n"
        "7001,Men,Apparel,Topwear,Tshirts,Red,Summer,2012,Casual,Imported Red Tee\n"
    )
    (tmp_path / "images" / "7001.jpg").write_bytes(encoded(drawing((198, 28, 32), "Tshirts")))

    import_catalog(tmp_path)

    imported = db.session.scalar(select(Product).where(Product.dataset_id == 7001))
    # A Men's T-shirt: the 4 Men's T-shirts, then the 4 Men's trousers (fewer than 5 in each tier).
    assert len(stored_lists()[imported.id]) == 8
    assert_same_as_full_rebuild()


def test_without_an_index_a_product_change_stores_nothing(app, catalogue):
    catalog_admin.set_active(catalogue[0], False)
    assert stored_lists() == {}
    assert not has_index()


def test_a_change_made_while_the_index_is_rebuilt_is_caught_up(app, few_neighbours, indexed_catalogue, monkeypatch):
    """A product deactivated during a rebuild's embedding is not left in the fresh index."""
    original = building.embed_pictures

    def embed_while_an_admin_deactivates(*args, **kwargs):
        indexed_catalogue[4].is_active = False
        db.session.commit()  # the signal's writer would wait for the lock; the build catches up instead
        return original(*args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(building, "embed_pictures", embed_while_an_admin_deactivates)
        build_catalogue_index()

    assert indexed_catalogue[4].id not in stored_lists()
    assert_same_as_full_rebuild()
