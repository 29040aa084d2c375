"""The size run a product gets when nobody names its sizes, and how its stock is split over them."""
import pytest

from webapp.services.catalog.defaults import split_stock
from webapp.services.catalog.sizes import standard_size_run

APPAREL = ["XS", "S", "M", "L", "XL", "XXL"]
FOOTWEAR = ["EU 35", "EU 36", "EU 37", "EU 38", "EU 39", "EU 40", "EU 41", "EU 42", "EU 43", "EU 44", "EU 45",
            "EU 46", "EU 47"]


@pytest.mark.parametrize(
    ("category", "article_type", "sizes"),
    [
        ("Apparel", "Tshirts", APPAREL),
        ("Apparel", "Jeans", APPAREL),
        ("Footwear", "Heels", FOOTWEAR),
        ("Footwear", "Flip Flops", FOOTWEAR),
        ("Accessories", "Watches", ["One size"]),
        ("Accessories", "Handbags", ["One size"]),
        ("Accessories", "Socks", ["S", "M", "L"]),  # article types with a run of their own
        ("Accessories", "Belts", ["S", "M", "L", "XL"]),
        ("Apparel", "Sarees", ["One size"]),
        ("Personal Care", "Perfume and Body Mist", ["One size"]),
    ],
)
def test_the_size_run_follows_the_article_type_then_the_category(category, article_type, sizes):
    assert list(standard_size_run(category, article_type)) == sizes


@pytest.mark.parametrize(
    ("total", "sizes", "split"),
    [
        (40, APPAREL, [3, 7, 10, 10, 7, 3]),  # weights 1 2 3 3 2 1: the middle sizes hold most
        (37, APPAREL, [3, 6, 10, 9, 6, 3]),  # a unit left over goes to the largest remainder, the middle first
        (2, APPAREL, [0, 0, 1, 1, 0, 0]),
        (0, APPAREL, [0, 0, 0, 0, 0, 0]),  # a sold-out product is sold out in every size
        (5, ["S", "M", "L"], [1, 3, 1]),
        (7, ["One size"], [7]),
        (12, FOOTWEAR, [0, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 0]),
    ],
)
def test_a_products_stock_is_split_over_its_sizes_most_in_the_middle(total, sizes, split):
    assert split_stock(total, sizes) == dict(zip(sizes, split, strict=True))
