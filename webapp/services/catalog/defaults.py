"""Deterministic list prices and stock for products whose source has none (the dataset, the demo).

The rule (documented in README), which starting_price_and_sizes() applies to a new product: every
article type has a base price band; a product's price is the band's base plus a step picked by its
key (the dataset id or demo number), ending in .99. Stock is 0-40 picked by the same key, and one
product in eleven starts sold out so that stock states show up in any catalogue. That stock is split
over the product's size run (services/catalog/sizes.py) in proportion to 1, 2, 3 ... 3, 2, 1 (the
middle sizes sell most); units left by rounding down go to the largest remainders, the middle sizes
first.
"""
from __future__ import annotations

import zlib
from collections.abc import Sequence

from webapp.models.catalog import ProductSize
from webapp.services.catalog.sizes import size_rows, standard_size_run

# Base price in cents by masterCategory, overridden for article types that cost more.
CATEGORY_BASE_CENTS = {
    "Apparel": 1999,
    "Footwear": 3999,
    "Accessories": 1499,
    "Personal Care": 899,
    "Free Items": 499,
    "Sporting Goods": 2499,
    "Home": 1999,
}
ARTICLE_BASE_CENTS = {
    "Watches": 7999,
    "Handbags": 4999,
    "Backpacks": 3499,
    "Jackets": 5999,
    "Blazers": 6999,
    "Suits": 11999,
    "Heels": 4999,
    "Formal Shoes": 5999,
    "Sunglasses": 2999,
    "Dresses": 3999,
    "Jeans": 3999,
    "Sarees": 4999,
}
DEFAULT_BASE_CENTS = 1999
PRICE_STEP_CENTS = 500
PRICE_STEPS = 8
MAX_STOCK = 40
SOLD_OUT_EVERY = 11


def _spread(key: int, salt: str) -> int:
    # crc32 is stable across processes and Python versions, unlike hash().
    return zlib.crc32(f"{salt}:{key}".encode())


def default_price_cents(key: int, master_category: str, article_type: str) -> int:
    base = ARTICLE_BASE_CENTS.get(
        article_type, CATEGORY_BASE_CENTS.get(master_category, DEFAULT_BASE_CENTS)
    )
    return base + PRICE_STEP_CENTS * (_spread(key, "price") % PRICE_STEPS)


def starting_price_and_sizes(key: int, master_category: str, article_type: str) -> tuple[int, list[ProductSize]]:
    """A new product's list price and its sizes with their stock, when its source gives neither (import, demo).

    The sizes are its type's usual run (services/catalog/sizes.py), holding default_stock(key) between them.
    """
    labels = standard_size_run(master_category, article_type)
    return default_price_cents(key, master_category, article_type), size_rows(default_size_stock(key, labels))


def default_stock(key: int) -> int:
    spread = _spread(key, "stock")
    if spread % SOLD_OUT_EVERY == 0:
        return 0
    return 1 + spread % MAX_STOCK


def _size_weights(count: int) -> list[int]:
    return [min(position + 1, count - position) for position in range(count)]


def default_size_stock(key: int, labels: Sequence[str]) -> dict[str, int]:
    """default_stock(key) split over the sizes `labels` (smallest first)."""
    return split_stock(default_stock(key), labels)


def split_stock(total: int, labels: Sequence[str]) -> dict[str, int]:
    """`total` units over the sizes `labels` (smallest first), most in the middle of the run."""
    weights = _size_weights(len(labels))
    whole = sum(weights)
    shares = [total * weight // whole for weight in weights]
    by_remainder = sorted(range(len(labels)), key=lambda i: (-(total * weights[i] % whole), -weights[i], i))
    for position in by_remainder[: total - sum(shares)]:
        shares[position] += 1
    return dict(zip(labels, shares, strict=True))
