"""A product page's look-alikes are of its own kind: same type and a compatible gender, widening only when it must."""
from __future__ import annotations

import pytest

from webapp.extensions import db
from webapp.services.catalog import admin as catalog_admin
from webapp.services.visual_search.building import build_catalogue_index
from webapp.services.visual_search.neighbour_lists import similar_products
from webapp.services.visual_search.same_kind import Kind, look_alike_tier

BLACK_TEE_FOR_MEN = Kind("Men", "Apparel", "Topwear", "Tshirts")

TIERS = [
    # candidate                                              tier   why
    (Kind("Men", "Apparel", "Topwear", "Tshirts"), 1),  # the same type, the same gender
    (Kind("Unisex", "Apparel", "Topwear", "Tshirts"), 1),  # Unisex fits Men
    (Kind("Men", "Apparel", "Topwear", "Shirts"), 2),  # another type of Topwear
    (Kind("Men", "Apparel", "Bottomwear", "Jeans"), 3),  # still Apparel
    (Kind("Women", "Apparel", "Topwear", "Tshirts"), None),  # a women's T-shirt never
    (Kind("Boys", "Apparel", "Topwear", "Tshirts"), None),  # nor a boys' one
    (Kind("Men", "Accessories", "Watches", "Watches"), None),  # another category never
    (Kind("Men", "Footwear", "Shoes", "Casual Shoes"), None),
]


@pytest.mark.parametrize(("candidate", "tier"), TIERS, ids=[f"{c.gender} {c.article_type}" for c, _ in TIERS])
def test_the_tier_of_a_candidate_for_a_mens_t_shirt(candidate, tier):
    assert look_alike_tier(BLACK_TEE_FOR_MEN, candidate) == tier


GENDERS = [
    # product gender, candidate gender, compatible
    ("Women", "Women", True), ("Women", "Unisex", True), ("Women", "Men", False), ("Women", "Girls", False),
    ("Girls", "Girls", True), ("Girls", "Unisex", True), ("Girls", "Women", False), ("Girls", "Boys", False),
    ("Boys", "Boys", True), ("Boys", "Men", False),
    ("Unisex", "Men", True), ("Unisex", "Women", True), ("Unisex", "Unisex", True), ("Unisex", "Boys", False),
]


@pytest.mark.parametrize(("gender", "candidate_gender", "compatible"), GENDERS)
def test_gender_compatibility(gender, candidate_gender, compatible):
    product = Kind(gender, "Apparel", "Topwear", "Tshirts")
    candidate = Kind(candidate_gender, "Apparel", "Topwear", "Tshirts")
    assert (look_alike_tier(product, candidate) is not None) is compatible


@pytest.fixture
def mens_wardrobe(make_pictured_product):
    """A red T-shirt for Men and what could be its look-alikes: T-shirts, trousers, caps, for Men and Women."""
    make = make_pictured_product
    shirt = make("Red", "Tshirts", gender="Men")
    tees = [make(colour, "Tshirts", gender="Men") for colour in ("Red", "Blue", "Green", "Black", "Grey", "Yellow")]
    womens_tees = [make("Red", "Tshirts", shade=3 + n, gender="Women") for n in range(3)]
    trousers = [make(colour, "Trousers", gender="Men") for colour in ("Red", "Blue", "Green")]
    caps = [make("Red", "Caps", gender="Men", master_category="Accessories") for _ in range(2)]
    return shirt, tees, womens_tees, trousers, caps


def shown(product) -> list[int]:
    return [look.product.id for look in similar_products(product.id)]


def sell_out(product) -> None:
    for size in product.sizes:
        size.stock = 0
    db.session.commit()


def test_a_product_page_shows_five_of_its_own_type_and_gender(app, mens_wardrobe):
    shirt, tees, *_ = mens_wardrobe
    build_catalogue_index()
    assert set(shown(shirt)) <= {tee.id for tee in tees} and len(shown(shirt)) == 5


def test_when_the_type_sells_out_the_list_widens_to_the_category_not_to_another_gender(app, mens_wardrobe):
    shirt, tees, _womens_tees, trousers, _caps = mens_wardrobe
    build_catalogue_index()
    for tee in tees[2:]:
        sell_out(tee)
    listed = shown(shirt)
    # The two T-shirts left come first; then Apparel for Men (no other Topwear): the three trousers.
    assert set(listed[:2]) == {tee.id for tee in tees[:2]}
    assert set(listed[2:]) == {t.id for t in trousers}


def test_inactive_look_alikes_give_way_to_the_next_of_the_same_kind(app, mens_wardrobe):
    shirt, tees, *_ = mens_wardrobe
    build_catalogue_index()
    first = shown(shirt)[0]
    catalog_admin.set_active(db.session.get(type(shirt), first), False)
    assert first not in shown(shirt)
    assert set(shown(shirt)) <= {tee.id for tee in tees} and len(shown(shirt)) == 5


def test_a_product_whose_type_changes_moves_to_its_new_kinds_lists(app, mens_wardrobe):
    shirt, tees, _, trousers, _ = mens_wardrobe
    build_catalogue_index()
    moved = tees[0]
    fields = {key: getattr(moved, key) for key in catalog_admin.DESCRIPTIVE_FIELDS}
    catalog_admin.update_product(moved, {**fields, "article_type": "Trousers", "sub_category": "Bottomwear"})
    assert set(shown(shirt)) == {tee.id for tee in tees[1:]}
    # The men's trousers list their own two, then the newcomer, before any T-shirt.
    assert moved.id in shown(trousers[0])[:3]
