"""The shop's terms that admins edit: shipping charges, the delivery estimate and the returns policy."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models._base import utcnow


class ShopSettings(db.Model):
    """One row, written the first time an admin saves the settings page; until then config gives the values."""

    __tablename__ = "shop_settings"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("shipping_fee_cents >= 0", name="shipping_fee_not_negative"),
        CheckConstraint("free_shipping_from_cents >= 0", name="free_shipping_from_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    shipping_fee_cents: Mapped[int]
    free_shipping_from_cents: Mapped[int | None]  # orders of goods worth this much ship free; None: never
    delivery_estimate: Mapped[str] = mapped_column(String(200))
    returns_policy: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
