"""The stored look-alike lists (product_neighbours): writing them, finding who names whom, reading them.

Each product's list holds, tier by tier (same_kind: the same articleType, then subCategory, then
masterCategory, in a compatible gender), the nearest `RECOMMENDER_NEIGHBOURS` of that tier, with
their rank and cosine similarity. Stock is not considered, so a sale never invalidates a list: pages
take the first five by rank that are active and in stock, which widens the kind only when it must.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, insert, select

from recommender import distance_from_similarity
from recommender.calibration import match_strength
from recommender.neighbours import Neighbours
from webapp.extensions import db
from webapp.models.catalog import Product
from webapp.models.similarity import ProductNeighbour
from webapp.services.visual_search.paths import index_info
from webapp.services.visual_search.same_kind import Kind, look_alike_tier

SQL_CHUNK = 500  # ids per IN (...): well under every database's limit on bound parameters
INSERT_CHUNK = 5000


@dataclass(frozen=True)
class LookAlike:
    product: Product
    similarity: float  # cosine similarity (recommender.similarity_from_distance)
    strength: float  # the match strength shown: the similarity calibrated on the index (recommender.calibration)

    @property
    def percent(self) -> int:
        return round(self.strength * 100)


def _chunks(items: Sequence, size: int = SQL_CHUNK) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def store_lists(lists: dict[int, Neighbours], replacing: Iterable[int] | None) -> int:
    """Write lists in the current transaction; `replacing` None wipes every stored list first."""
    if replacing is None:
        db.session.execute(delete(ProductNeighbour))
    else:
        for chunk in _chunks(sorted(replacing)):
            db.session.execute(delete(ProductNeighbour).where(ProductNeighbour.product_id.in_(chunk)))
    rows = [
        {"product_id": product_id, "rank": rank, "neighbour_id": neighbour_id, "similarity": similarity}
        for product_id, ranked in lists.items()
        for rank, (neighbour_id, similarity) in enumerate(ranked, start=1)
    ]
    for chunk in _chunks(rows, INSERT_CHUNK):
        db.session.execute(insert(ProductNeighbour), list(chunk))
    return len(rows)


def holders_of(product_ids: Sequence[int]) -> set[int]:
    """Products whose stored lists name any of `product_ids`."""
    holders: set[int] = set()
    for chunk in _chunks(sorted(product_ids)):
        holders.update(db.session.scalars(
            select(ProductNeighbour.product_id).where(ProductNeighbour.neighbour_id.in_(chunk)).distinct()
        ))
    return holders


def full_tier_radii(keep: int, kinds: dict[int, Kind]) -> dict[tuple[int, int], float]:
    """Squared distance to the last stored neighbour of each (product, tier) whose part of the list is full."""
    counts: dict[tuple[int, int], int] = {}
    worst: dict[tuple[int, int], float] = {}
    rows = db.session.execute(select(ProductNeighbour.product_id, ProductNeighbour.neighbour_id,
                                     ProductNeighbour.similarity))
    for product_id, neighbour_id, similarity in rows:
        if product_id not in kinds or neighbour_id not in kinds:
            continue  # a list naming a product that changed kind or left: it is recomputed anyway
        key = (product_id, look_alike_tier(kinds[product_id], kinds[neighbour_id]) or 0)
        counts[key] = counts.get(key, 0) + 1
        worst[key] = min(worst.get(key, 1.0), similarity)
    return {key: distance_from_similarity(worst[key]) for key, count in counts.items() if count >= keep}


def similar_products(product_id: int, limit: int = 5) -> list[LookAlike]:
    """The stored look-alikes that can be bought now, the nearest kind first: one query, no model, no search."""
    calibration = (index_info() or {}).get("calibration")
    rows = db.session.execute(
        select(Product, ProductNeighbour.similarity)
        .join(ProductNeighbour, ProductNeighbour.neighbour_id == Product.id)
        .where(ProductNeighbour.product_id == product_id, Product.is_active.is_(True), Product.in_stock)
        .order_by(ProductNeighbour.rank)
        .limit(limit)
    )
    return [LookAlike(product, similarity, match_strength(similarity, calibration)) for product, similarity in rows]
