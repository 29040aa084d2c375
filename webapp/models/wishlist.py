"""The wishlist: products a customer saved for later, one row per customer and product."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models._base import utcnow
from webapp.models.catalog import Product


class SavedProduct(db.Model):
    __tablename__ = "saved_products"
    __table_args__ = (Index("ix_saved_products_user_saved", "user_id", "saved_at"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), primary_key=True)
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)

    product: Mapped[Product] = relationship()
