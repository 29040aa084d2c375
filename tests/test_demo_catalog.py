"""The drawn demo catalogue: Kaggle-shaped data, reproducible, and pictures that look like their product."""
from __future__ import annotations

import itertools
import statistics
from collections import defaultdict
from collections.abc import Callable

import pytest
from PIL import Image, ImageChops, ImageStat

from webapp.demo.catalog import BASE_COLOURS, PATTERNS, DemoProduct, demo_products

PRODUCTS = demo_products()
WHITE = (255, 255, 255)

# A few article types must sit exactly where Kaggle's styles.csv puts them.
KAGGLE_PLACES = {
    "Tshirts": ("Apparel", "Topwear"),
    "Shirts": ("Apparel", "Topwear"),
    "Jeans": ("Apparel", "Bottomwear"),
    "Dresses": ("Apparel", "Dress"),
    "Casual Shoes": ("Footwear", "Shoes"),
    "Sandals": ("Footwear", "Sandal"),
    "Handbags": ("Accessories", "Bags"),
    "Watches": ("Accessories", "Watches"),
    "Caps": ("Accessories", "Headwear"),
    "Sunglasses": ("Accessories", "Eyewear"),
}


def first_of_each_type() -> list[DemoProduct]:
    seen: dict[str, DemoProduct] = {}
    for product in PRODUCTS:
        seen.setdefault(product.article_type, product)
    return list(seen.values())


def dominant_colour(image: Image.Image, *, include_whites: bool = False) -> tuple[int, int, int]:
    """Mean colour of the most common 16-level bucket of non-white pixels.

    Near-white pixels (soles, dials, laces, the shadow's edge) are not the product's colour, except
    for a White product, where only the pure white background is skipped.
    """
    buckets: dict[tuple[int, int, int], list[tuple[int, tuple[int, int, int]]]] = defaultdict(list)
    for count, rgb in image.getcolors(maxcolors=image.width * image.height):
        if rgb == WHITE or (min(rgb) >= 236 and not include_whites):
            continue
        buckets[tuple(channel // 16 for channel in rgb)].append((count, rgb))
    members = max(buckets.values(), key=lambda entries: sum(count for count, _ in entries))
    total = sum(count for count, _ in members)
    return tuple(round(sum(count * rgb[i] for count, rgb in members) / total) for i in range(3))


def assert_dominant_colour_matches(product: DemoProduct) -> None:
    found = dominant_colour(product.render(300, 400), include_whites=product.base_colour == "White")
    assert distance(found, BASE_COLOURS[product.base_colour]) < 45, (product.name, product.pattern, found)


def distance(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    return sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5


def thumbnail(product: DemoProduct) -> Image.Image:
    return product.render(120, 160).convert("L").resize((30, 40), Image.Resampling.BOX)


def picture_difference(a: Image.Image, b: Image.Image) -> float:
    return ImageStat.Stat(ImageChops.difference(a, b)).mean[0]


# --- the data -----------------------------------------------------------------------------------


def test_catalogue_has_at_least_132_products_over_14_article_types():
    assert len(PRODUCTS) >= 132
    assert len({p.article_type for p in PRODUCTS}) >= 14


def test_skus_are_unique_and_in_demo_order():
    skus = [p.sku for p in PRODUCTS]
    assert len(set(skus)) == len(skus)
    assert skus == sorted(skus)
    assert all(sku.startswith("DEMO-") and len(sku) == 9 for sku in skus)


def test_every_taxonomy_field_is_filled():
    for product in PRODUCTS:
        for field in ("name", "gender", "master_category", "sub_category", "article_type", "base_colour",
                      "season", "usage"):
            assert getattr(product, field).strip(), (product.sku, field)
        assert product.gender in {"Men", "Women", "Boys", "Girls", "Unisex"}
        assert product.master_category in {"Apparel", "Accessories", "Footwear"}
        assert product.season in {"Summer", "Winter", "Fall", "Spring"}
        assert product.usage in {"Casual", "Formal", "Sports", "Ethnic", "Party"}
        assert 2000 <= product.year <= 2030
        assert product.pattern in PATTERNS
        assert product.base_colour in BASE_COLOURS


def test_each_article_type_maps_to_one_master_and_sub_category():
    places: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for product in PRODUCTS:
        places[product.article_type].add((product.master_category, product.sub_category))
    assert all(len(found) == 1 for found in places.values()), places
    for article_type, place in KAGGLE_PLACES.items():
        assert places[article_type] == {place}


def test_names_read_like_kaggle_display_names():
    for product in PRODUCTS:
        assert f" {product.gender} {product.base_colour} " in f" {product.name} "
        assert len(product.name.split()) >= 4


def test_each_article_type_comes_in_several_colours():
    colours: dict[str, set[str]] = defaultdict(set)
    for product in PRODUCTS:
        colours[product.article_type].add(product.base_colour)
    assert all(len(found) >= 3 for found in colours.values()), colours


def test_demo_products_is_the_same_list_on_every_call():
    assert demo_products() == demo_products() == PRODUCTS
    assert demo_products() is not demo_products()  # callers may mutate their copy


# --- the pictures -------------------------------------------------------------------------------


def test_rendering_a_product_twice_gives_identical_pixels():
    product = PRODUCTS[len(PRODUCTS) // 2]
    assert product.render().tobytes() == product.render().tobytes()


@pytest.mark.parametrize("product", first_of_each_type(), ids=lambda p: p.article_type)
def test_picture_is_an_rgb_portrait_on_a_white_background(product: DemoProduct):
    image = product.render()
    assert image.mode == "RGB"
    assert image.size == (600, 800)
    corners = [(0, 0), (599, 0), (0, 799), (599, 799), (10, 10), (589, 789)]
    assert all(image.getpixel(corner) == WHITE for corner in corners)
    assert image.getbbox() is not None and ImageChops.invert(image).getbbox() is not None


@pytest.mark.parametrize("size", [(300, 400), (400, 400), (120, 160)])
def test_picture_scales_to_other_sizes(size: tuple[int, int]):
    image = PRODUCTS[0].render(*size)
    assert image.size == size
    assert image.getpixel((0, 0)) == WHITE
    assert image.getpixel((size[0] - 1, size[1] - 1)) == WHITE


@pytest.mark.parametrize("product", first_of_each_type(), ids=lambda p: f"{p.article_type}-{p.base_colour}")
def test_dominant_colour_of_the_picture_is_the_base_colour(product: DemoProduct):
    assert_dominant_colour_matches(product)


def test_dominant_colour_holds_for_patterned_and_white_products():
    patterned = [p for p in PRODUCTS if p.pattern != "solid"][:8]
    white = [p for p in PRODUCTS if p.base_colour == "White"][:4]
    assert {p.pattern for p in patterned} >= {"striped", "checked", "dotted", "colourblock"} - {"solid"}
    for product in [*patterned, *white]:
        assert_dominant_colour_matches(product)


COLOUR_NAME_CHECKS: dict[str, Callable[[int, int, int], bool]] = {
    "Black": lambda r, g, b: max(r, g, b) < 60,
    "White": lambda r, g, b: min(r, g, b) > 235,
    "Red": lambda r, g, b: r > 150 and r > g + 100 and r > b + 100,
    "Navy Blue": lambda r, g, b: b > r and b > g and max(r, g, b) < 120,
    "Blue": lambda r, g, b: b > r + 80 and b > g,
    "Green": lambda r, g, b: g > r + 50 and g > b + 30,
    "Yellow": lambda r, g, b: r > 200 and g > 170 and b < 120,
    "Grey": lambda r, g, b: max(r, g, b) - min(r, g, b) < 12 and 90 < r < 170,
    "Brown": lambda r, g, b: r > g > b and r < 160,
    "Pink": lambda r, g, b: r > 200 and b > g and g > 100,
}


@pytest.mark.parametrize("name", sorted(COLOUR_NAME_CHECKS))
def test_colour_table_paints_each_name_in_a_plausible_rgb(name: str):
    assert COLOUR_NAME_CHECKS[name](*BASE_COLOURS[name])


def test_different_article_types_look_more_different_than_same_type_and_colour():
    thumbs = {p.sku: thumbnail(p) for p in PRODUCTS}
    groups: dict[tuple[str, str], list[DemoProduct]] = defaultdict(list)
    for product in PRODUCTS:
        groups[(product.article_type, product.base_colour)].append(product)
    twins = [group for group in groups.values() if len(group) >= 2]
    assert len(twins) >= 10

    same = [picture_difference(thumbs[a.sku], thumbs[b.sku]) for a, b in (group[:2] for group in twins)]
    across = [
        picture_difference(thumbs[a.sku], thumbs[b.sku])
        for a, b in itertools.combinations(PRODUCTS[::3], 2)
        if a.article_type != b.article_type
    ]
    assert statistics.mean(same) * 2 < statistics.mean(across)
    # Pair by pair too: each look-alike pair is closer than a typical picture of another type.
    assert max(same) < statistics.median(across), (max(same), statistics.median(across))
