"""Catalogue management by admins: create, edit, deactivate products; their sizes and stock; their pictures."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from webapp.extensions import db
from webapp.models.catalog import Product, ProductSize
from webapp.models.orders import CartItem, OrderLine
from webapp.services.catalog.media import reencoded, store_product_image
from webapp.services.catalog.pictures import ImageRejected, verify_image
from webapp.services.catalog.sizes import MAX_LABEL_LENGTH, MAX_SIZES, size_rows, standard_size_run
from webapp.services.catalog.stock import announce_stock_crossings, stock_moved
from webapp.signals import products_changed

ALLOWED_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp"}
DESCRIPTIVE_FIELDS = (
    "name", "gender", "master_category", "sub_category", "article_type",
    "base_colour", "season", "usage", "year", "description", "price_cents", "is_featured",
)
MAX_PICTURES = 12


class CatalogError(ValueError):
    """A catalogue rule was broken; the message is fit to show the admin."""


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


def _checked_picture(upload: Upload) -> tuple[bytes, str]:
    """An uploaded picture's bytes and extension, after the same checks as the photo search."""
    extension = "." + upload.filename.rsplit(".", 1)[-1].lower() if "." in upload.filename else ""
    if extension not in ALLOWED_EXTENSIONS:
        raise CatalogError(f"{upload.filename or 'That file'}: Upload a .jpg, .png or .webp picture.")
    try:
        verified = verify_image(upload.data)
    except ImageRejected as exc:
        raise CatalogError(f"{upload.filename}: {exc}") from exc
    if verified.format == "GIF":
        raise CatalogError(f"{upload.filename}: Upload a .jpg, .png or .webp picture.")
    return reencoded(verified), verified.extension


def _stored_pictures(sku: str, uploads: Sequence[Upload]) -> list[str]:
    """Store uploaded pictures once every one has passed the check (one bad picture stores none); their names."""
    checked = [_checked_picture(upload) for upload in uploads]
    return [store_product_image(sku, data, extension) for data, extension in checked]


def _next_sku() -> str:
    highest = db.session.scalar(select(func.max(Product.id))) or 0
    return f"SHOP-{highest + 1:05d}"


def _announce(product: Product) -> None:
    products_changed.send(current_app._get_current_object(), product_ids=[product.id])


def parse_size_labels(text: str) -> tuple[str, ...]:
    """Sizes as an admin types them, "S, M, L": labels in that order; nothing typed gives nothing."""
    labels = tuple(label.strip() for label in text.split(",") if label.strip())
    for label in labels:
        _check_size_label(label)
    counts = Counter(label.lower() for label in labels)
    repeated = next((label for label in labels if counts[label.lower()] > 1), None)
    if repeated is not None:
        raise CatalogError(f"Each size once, please: {repeated} is given more than once.")
    if len(labels) > MAX_SIZES:
        raise CatalogError(f"A product has at most {MAX_SIZES} sizes.")
    return labels


def _check_size_label(label: str) -> None:
    if len(label) > MAX_LABEL_LENGTH or not label.isprintable():
        raise CatalogError(f"A size is a short label (at most {MAX_LABEL_LENGTH} characters), such as M or EU 42.")


def create_product(
    fields: dict[str, object], size_labels: Sequence[str], stock_per_size: int, pictures: Sequence[Upload]
) -> Product:
    """A new product with these sizes (none given: its type's usual run), each holding `stock_per_size`.

    The first picture is the main one. Every picture passes the check before anything is stored.
    """
    if stock_per_size < 0:
        raise CatalogError("Stock cannot be negative.")
    if not pictures:
        raise CatalogError("A new product needs a picture.")
    labels = size_labels or standard_size_run(str(fields["master_category"]), str(fields["article_type"]))
    sku = _next_sku()
    names = _stored_pictures(sku, pictures)
    product = Product(sku=sku, sizes=size_rows(dict.fromkeys(labels, stock_per_size)),
                      **{k: fields[k] for k in DESCRIPTIVE_FIELDS})
    product.set_gallery(names)
    db.session.add(product)
    db.session.commit()
    _announce(product)
    return product


def update_product(product: Product, fields: dict[str, object]) -> None:
    for key in DESCRIPTIVE_FIELDS:
        setattr(product, key, fields[key])
    db.session.commit()
    _announce(product)


def set_active(product: Product, active: bool) -> None:
    product.is_active = active
    db.session.commit()
    _announce(product)


# --- Sizes and their stock --------------------------------------------------------------------------

def add_size(product: Product, label: str, stock: int) -> ProductSize:
    """A new size at the end of the product's run."""
    label = label.strip()
    _check_size_label(label)
    if not label:
        raise CatalogError("Name the size, such as M or EU 42.")
    if stock < 0:
        raise CatalogError("Stock cannot be negative.")
    if any(size.label.lower() == label.lower() for size in product.sizes):
        raise CatalogError(f"{product.name} already comes in size {label}.")
    if len(product.sizes) >= MAX_SIZES:
        raise CatalogError(f"A product has at most {MAX_SIZES} sizes.")
    size = ProductSize(label=label, stock=stock, position=max((s.position for s in product.sizes), default=-1) + 1)
    product.sizes.append(size)
    try:
        db.session.flush()
    except IntegrityError as exc:  # the same size added by two admins at once
        db.session.rollback()
        raise CatalogError(f"{product.name} already comes in size {label}.") from exc
    stock_moved(product.id, size.id, stock, stock)
    db.session.commit()
    announce_stock_crossings()
    return size


def remove_size(size: ProductSize) -> None:
    """Take a sold-out size off a product; carts holding it lose it, order lines keep its label."""
    product = size.product
    if len(product.sizes) == 1:
        raise CatalogError(f"{product.name} needs at least one size: add another before removing {size.label}.")
    if size.stock > 0:
        raise CatalogError(f"Size {size.label} still has {size.stock} in stock: adjust it to 0 before removing it.")
    # What the foreign keys' ON DELETE does on PostgreSQL, done here so SQLite (which does not enforce them) agrees.
    db.session.execute(delete(CartItem).where(CartItem.size_id == size.id))
    db.session.execute(update(OrderLine).where(OrderLine.size_id == size.id).values(size_id=None))
    removed = db.session.execute(
        delete(ProductSize).where(ProductSize.id == size.id, ProductSize.stock == 0)
    ).rowcount
    if removed != 1:  # stock arrived (or the size went) since the page was read
        db.session.rollback()
        raise CatalogError(f"Size {size.label} changed just now. Reload the page and try again.")
    db.session.commit()


def adjust_stock(size: ProductSize, delta: int) -> int:
    """Add `delta` (negative to remove) in one conditional UPDATE, so concurrent sales can't go below 0."""
    if delta == 0:
        raise CatalogError("Enter a change other than 0.")
    stock = db.session.execute(
        update(ProductSize)
        .where(ProductSize.id == size.id, ProductSize.stock + delta >= 0)
        .values(stock=ProductSize.stock + delta)
        .returning(ProductSize.stock)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if stock is None:
        db.session.rollback()  # nothing changed; the message reads the stock there is now
        raise CatalogError(f"Only {size.stock} in stock in size {size.label}: cannot remove {-delta}.")
    stock_moved(size.product_id, size.id, stock, delta)
    db.session.commit()
    announce_stock_crossings()
    return stock


# --- Pictures -----------------------------------------------------------------------------------------

def _save_gallery(product: Product, names: Sequence[str]) -> None:
    main_changed = product.image_name != names[0]
    product.set_gallery(names)
    db.session.commit()
    if main_changed:
        _announce(product)  # look-alikes are embedded from the main picture


def _position_of(product: Product, image_name: str) -> int:
    gallery = product.gallery
    if image_name not in gallery:
        raise CatalogError("That picture does not belong to this product. Reload the page and try again.")
    return gallery.index(image_name)


def add_pictures(product: Product, uploads: Sequence[Upload]) -> None:
    """Add pictures after the product's others; all of them pass the check, or none is added."""
    if not uploads:
        raise CatalogError("Choose one or more pictures to upload.")
    if len(product.gallery) + len(uploads) > MAX_PICTURES:
        raise CatalogError(f"A product has at most {MAX_PICTURES} pictures.")
    names = [name for name in _stored_pictures(product.sku, uploads) if name not in product.gallery]
    _save_gallery(product, product.gallery + names)


def make_main_picture(product: Product, image_name: str) -> None:
    gallery = product.gallery
    gallery.pop(_position_of(product, image_name))
    _save_gallery(product, [image_name, *gallery])


def move_picture(product: Product, image_name: str, step: int) -> None:
    """Move a picture `step` places later in the gallery (negative: earlier), within its ends."""
    gallery = product.gallery
    gallery.pop(position := _position_of(product, image_name))
    gallery.insert(min(max(position + step, 0), len(gallery)), image_name)
    _save_gallery(product, gallery)


def remove_picture(product: Product, image_name: str) -> None:
    """Take a picture out of the gallery; its file stays in media storage, like that of every picture replaced."""
    gallery = product.gallery
    gallery.pop(_position_of(product, image_name))
    if not gallery:
        raise CatalogError("A product keeps at least one picture: upload another before removing this one.")
    _save_gallery(product, gallery)
