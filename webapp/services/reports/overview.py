"""Figures for the admin dashboard: a handful of aggregate queries, never a row per item."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from webapp.extensions import db
from webapp.models.catalog import LOW_STOCK_THRESHOLD, Product, ProductSize
from webapp.models.users import Role, User


@dataclass(frozen=True)
class CatalogueStats:
    products: int
    active: int
    out_of_stock: int  # active products with no size in stock
    low_stock: int  # sizes of active products with 1 to LOW_STOCK_THRESHOLD left
    units_in_stock: int
    stock_value_cents: int


def catalogue_stats() -> CatalogueStats:
    active = Product.is_active.is_(True)
    products = db.session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(case((active, 1), else_=0)), 0),
            func.coalesce(func.sum(case((active & ~Product.in_stock, 1), else_=0)), 0),
        ).select_from(Product)
    ).one()
    low = (ProductSize.stock > 0) & (ProductSize.stock <= LOW_STOCK_THRESHOLD)
    sizes = db.session.execute(
        select(
            func.coalesce(func.sum(case((low, 1), else_=0)), 0),
            func.coalesce(func.sum(ProductSize.stock), 0),
            func.coalesce(func.sum(ProductSize.stock * Product.price_cents), 0),
        )
        .join(Product, Product.id == ProductSize.product_id)
        .where(active)
    ).one()
    return CatalogueStats(*(int(v) for v in (*products, *sizes)))


def products_by_category() -> list[tuple[str, int]]:
    return [
        (category, count)
        for category, count in db.session.execute(
            select(Product.master_category, func.count())
            .where(Product.is_active.is_(True))
            .group_by(Product.master_category)
            .order_by(func.count().desc())
        )
    ]


def low_stock_sizes(limit: int = 10) -> Sequence[ProductSize]:
    """Sizes of active products with LOW_STOCK_THRESHOLD or fewer left, fewest first: what to reorder."""
    return db.session.scalars(
        select(ProductSize)
        .join(Product, Product.id == ProductSize.product_id)
        .where(Product.is_active.is_(True), ProductSize.stock <= LOW_STOCK_THRESHOLD)
        .order_by(ProductSize.stock, Product.name, ProductSize.position)
        .limit(limit)
        .options(joinedload(ProductSize.product))
    ).all()


def user_counts() -> dict[str, int]:
    counts = dict(db.session.execute(select(User.role, func.count()).group_by(User.role)).all())
    return {role.value: counts.get(role.value, 0) for role in Role}


def newest_customers(limit: int = 8) -> Sequence[User]:
    return db.session.scalars(
        select(User)
        .where(User.role == Role.CUSTOMER.value)
        .order_by(User.created_at.desc(), User.id.desc())
        .limit(limit)
    ).all()
