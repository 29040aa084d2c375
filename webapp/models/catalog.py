"""The product catalogue (Kaggle 'Fashion Product Images' taxonomy)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models._base import utcnow

# Attribute columns customers can filter on, in the order the listing shows them.
FACET_FIELDS: tuple[tuple[str, str], ...] = (
    ("gender", "Gender"),
    ("master_category", "Category"),
    ("sub_category", "Sub-category"),
    ("article_type", "Type"),
    ("base_colour", "Colour"),
    ("season", "Season"),
    ("usage", "Usage"),
)
# This many left or fewer is low stock: the product page says "Only n left", the admin's dashboard lists it.
LOW_STOCK_THRESHOLD = 3


class Product(db.Model):
    __tablename__ = "products"
    __table_args__ = (
        CheckConstraint("price_cents >= 0", name="price_not_negative"),
        CheckConstraint("stock >= 0", name="stock_not_negative"),
        Index("ix_products_active_created", "is_active", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(40), unique=True)
    # The Kaggle dataset id for imported products; imports are idempotent by it.
    dataset_id: Mapped[int | None] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(String(200))
    gender: Mapped[str] = mapped_column(String(20), index=True)
    master_category: Mapped[str] = mapped_column(String(40), index=True)
    sub_category: Mapped[str] = mapped_column(String(40), index=True)
    article_type: Mapped[str] = mapped_column(String(60), index=True)
    base_colour: Mapped[str] = mapped_column(String(40), default="", index=True)
    season: Mapped[str] = mapped_column(String(20), default="", index=True)
    usage: Mapped[str] = mapped_column(String(30), default="", index=True)
    year: Mapped[int | None]
    price_cents: Mapped[int] = mapped_column(index=True)
    stock: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True)
    is_featured: Mapped[bool] = mapped_column(default=False)
    # Content-addressed file name in media storage; it changes when the picture changes.
    image_name: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def in_stock(self) -> bool:
        return self.stock > 0

    @property
    def stock_state(self) -> str:
        if self.stock <= 0:
            return "Out of stock"
        if self.stock <= LOW_STOCK_THRESHOLD:
            return f"Only {self.stock} left"
        return "In stock"

    def __repr__(self) -> str:
        return f"<Product {self.sku} {self.name!r}>"
