"""Catalogue management by admins: create, edit, deactivate products, adjust stock."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select, update

from webapp.extensions import db
from webapp.models.catalog import Product
from webapp.services.catalog.media import reencoded, store_product_image
from webapp.services.catalog.pictures import ImageRejected, verify_image
from webapp.services.catalog.stock import announce_stock_crossings, stock_moved
from webapp.signals import products_changed

ALLOWED_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp"}
DESCRIPTIVE_FIELDS = (
    "name", "gender", "master_category", "sub_category", "article_type",
    "base_colour", "season", "usage", "year", "price_cents", "is_featured",
)


class CatalogError(ValueError):
    """A catalogue rule was broken; the message is fit to show the admin."""


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


def _verified_picture(sku: str, upload: Upload) -> str:
    """Store an uploaded picture after the same checks as the photo search, re-encoded; returns its name."""
    extension = "." + upload.filename.rsplit(".", 1)[-1].lower() if "." in upload.filename else ""
    if extension not in ALLOWED_EXTENSIONS:
        raise CatalogError("Upload a .jpg, .png or .webp picture.")
    try:
        verified = verify_image(upload.data)
    except ImageRejected as exc:
        raise CatalogError(str(exc)) from exc
    if verified.format == "GIF":
        raise CatalogError("Upload a .jpg, .png or .webp picture.")
    return store_product_image(sku, reencoded(verified), verified.extension)


def _next_sku() -> str:
    highest = db.session.scalar(select(func.max(Product.id))) or 0
    return f"SHOP-{highest + 1:05d}"


def _announce(product: Product) -> None:
    products_changed.send(current_app._get_current_object(), product_ids=[product.id])


def create_product(fields: dict[str, object], stock: int, picture: Upload) -> Product:
    if stock < 0:
        raise CatalogError("Stock cannot be negative.")
    sku = _next_sku()
    image_name = _verified_picture(sku, picture)
    product = Product(sku=sku, stock=stock, image_name=image_name,
                      **{k: fields[k] for k in DESCRIPTIVE_FIELDS})
    db.session.add(product)
    db.session.commit()
    _announce(product)
    return product


def update_product(product: Product, fields: dict[str, object], picture: Upload | None = None) -> None:
    # The picture is checked before any field changes, so a bad upload leaves the product as it was.
    image_name = _verified_picture(product.sku, picture) if picture is not None else product.image_name
    for key in DESCRIPTIVE_FIELDS:
        setattr(product, key, fields[key])
    product.image_name = image_name
    db.session.commit()
    _announce(product)


def set_active(product: Product, active: bool) -> None:
    product.is_active = active
    db.session.commit()
    _announce(product)


def adjust_stock(product: Product, delta: int) -> int:
    """Add `delta` (negative to remove) in one conditional UPDATE, so concurrent sales can't go below 0."""
    if delta == 0:
        raise CatalogError("Enter a change other than 0.")
    stock = db.session.execute(
        update(Product)
        .where(Product.id == product.id, Product.stock + delta >= 0)
        .values(stock=Product.stock + delta)
        .returning(Product.stock)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if stock is None:
        db.session.rollback()  # nothing changed; the message reads the stock there is now
        raise CatalogError(f"Only {product.stock} in stock: cannot remove {-delta}.")
    stock_moved(product.id, stock, delta)
    db.session.commit()
    announce_stock_crossings()
    return stock
