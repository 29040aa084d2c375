"""The wishlist: a customer saves a product for later, unsaves it, and sees what they saved."""
from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from webapp.extensions import db
from webapp.models.catalog import Product
from webapp.models.wishlist import SavedProduct


def save(user_id: int, product_id: int) -> None:
    """Save a product; saving it twice (two tabs, a double click) keeps one row."""
    if db.session.get(SavedProduct, (user_id, product_id)) is not None:
        return
    db.session.add(SavedProduct(user_id=user_id, product_id=product_id))
    try:
        db.session.commit()
    except IntegrityError:  # the other click won the race: the product is saved either way
        db.session.rollback()


def unsave(user_id: int, product_id: int) -> None:
    db.session.execute(delete(SavedProduct).where(SavedProduct.user_id == user_id,
                                                  SavedProduct.product_id == product_id))
    db.session.commit()


def saved_ids(user_id: int) -> set[int]:
    """Every product the customer saved (the hearts on a page of cards, in one query)."""
    return set(db.session.scalars(select(SavedProduct.product_id).where(SavedProduct.user_id == user_id)))


def saved_products(user_id: int) -> Sequence[Product]:
    """The customer's saved products that are still on sale, the last saved first."""
    return db.session.scalars(
        select(Product)
        .join(SavedProduct, SavedProduct.product_id == Product.id)
        .where(SavedProduct.user_id == user_id, Product.is_active.is_(True))
        .order_by(SavedProduct.saved_at.desc(), Product.id.desc())
    ).all()
