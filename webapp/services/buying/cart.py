"""The cart: what a shopper means to buy, so many of each size. Guests keep it in their session,
customers in the database.

Quantities are checked against the size's stock when they change; prices are never stored here:
every load prices the lines with the price rule and the live deals it is given, so a cart always
shows what checkout will charge.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from webapp.extensions import db
from webapp.models._base import parse_row_id
from webapp.models.catalog import Product, ProductSize
from webapp.models.orders import CartItem
from webapp.services.pricing.promotions import LiveDeals
from webapp.services.pricing.rule import unit_price_cents

MAX_LINE_QUANTITY = 20
MAX_LINES = 50  # a guest cart lives in the session cookie, which must stay small
# {size id: quantity}. Carts made before products had sizes were {product id: quantity} under "cart":
# a new key, so that no product id is ever read as a size id.
SESSION_KEY = "cart_sizes"
_QUANTITY = re.compile(r"\s*([+-]?)(\d+)\s*")
_NOT_FOUND = "We could not find that product. It may have been removed."


class CartError(ValueError):
    """A cart change we refuse; the message is fit to show."""


class ProductUnavailable(CartError):
    """The product does not exist or is not for sale."""


class CartStore(Protocol):
    def quantities(self) -> dict[int, int]: ...
    def put(self, size_id: int, quantity: int) -> None: ...
    def remove(self, size_id: int) -> None: ...


class SessionCart:
    """A guest's cart: {size id: quantity} in the (signed cookie) session."""

    def __init__(self, session: MutableMapping[str, Any]) -> None:
        self.session = session

    def quantities(self) -> dict[int, int]:
        stored = self.session.get(SESSION_KEY) or {}
        return {int(key): int(value) for key, value in stored.items()}

    def put(self, size_id: int, quantity: int) -> None:
        self._save({**self.quantities(), size_id: quantity})

    def remove(self, size_id: int) -> None:
        self._save({key: value for key, value in self.quantities().items() if key != size_id})

    def clear(self) -> None:
        self.session.pop(SESSION_KEY, None)

    def _save(self, quantities: dict[int, int]) -> None:
        # Assigned anew (not mutated in place) so the session notices the change.
        self.session[SESSION_KEY] = {str(key): value for key, value in quantities.items()}


class AccountCart:
    """A customer's cart, one CartItem row per size."""

    def __init__(self, user_id: int) -> None:
        self.user_id = user_id

    def quantities(self) -> dict[int, int]:
        rows = db.session.execute(
            select(CartItem.size_id, CartItem.quantity)
            .where(CartItem.user_id == self.user_id)
            .order_by(CartItem.added_at, CartItem.id)
        )
        return {size_id: quantity for size_id, quantity in rows}

    def put(self, size_id: int, quantity: int) -> None:
        item = db.session.scalar(
            select(CartItem).where(CartItem.user_id == self.user_id, CartItem.size_id == size_id)
        )
        if item is None:
            db.session.add(CartItem(user_id=self.user_id, size_id=size_id, quantity=quantity))
        else:
            item.quantity = quantity

    def remove(self, size_id: int) -> None:
        db.session.execute(delete(CartItem).where(CartItem.user_id == self.user_id, CartItem.size_id == size_id))


@dataclass(frozen=True)
class CartLine:
    size: ProductSize
    quantity: int
    unit_price_cents: int
    problem: str = ""  # set when the line cannot be bought as it is (sold out, not enough stock)

    @property
    def product(self) -> Product:
        return self.size.product

    @property
    def total_cents(self) -> int:
        return self.unit_price_cents * self.quantity


@dataclass
class Cart:
    lines: list[CartLine] = field(default_factory=list)

    @property
    def total_cents(self) -> int:
        return sum(line.total_cents for line in self.lines)

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def problems(self) -> list[str]:
        return [line.problem for line in self.lines if line.problem]

    @property
    def is_empty(self) -> bool:
        return not self.lines


def named(size: ProductSize) -> str:
    """How messages name what a shopper buys: “Tee” alone, or “Tee” in size M where there is a choice."""
    product = size.product
    return f"“{product.name}” in size {size.label}" if product.has_size_choice else f"“{product.name}”"


def parse_quantity(raw: str | None) -> int:
    """A quantity typed by a shopper: a whole number from 1 to MAX_LINE_QUANTITY, or a CartError."""
    match = _QUANTITY.fullmatch(raw or "")
    if match is None:
        raise CartError("Quantity must be a whole number, such as 1 or 2.")
    sign, digits = match.groups()
    value = int(digits) if len(digits) <= 6 else MAX_LINE_QUANTITY + 1
    if sign == "-" or value < 1:
        raise CartError("Quantity must be at least 1. To take a product out of the cart, use Remove.")
    if value > MAX_LINE_QUANTITY:
        raise CartError(f"You can buy at most {MAX_LINE_QUANTITY} of one product in one size.")
    return value


def parse_product_id(raw: str | None) -> int:
    product_id = parse_row_id(raw)
    if product_id is None:
        raise ProductUnavailable(_NOT_FOUND)
    return product_id


def parse_size_id(raw: str | None) -> int | None:
    """The size a shopper picked; None when none was sent. Anything that cannot be a size id is refused."""
    if raw is None or not raw.strip():
        return None
    size_id = parse_row_id(raw)
    if size_id is None:
        raise CartError("That is not one of the sizes we sell. Choose one of the sizes shown.")
    return size_id


def sellable_product(product_id: int) -> Product:
    product = db.session.get(Product, product_id)
    if product is None or not product.is_active:
        raise ProductUnavailable(_NOT_FOUND)
    return product


def sellable_size(product_id: int, size_id: int | None) -> ProductSize:
    """The size of an active product a shopper asked for; with no size named, the product's only one."""
    product = sellable_product(product_id)
    if size_id is None:
        if product.has_size_choice:
            raise CartError(f"Choose a size of “{product.name}” first.")
        return product.sizes[0]
    size = product.size_with_id(size_id)
    if size is None:
        elsewhere = db.session.get(ProductSize, size_id) is not None
        reason = "is a size of another product" if elsewhere else "is no longer sold"
        raise CartError(f"The size you picked {reason}. Choose one of the sizes of “{product.name}”.")
    return size


def add(store: CartStore, product_id: int, quantity: int, size_id: int | None = None) -> ProductSize:
    """Add `quantity` of a size of a product to the cart, within its stock and the per-line limit.

    A product with one size needs no size_id; one with several is refused without it.
    """
    size = sellable_size(product_id, size_id)
    quantities = store.quantities()
    if size.id not in quantities and len(quantities) >= MAX_LINES:
        raise CartError(f"Your cart is full ({MAX_LINES} different products). Check out or remove something first.")
    in_cart = quantities.get(size.id, 0)
    _check_quantity(size, in_cart + quantity, in_cart)
    store.put(size.id, in_cart + quantity)
    _commit()
    return size


def change_quantity(store: CartStore, size_id: int, quantity: int) -> ProductSize:
    size = db.session.get(ProductSize, size_id)
    if size is None or not size.product.is_active:
        raise ProductUnavailable(_NOT_FOUND)
    if size_id not in store.quantities():
        raise CartError(f"{named(size)} is not in your cart.")
    _check_quantity(size, quantity, 0)
    store.put(size_id, quantity)
    _commit()
    return size


def remove(store: CartStore, size_id: int) -> None:
    store.remove(size_id)
    _commit()


def load(store: CartStore, deals: LiveDeals) -> Cart:
    """The cart priced with `deals`, each line flagged when it cannot be bought as it is."""
    quantities = store.quantities()
    if not quantities:
        return Cart()
    sizes = {
        size.id: size
        for size in db.session.scalars(
            select(ProductSize).where(ProductSize.id.in_(quantities)).options(joinedload(ProductSize.product))
        )
    }
    lines = [
        CartLine(size, quantity, unit_price_cents(size.product, deals), _problem(size, quantity))
        for size_id, quantity in quantities.items()
        if (size := sizes.get(size_id)) is not None  # a size removed since it was added
    ]
    return Cart(lines)


def merge_into_account(guest_quantities: Mapping[int, int], user_id: int) -> list[str]:
    """Move a guest's cart into the account's cart at login; returns notices for what had to shrink."""
    account = AccountCart(user_id)
    in_account = account.quantities()
    notices = []
    for size_id, quantity in guest_quantities.items():
        size = db.session.get(ProductSize, size_id)
        if size is None or not size.product.is_active:
            continue
        wanted = in_account.get(size_id, 0) + quantity
        allowed = min(wanted, size.stock, MAX_LINE_QUANTITY)
        if allowed < wanted:
            notices.append(f"Your cart now has {allowed} of {named(size)}: that is all we can sell you.")
        if allowed > in_account.get(size_id, 0):
            account.put(size_id, allowed)
    _commit()
    return notices


def _check_quantity(size: ProductSize, wanted: int, in_cart: int) -> None:
    if size.stock <= 0:
        raise CartError(f"{named(size)} is sold out.")
    if wanted > size.stock:
        already = f" Your cart already has {in_cart}." if in_cart else ""
        raise CartError(f"Only {size.stock} of {named(size)} in stock.{already}")
    if wanted > MAX_LINE_QUANTITY:
        raise CartError(f"You can buy at most {MAX_LINE_QUANTITY} of one product in one size.")


def _problem(size: ProductSize, quantity: int) -> str:
    if not size.product.is_active:
        return f"{named(size)} is no longer sold. Remove it to check out."
    if size.stock <= 0:
        return f"{named(size)} has sold out. Remove it to check out."
    if quantity > size.stock:
        return f"Only {size.stock} of {named(size)} left. Lower the quantity to check out."
    return ""


def _commit() -> None:
    try:
        db.session.commit()
    except IntegrityError as exc:  # the same size added twice at the same moment
        db.session.rollback()
        raise CartError("Your cart changed at the same moment. Please try again.") from exc
