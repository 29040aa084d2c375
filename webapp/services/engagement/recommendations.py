"""'Recommended for you': look-alikes of what a customer bought and looked at, from the stored lists.

- Seeds: the products in the customer's orders paid for (OrderStatus.paid_for()), and the last
  VIEWED_SEEDS products they viewed (product_views, one row per customer and product, upserted
  on each view of a product page).
- Candidates: the seeds' precomputed neighbours (product_neighbours); a product close to several
  seeds scores the sum of its similarities. No model call and no search happen here.
- Never shown: what the customer already owns (any product in their orders paid for), inactive
  products and sold-out ones.
- Too few? The rest is filled with best sellers of the last POPULAR_DAYS days, then the newest
  products, under the same exclusions; a new customer sees only these.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from webapp.extensions import db
from webapp.models._base import utcnow
from webapp.models.catalog import Product
from webapp.models.engagement import ProductView
from webapp.models.orders import Order, OrderLine, OrderStatus
from webapp.models.similarity import ProductNeighbour
from webapp.models.users import User

log = logging.getLogger(__name__)

SHOWN = 8
VIEWED_SEEDS = 20
POPULAR_DAYS = 30


def record_view(user: User, product_id: int) -> None:
    """Remember that a customer looked at a product: one upsert, no read. Admins are not shoppers.

    A view is worth less than the page: when it cannot be written (a read-only or locked database),
    the failure is logged and the page is served all the same. The product page calls it last, once
    it has read everything and written nothing, so the rollback undoes nothing but the view.
    """
    if user.is_admin:
        return
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    now = utcnow()
    statement = dialect.insert(ProductView).values(user_id=user.id, product_id=product_id, viewed_at=now, view_count=1)
    try:
        db.session.execute(
            statement.on_conflict_do_update(
                index_elements=[ProductView.user_id, ProductView.product_id],
                set_={"viewed_at": now, "view_count": ProductView.view_count + 1},
            )
        )
        db.session.commit()
    except SQLAlchemyError as exc:
        db.session.rollback()
        log.warning("Could not record that user %s viewed product %s: %s", user.id, product_id, exc)


def owned_product_ids(user_id: int) -> Select:
    return (
        select(OrderLine.product_id)
        .join(Order, Order.id == OrderLine.order_id)
        .where(Order.user_id == user_id, Order.status.in_(OrderStatus.paid_for()), OrderLine.product_id.is_not(None))
    )


def _recently_viewed(user_id: int) -> Select:
    return (
        select(ProductView.product_id)
        .where(ProductView.user_id == user_id)
        .order_by(ProductView.viewed_at.desc())
        .limit(VIEWED_SEEDS)
    )


def _offerable(user_id: int) -> list:
    """Conditions on Product for anything we may recommend to this customer."""
    return [Product.is_active.is_(True), Product.in_stock, Product.id.not_in(owned_product_ids(user_id))]


def recommended_for(user_id: int, limit: int = SHOWN) -> list[Product]:
    """Up to `limit` products for this customer: look-alikes first, then popular and new products."""
    chosen = _lookalikes(user_id, limit)
    if len(chosen) < limit:
        chosen += _popular(user_id, limit - len(chosen), exclude=[product.id for product in chosen])
    return chosen


def _lookalikes(user_id: int, limit: int) -> list[Product]:
    seeds = owned_product_ids(user_id).union(_recently_viewed(user_id).subquery().select()).subquery()
    score = func.sum(ProductNeighbour.similarity).label("score")
    ranked = (
        select(ProductNeighbour.neighbour_id, score)
        .where(ProductNeighbour.product_id.in_(select(seeds.c[0])))
        .group_by(ProductNeighbour.neighbour_id)
        .subquery()
    )
    return list(
        db.session.scalars(
            select(Product)
            .join(ranked, ranked.c.neighbour_id == Product.id)
            .where(*_offerable(user_id))
            .order_by(ranked.c.score.desc(), Product.id)
            .limit(limit)
        )
    )


def _popular(user_id: int, limit: int, exclude: Sequence[int]) -> list[Product]:
    """Best sellers of the last POPULAR_DAYS days, then the newest products."""
    since = utcnow() - timedelta(days=POPULAR_DAYS)
    sold = (
        select(OrderLine.product_id, func.sum(OrderLine.quantity).label("sold"))
        .join(Order, Order.id == OrderLine.order_id)
        .where(Order.status.in_(OrderStatus.paid_for()), Order.created_at >= since)
        .group_by(OrderLine.product_id)
        .subquery()
    )
    return list(
        db.session.scalars(
            select(Product)
            .outerjoin(sold, sold.c.product_id == Product.id)
            .where(*_offerable(user_id), Product.id.not_in(exclude))
            .order_by(func.coalesce(sold.c.sold, 0).desc(), Product.created_at.desc(), Product.id.desc())
            .limit(limit)
        )
    )
