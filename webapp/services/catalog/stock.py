"""Stock that sold out or came back in stock. Look-alikes and photo search leave sold-out products
out, so such a change is announced (products_changed), like any other change to a product.

Stock is kept per size; a product is in stock while any of its sizes is (Product.in_stock). Whatever
moves a size's stock (checkout reserving it, an order called off giving it back, an admin's
adjustment) reports the move to stock_moved() in its transaction; once the transaction is committed,
announce_stock_crossings() announces the products that crossed zero, once each.
"""
from __future__ import annotations

from flask import current_app
from sqlalchemy import exists, select

from webapp.extensions import db
from webapp.models.catalog import ProductSize
from webapp.signals import products_changed

# Where a unit of work collects the products whose stock crossed zero, until it is committed.
_CROSSED = "products whose stock crossed zero"


def crossed_zero(before: int, after: int) -> bool:
    """Whether stock going from `before` to `after` sold the product out or brought it back."""
    return (before > 0) != (after > 0)


def stock_moved(product_id: int, size_id: int, stock: int, delta: int) -> None:
    """A size's stock moved by `delta` to `stock`: if its product crossed zero, that is announced after the commit."""
    if crossed_zero(stock - delta, stock) and not _other_sizes_in_stock(product_id, size_id):
        db.session.info.setdefault(_CROSSED, set()).add(product_id)


def _other_sizes_in_stock(product_id: int, size_id: int) -> bool:
    # Only asked when a size crosses zero: the product crosses with it unless another size holds stock.
    return bool(db.session.scalar(select(exists().where(
        ProductSize.product_id == product_id, ProductSize.id != size_id, ProductSize.stock > 0
    ))))


def announce_stock_crossings() -> None:
    """After a commit: announce the products whose stock crossed zero in it."""
    crossed = db.session.info.pop(_CROSSED, set())
    if crossed:
        products_changed.send(current_app._get_current_object(), product_ids=sorted(crossed))
