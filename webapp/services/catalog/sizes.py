"""The sizes a product comes in when nobody says otherwise: its size run, by article type and category.

- Article types with a run of their own: socks S, M, L; belts S to XL; sarees and dupattas one size.
- Other apparel (masterCategory "Apparel"): XS, S, M, L, XL, XXL.
- Other footwear (masterCategory "Footwear"): EU 35 to EU 47.
- Everything else (accessories, bags, watches, personal care ...): one size.

The import, the demo seed and an admin creating a product without naming sizes all use this run;
an admin may give other labels instead.
"""
from __future__ import annotations

from collections.abc import Mapping

from webapp.models.catalog import ONE_SIZE, ProductSize

APPAREL_SIZES = ("XS", "S", "M", "L", "XL", "XXL")
FOOTWEAR_SIZES = tuple(f"EU {number}" for number in range(35, 48))
CATEGORY_SIZE_RUNS = {"Apparel": APPAREL_SIZES, "Footwear": FOOTWEAR_SIZES}
ARTICLE_SIZE_RUNS = {
    "Socks": ("S", "M", "L"),
    "Belts": ("S", "M", "L", "XL"),
    "Sarees": (ONE_SIZE,),
    "Dupatta": (ONE_SIZE,),
}
MAX_LABEL_LENGTH = 20
MAX_SIZES = 30


def standard_size_run(master_category: str, article_type: str) -> tuple[str, ...]:
    """The size labels of a product of this category and type, smallest first."""
    if article_type in ARTICLE_SIZE_RUNS:
        return ARTICLE_SIZE_RUNS[article_type]
    return CATEGORY_SIZE_RUNS.get(master_category, (ONE_SIZE,))


def size_rows(stock_by_label: Mapping[str, int]) -> list[ProductSize]:
    """A product's sizes, in the order given, each with its stock."""
    return [
        ProductSize(label=label, position=position, stock=stock)
        for position, (label, stock) in enumerate(stock_by_label.items())
    ]
