"""Precomputed look-alikes: each product's nearest neighbours, so product pages never search."""
from __future__ import annotations

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db


class ProductNeighbour(db.Model):
    __tablename__ = "product_neighbours"
    __table_args__ = (Index("ix_product_neighbours_neighbour", "neighbour_id"),)

    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), primary_key=True)
    rank: Mapped[int] = mapped_column(primary_key=True)
    neighbour_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    similarity: Mapped[float]
