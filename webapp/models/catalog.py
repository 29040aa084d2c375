"""The product catalogue (Kaggle 'Fashion Product Images' taxonomy): products, their sizes and pictures."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import CheckConstraint, ColumnElement, ForeignKey, Index, String, Text, UniqueConstraint, exists
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

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
# The label of the only size of a product that comes in one size (bags, watches ...).
ONE_SIZE = "One size"
def size_text(label: str) -> str:
    """A size as pages, mails and Stripe say it: "Size M", "One size" ("" when none was recorded)."""
    return label if label in ("", ONE_SIZE) else f"Size {label}"


# This many left of a size or fewer is low stock: the size picker says "Only n left", the dashboard lists it.
LOW_STOCK_THRESHOLD = 3


class Product(db.Model):
    __tablename__ = "products"
    __table_args__ = (
        CheckConstraint("price_cents >= 0", name="price_not_negative"),
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
    # Plain text; blank lines separate paragraphs. Pages escape it.
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    price_cents: Mapped[int] = mapped_column(index=True)
    is_active: Mapped[bool] = mapped_column(default=True)
    is_featured: Mapped[bool] = mapped_column(default=False)
    # The main picture (cards, the gallery's first, what look-alikes embed): a content-addressed file name
    # in media storage, which changes when the picture changes. Further pictures are in `pictures`.
    image_name: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    # Loaded with the product (one query for a whole page of them): every card says whether it is sold out.
    sizes: Mapped[list[ProductSize]] = relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="ProductSize.position", lazy="selectin"
    )
    pictures: Mapped[list[ProductPicture]] = relationship(
        cascade="all, delete-orphan", order_by="ProductPicture.position"
    )

    @hybrid_property
    def in_stock(self) -> bool:
        """At least one size can be bought: the one meaning of "in stock", here and in SQL."""
        return any(size.stock > 0 for size in self.sizes)

    @in_stock.inplace.expression
    @classmethod
    def _in_stock_expression(cls) -> ColumnElement[bool]:
        return exists().where(ProductSize.product_id == cls.id, ProductSize.stock > 0)

    @property
    def units_in_stock(self) -> int:
        return sum(size.stock for size in self.sizes)

    @property
    def has_size_choice(self) -> bool:
        return len(self.sizes) > 1

    @property
    def stock_state(self) -> str:
        """The product's line on its page; with a choice of sizes, each size says its own."""
        if not self.in_stock:
            return "Out of stock"
        return "In stock" if self.has_size_choice else self.sizes[0].stock_state

    def size_with_id(self, size_id: int) -> ProductSize | None:
        """One of this product's own sizes; another product's size is None, as if it did not exist."""
        return next((size for size in self.sizes if size.id == size_id), None)

    @property
    def gallery(self) -> list[str]:
        """Every picture's file name, the main one first."""
        main = [self.image_name] if self.image_name else []
        return main + [picture.image_name for picture in self.pictures]

    def set_gallery(self, names: Sequence[str]) -> None:
        """Make `names` the product's pictures in this order: the first is the main one."""
        self.image_name = names[0] if names else None
        self.pictures = [ProductPicture(image_name=name, position=position)
                         for position, name in enumerate(names[1:], start=1)]

    def __repr__(self) -> str:
        return f"<Product {self.sku} {self.name!r}>"


class ProductSize(db.Model):
    """One size of a product with its own stock: what a shopper picks, a cart holds and checkout reserves."""

    __tablename__ = "product_sizes"
    __table_args__ = (
        UniqueConstraint("product_id", "label", name="uq_product_sizes_product_label"),
        CheckConstraint("stock >= 0", name="stock_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(20))  # "M", "EU 42", "One size"
    position: Mapped[int]  # the size run's order: XS before S, 41 before 42
    stock: Mapped[int] = mapped_column(default=0)

    product: Mapped[Product] = relationship(back_populates="sizes")

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

    @property
    def stock_warning(self) -> str:
        """What the size picker says under a size: nothing while there is plenty."""
        return "" if self.stock > LOW_STOCK_THRESHOLD else self.stock_state

    @property
    def text(self) -> str:
        return size_text(self.label)

    def __repr__(self) -> str:
        return f"<ProductSize {self.product_id} {self.label!r}: {self.stock}>"


class ProductPicture(db.Model):
    """A picture of a product after its main one (Product.image_name), in gallery order."""

    __tablename__ = "product_pictures"
    __table_args__ = (Index("ix_product_pictures_product_position", "product_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    image_name: Mapped[str] = mapped_column(String(120))
    position: Mapped[int]
