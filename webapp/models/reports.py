"""Reporting: the daily sales ledger, aggregated once so that admin reports never group every order line."""
from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db


class DailyProductSales(db.Model):
    """What one product sold on one day, counting only orders that are revenue (see services/sales_ledger.py).

    The order service keeps it current in the same transaction as each status change; `flask reports
    rebuild` recomputes it from the orders.
    """

    __tablename__ = "daily_product_sales"
    __table_args__ = (Index("ix_daily_product_sales_product_day", "product_id", "day"),)

    day: Mapped[date] = mapped_column(primary_key=True)  # the UTC day the order was placed
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), primary_key=True)
    units: Mapped[int]
    revenue_cents: Mapped[int]  # quantity × unit price of the lines, before any order-wide coupon
    orders: Mapped[int]  # how many orders included the product

    def __repr__(self) -> str:
        return f"<DailyProductSales {self.day} product {self.product_id}: {self.units} units>"
