"""Promotions: deals that lower product prices for a while, and coupon codes for an order."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models._base import utcnow
from webapp.models.catalog import Product


class DiscountKind(enum.StrEnum):
    PERCENT = "percent"  # amount is a whole percentage, 1-100
    FIXED = "fixed"  # amount is in cents

    @property
    def label(self) -> str:
        return "Percentage off" if self is DiscountKind.PERCENT else "Fixed amount off"


class DealTarget(enum.StrEnum):
    """What a deal covers; the value is the Product attribute it matches (product: the id)."""

    PRODUCT = "product"
    ARTICLE_TYPE = "article_type"
    SUB_CATEGORY = "sub_category"
    MASTER_CATEGORY = "master_category"

    @property
    def label(self) -> str:
        return {"product": "Product", "article_type": "Type", "sub_category": "Sub-category",
                "master_category": "Category"}[self.value]


_KINDS = ", ".join(f"'{kind.value}'" for kind in DiscountKind)
_TARGETS = ", ".join(f"'{target.value}'" for target in DealTarget)
# Shared by deals and coupons: a known kind, a positive amount, at most 100 %, a window that ends after it starts.
_DISCOUNT_CHECKS = (
    (f"kind IN ({_KINDS})", "kind_known"),
    ("amount > 0", "amount_positive"),
    ("kind <> 'percent' OR amount <= 100", "percent_at_most_100"),
    ("ends_at > starts_at", "window_ends_after_start"),
)


class Deal(db.Model):
    """A price cut for a product, an article type or a category, between starts_at and ends_at (UTC)."""

    __tablename__ = "deals"
    __table_args__ = (
        *(CheckConstraint(sql, name=name) for sql, name in _DISCOUNT_CHECKS),
        CheckConstraint(f"target IN ({_TARGETS})", name="target_known"),
        # A product deal names its product by foreign key; the others name an attribute value.
        CheckConstraint("(target = 'product') = (product_id IS NOT NULL)", name="product_target_has_product"),
        Index("ix_deals_live", "is_active", "ends_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(10))
    amount: Mapped[int]
    target: Mapped[str] = mapped_column(String(20))
    target_value: Mapped[str] = mapped_column(String(60), default="")
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    product: Mapped[Product | None] = relationship()

    @property
    def target_label(self) -> str:
        return DealTarget(self.target).label

    def __repr__(self) -> str:
        return f"<Deal {self.id} {self.name!r}>"


class Coupon(db.Model):
    """A code taking an amount off an order's subtotal after deals.

    times_used only ever changes through a conditional UPDATE (see services/deals.py), so two
    orders cannot both take the last use.
    """

    __tablename__ = "coupons"
    __table_args__ = (
        *(CheckConstraint(sql, name=name) for sql, name in _DISCOUNT_CHECKS),
        CheckConstraint("usage_limit > 0", name="usage_limit_positive"),
        CheckConstraint("times_used >= 0 AND times_used <= usage_limit", name="times_used_within_limit"),
        CheckConstraint("min_order_cents >= 0", name="min_order_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)  # stored upper case
    kind: Mapped[str] = mapped_column(String(10))
    amount: Mapped[int]
    min_order_cents: Mapped[int] = mapped_column(default=0)
    usage_limit: Mapped[int]
    times_used: Mapped[int] = mapped_column(default=0)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    is_active: Mapped[bool] = mapped_column(default=True)
    # Public: the shopping assistant may offer it to anyone who asks for deals; others are handed out.
    is_public: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def uses_left(self) -> int:
        return max(self.usage_limit - self.times_used, 0)

    def __repr__(self) -> str:
        return f"<Coupon {self.code}>"
