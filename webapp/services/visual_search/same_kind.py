"""Which products may be a product's look-alikes: the same kind first, then wider (the one home of that rule).

A product page's look-alikes share its articleType and a compatible gender; where fewer than five
such products can be bought, the list widens to the same subCategory, then the same masterCategory,
as Zalando and ASOS do. The stored lists hold each tier's nearest products in that order (ranks
1..keep for the same articleType, then the same subCategory, then the same masterCategory); the
product page takes the first five that are active and in stock, so the shopper sees the best five.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select

from webapp.extensions import db
from webapp.models.catalog import Product

SAME_TYPE, SAME_SUB_CATEGORY, SAME_CATEGORY = 1, 2, 3
TIERS = (SAME_TYPE, SAME_SUB_CATEGORY, SAME_CATEGORY)
UNISEX = "Unisex"
# A product for Men shows Men's or Unisex products, and so on; Unisex shows the adults' too.
COMPATIBLE_GENDERS = {
    "Men": {"Men", UNISEX},
    "Women": {"Women", UNISEX},
    "Boys": {"Boys", UNISEX},
    "Girls": {"Girls", UNISEX},
    UNISEX: {UNISEX, "Men", "Women"},
}


@dataclass(frozen=True)
class Kind:
    gender: str
    master_category: str
    sub_category: str
    article_type: str


def genders_compatible(product_gender: str, candidate_gender: str) -> bool:
    """A gender the rule does not know (empty, or a new one) only matches itself."""
    return candidate_gender in COMPATIBLE_GENDERS.get(product_gender, {product_gender})


def look_alike_tier(product: Kind, candidate: Kind) -> int | None:
    """How near `candidate` is in kind to `product`: 1 same type, 2 same sub-category, 3 same category, None never."""
    if not genders_compatible(product.gender, candidate.gender) or candidate.master_category != product.master_category:
        return None
    if candidate.article_type == product.article_type:
        return SAME_TYPE
    if candidate.sub_category == product.sub_category:
        return SAME_SUB_CATEGORY
    return SAME_CATEGORY


def kinds_of(product_ids: Iterable[int]) -> dict[int, Kind]:
    """The kind of each product, as the database says now."""
    wanted = set(product_ids)
    rows = db.session.execute(
        select(Product.id, Product.gender, Product.master_category, Product.sub_category, Product.article_type)
    )
    return {pid: Kind(gender, master, sub, article) for pid, gender, master, sub, article in rows if pid in wanted}


def tier_groups(
    members: Sequence[int], row_ids: np.ndarray, kinds: dict[int, Kind]
) -> list[tuple[list[int], list[np.ndarray]]]:
    """Members grouped by kind, each group with one mask over `row_ids` (the index's rows) per tier."""
    by_kind: dict[Kind, list[int]] = {}
    for member in members:
        by_kind.setdefault(kinds[member], []).append(member)
    # The rule is asked once per pair of distinct kinds, not per pair of products.
    distinct = list(dict.fromkeys(kinds[int(pid)] for pid in row_ids.tolist()))
    position = {kind: n for n, kind in enumerate(distinct)}
    row_kind = np.array([position[kinds[int(pid)]] for pid in row_ids.tolist()], dtype=np.int64)
    groups = []
    for kind, kind_members in by_kind.items():
        tier_of_kind = np.array([look_alike_tier(kind, other) or 0 for other in distinct], dtype=np.int64)
        tiers = tier_of_kind[row_kind] if len(row_kind) else np.zeros(0, dtype=np.int64)
        groups.append((kind_members, [tiers == tier for tier in TIERS]))
    return groups


def tiers_towards(newcomer: Kind, holders: Sequence[int], kinds: dict[int, Kind]) -> np.ndarray:
    """For each of `holders`, the tier `newcomer` would take in its list (0: none)."""
    return np.array([look_alike_tier(kinds[holder], newcomer) or 0 for holder in holders], dtype=np.int64)
