"""What views look up from a URL: the thing asked for, or the 404 page saying what was not found."""
from __future__ import annotations

from typing import TypeVar

from flask import abort
from flask_login import current_user

from webapp.extensions import db
from webapp.models.catalog import Product
from webapp.models.orders import Order
from webapp.services.buying import orders
from webapp.services.catalog import browse

T = TypeVar("T")


def found_or_404(found: T | None, description: str) -> T:
    """`found`, unless it is None: then the 404 page, saying `description`."""
    if found is None:
        abort(404, description=description)
    return found


def get_or_404(model: type[T], row_id: int, description: str) -> T:
    """The `model` row with this id, or the 404 page saying `description`."""
    return found_or_404(db.session.get(model, row_id), description)


def own_order_or_404(order_id: int) -> Order:
    """One of the logged-in customer's orders; anyone else's is not found, as if it did not exist."""
    return found_or_404(orders.get_order(order_id, user_id=current_user.id), "We could not find that order.")


def product_on_sale_or_404(product_id: int) -> Product:
    """An active product; a deactivated one is not found, as if it did not exist."""
    return found_or_404(
        browse.get_active_product(product_id), "We could not find that product. It may have been removed."
    )
