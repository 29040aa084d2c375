"""Figures for the admin dashboard: a handful of aggregate queries, never a row per item."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import case, func, select

from webapp.extensions import db
from webapp.models.catalog import LOW_STOCK_THRESHOLD, Product
from webapp.models.users import Role, User


@dataclass(frozen=True)
class CatalogueStats:
    products: int
    active: int
    out_of_stock: int
    low_stock: int
    units_in_stock: int
    stock_value_cents: int


def catalogue_stats() -> CatalogueStats:
    active = Product.is_active.is_(True)
    row = db.session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(case((active, 1), else_=0)), 0),
            func.coalesce(func.sum(case((active & (Product.stock == 0), 1), else_=0)), 0),
            func.coalesce(
                func.sum(case((active & (Product.stock > 0) & (Product.stock <= LOW_STOCK_THRESHOLD), 1), else_=0)), 0
            ),
            func.coalesce(func.sum(case((active, Product.stock), else_=0)), 0),
            func.coalesce(func.sum(case((active, Product.stock * Product.price_cents), else_=0)), 0),
        ).select_from(Product)
    ).one()
    return CatalogueStats(*(int(v) for v in row))


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


def low_stock_products(limit: int = 10) -> Sequence[Product]:
    return db.session.scalars(
        select(Product)
        .where(Product.is_active.is_(True), Product.stock <= LOW_STOCK_THRESHOLD)
        .order_by(Product.stock, Product.name)
        .limit(limit)
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
