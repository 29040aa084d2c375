"""The cart: what a shopper means to buy. Guests keep it in their session, customers in the database.

Quantities are checked against stock when they change; prices are never stored here: every
load prices the lines with the price rule and the live deals it is given, so a cart always shows
what checkout will charge.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from webapp.extensions import db
from webapp.models._base import parse_row_id
from webapp.models.catalog import Product
from webapp.models.orders import CartItem
from webapp.services.pricing.promotions import LiveDeals
from webapp.services.pricing.rule import unit_price_cents

MAX_LINE_QUANTITY = 20
MAX_LINES = 50  # a guest cart lives in the session cookie, which must stay small
SESSION_KEY = "cart"
_QUANTITY = re.compile(r"\s*([+-]?)(\d+)\s*")


class CartError(ValueError):
    """A cart change we refuse; the message is fit to show."""


class ProductUnavailable(CartError):
    """The product does not exist or is not for sale."""


class CartStore(Protocol):
    def quantities(self) -> dict[int, int]: ...
    def put(self, product_id: int, quantity: int) -> None: ...
    def remove(self, product_id: int) -> None: ...


class SessionCart:
    """A guest's cart: {product id: quantity} in the (signed cookie) session."""

    def __init__(self, session: MutableMapping[str, Any]) -> None:
        self.session = session

    def quantities(self) -> dict[int, int]:
        stored = self.session.get(SESSION_KEY) or {}
        return {int(key): int(value) for key, value in stored.items()}

    def put(self, product_id: int, quantity: int) -> None:
        self._save({**self.quantities(), product_id: quantity})

    def remove(self, product_id: int) -> None:
        self._save({key: value for key, value in self.quantities().items() if key != product_id})

    def clear(self) -> None:
        self.session.pop(SESSION_KEY, None)

    def _save(self, quantities: dict[int, int]) -> None:
        # Assigned anew (not mutated in place) so the session notices the change.
        self.session[SESSION_KEY] = {str(key): value for key, value in quantities.items()}


class AccountCart:
    """A customer's cart, one CartItem row per product."""

    def __init__(self, user_id: int) -> None:
        self.user_id = user_id

    def quantities(self) -> dict[int, int]:
        rows = db.session.execute(
            select(CartItem.product_id, CartItem.quantity)
            .where(CartItem.user_id == self.user_id)
            .order_by(CartItem.added_at, CartItem.id)
        )
        return {product_id: quantity for product_id, quantity in rows}

    def put(self, product_id: int, quantity: int) -> None:
        item = db.session.scalar(
            select(CartItem).where(CartItem.user_id == self.user_id, CartItem.product_id == product_id)
        )
        if item is None:
            db.session.add(CartItem(user_id=self.user_id, product_id=product_id, quantity=quantity))
        else:
            item.quantity = quantity

    def remove(self, product_id: int) -> None:
        db.session.execute(
            delete(CartItem).where(CartItem.user_id == self.user_id, CartItem.product_id == product_id)
        )


@dataclass(frozen=True)
class CartLine:
    product: Product
    quantity: int
    unit_price_cents: int
    problem: str = ""  # set when the line cannot be bought as it is (sold out, not enough stock)

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
        raise CartError(f"You can buy at most {MAX_LINE_QUANTITY} of one product.")
    return value


def parse_product_id(raw: str | None) -> int:
    product_id = parse_row_id(raw)
    if product_id is None:
        raise ProductUnavailable("We could not find that product. It may have been removed.")
    return product_id


def sellable_product(product_id: int) -> Product:
    product = db.session.get(Product, product_id)
    if product is None or not product.is_active:
        raise ProductUnavailable("We could not find that product. It may have been removed.")
    return product


def add(store: CartStore, product_id: int, quantity: int) -> Product:
    """Add `quantity` of a product to the cart, within stock and the per-product limit."""
    product = sellable_product(product_id)
    quantities = store.quantities()
    if product_id not in quantities and len(quantities) >= MAX_LINES:
        raise CartError(f"Your cart is full ({MAX_LINES} different products). Check out or remove something first.")
    in_cart = quantities.get(product_id, 0)
    _check_quantity(product, in_cart + quantity, in_cart)
    store.put(product_id, in_cart + quantity)
    _commit()
    return product


def change_quantity(store: CartStore, product_id: int, quantity: int) -> Product:
    product = sellable_product(product_id)
    if product_id not in store.quantities():
        raise CartError("That product is not in your cart.")
    _check_quantity(product, quantity, 0)
    store.put(product_id, quantity)
    _commit()
    return product


def remove(store: CartStore, product_id: int) -> None:
    store.remove(product_id)
    _commit()


def load(store: CartStore, deals: LiveDeals) -> Cart:
    """The cart priced with `deals`, each line flagged when it cannot be bought as it is."""
    quantities = store.quantities()
    if not quantities:
        return Cart()
    products = {
        product.id: product
        for product in db.session.scalars(
            select(Product).where(Product.id.in_(quantities))
        )
    }
    lines = [
        CartLine(product, quantity, unit_price_cents(product, deals), _problem(product, quantity))
        for product_id, quantity in quantities.items()
        if (product := products.get(product_id)) is not None
    ]
    return Cart(lines)


def merge_into_account(guest_quantities: Mapping[int, int], user_id: int) -> list[str]:
    """Move a guest's cart into the account's cart at login; returns notices for what had to shrink."""
    account = AccountCart(user_id)
    in_account = account.quantities()
    notices = []
    for product_id, quantity in guest_quantities.items():
        product = db.session.get(Product, product_id)
        if product is None or not product.is_active:
            continue
        wanted = in_account.get(product_id, 0) + quantity
        allowed = min(wanted, product.stock, MAX_LINE_QUANTITY)
        if allowed < wanted:
            notices.append(f"Your cart now has {allowed} of “{product.name}”: that is all we can sell you.")
        if allowed > in_account.get(product_id, 0):
            account.put(product_id, allowed)
    _commit()
    return notices


def _check_quantity(product: Product, wanted: int, in_cart: int) -> None:
    if product.stock <= 0:
        raise CartError(f"“{product.name}” is sold out.")
    if wanted > product.stock:
        already = f" Your cart already has {in_cart}." if in_cart else ""
        raise CartError(f"Only {product.stock} of “{product.name}” in stock.{already}")
    if wanted > MAX_LINE_QUANTITY:
        raise CartError(f"You can buy at most {MAX_LINE_QUANTITY} of one product.")


def _problem(product: Product, quantity: int) -> str:
    if not product.is_active:
        return f"“{product.name}” is no longer sold. Remove it to check out."
    if product.stock <= 0:
        return f"“{product.name}” has sold out. Remove it to check out."
    if quantity > product.stock:
        return f"Only {product.stock} of “{product.name}” left. Lower the quantity to check out."
    return ""


def _commit() -> None:
    try:
        db.session.commit()
    except IntegrityError as exc:  # the same product added twice at the same moment
        db.session.rollback()
        raise CartError("Your cart changed at the same moment. Please try again.") from exc
