"""What the home page shows for any catalogue (the demo or an imported one): category tiles, best sellers,
new arrivals. Deals come from pricing.promotions; what counts as a sale from the reports ledger."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models.catalog import Product
from webapp.services.reports.date_ranges import DateRange
from webapp.services.reports.figures import product_sales_query

BEST_SELLER_DAYS = 90
TILES = 8


@dataclass(frozen=True)
class CategoryTile:
    sub_category: str
    products: int
    picture_of: Product | None  # the newest product of the category with a picture


def category_tiles(limit: int = TILES) -> list[CategoryTile]:
    """The sub-categories with the most products on sale, each with its newest product's picture."""
    rows = db.session.execute(
        select(Product.sub_category, func.count(), func.max(Product.id).filter(Product.image_name.is_not(None)))
        .where(Product.is_active.is_(True), Product.sub_category != "")
        .group_by(Product.sub_category)
        .order_by(func.count().desc(), Product.sub_category)
        .limit(limit)
    ).all()
    pictured = {product.id: product for product in db.session.scalars(
        select(Product).where(Product.id.in_([row[2] for row in rows if row[2] is not None]))
    )}
    return [CategoryTile(name, count, pictured.get(newest)) for name, count, newest in rows]


def best_sellers(limit: int = 8, days: int = BEST_SELLER_DAYS) -> Sequence[Product]:
    """The products on sale that sold the most units in the last `days` days (the sales ledger's count)."""
    sold = product_sales_query(DateRange.last(days), sort="units").subquery()
    return db.session.scalars(
        select(Product)
        .join(sold, sold.c.product_id == Product.id)
        .where(Product.is_active.is_(True), Product.in_stock)
        .order_by(sold.c.units.desc(), Product.id)
        .limit(limit)
    ).all()
