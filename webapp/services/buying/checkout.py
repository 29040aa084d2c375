"""Checkout: the shipping address, the review, and placing the order, which reserves its stock.

Stock is kept per size and reserved with one conditional UPDATE per size inside the order's
transaction (`stock = stock - q WHERE stock >= q`): the database row lock makes the check and the
decrement one step, so two customers buying the last item of a size at the same moment cannot both
get it (the `stock >= 0` check constraint on product_sizes stands behind it). Sizes are reserved in
size id order by every checkout, so two orders never wait on each other's rows in a cycle.

An order costs its lines at their (deal) prices, less the coupon, plus shipping (the price rule's
shipping_cents() with the shop's rate, from the goods after the coupon).
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import NoReturn

from flask import current_app
from sqlalchemy import ColumnElement, delete, exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from webapp.extensions import db
from webapp.models.catalog import Product, ProductSize
from webapp.models.orders import CartItem, Order, OrderLine, ShippingAddress
from webapp.models.users import User
from webapp.services.buying import orders, payments
from webapp.services.buying.cart import AccountCart, Cart, load, named
from webapp.services.buying.countries import ships_to
from webapp.services.catalog.stock import stock_moved
from webapp.services.pricing import promotions
from webapp.services.pricing.promotions import CouponError, CouponQuote, LiveDeals
from webapp.services.pricing.rule import ShippingRate, shipping_cents, unit_price_cents

_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


class CheckoutError(ValueError):
    """Checkout cannot go on as asked; the message is fit to show."""


class OutOfStock(CheckoutError):
    pass


@dataclass(frozen=True)
class Totals:
    """What an order costs: the lines at their (deal) prices, less the coupon, plus shipping."""

    subtotal_cents: int
    shipping_cents: int
    coupon: CouponQuote | None = None

    @property
    def discount_cents(self) -> int:
        return self.coupon.discount_cents if self.coupon else 0

    @property
    def total_cents(self) -> int:
        return self.subtotal_cents - self.discount_cents + self.shipping_cents


def _totals(subtotal_cents: int, shipping: ShippingRate, coupon: CouponQuote | None) -> Totals:
    discount = coupon.discount_cents if coupon else 0
    return Totals(subtotal_cents, shipping_cents(subtotal_cents - discount, shipping), coupon)


@dataclass(frozen=True)
class Address:
    full_name: str
    line1: str
    postal_code: str
    city: str
    country: str
    line2: str = ""


def saved_address(user_id: int) -> ShippingAddress | None:
    return db.session.scalar(select(ShippingAddress).where(ShippingAddress.user_id == user_id))


def save_address(user_id: int, address: Address) -> ShippingAddress:
    """Keep the address on the account, so the next checkout starts from it."""
    if not ships_to(address.country):
        raise CheckoutError("We do not ship to that country yet.")
    saved = saved_address(user_id) or ShippingAddress(user_id=user_id)
    for name, value in vars(address).items():
        setattr(saved, name, value.strip())
    db.session.add(saved)
    db.session.commit()
    return saved


def new_checkout_token() -> str:
    return secrets.token_urlsafe(24)


def review(user_id: int, deals: LiveDeals) -> Cart:
    """The cart as it will be ordered, priced with `deals`; refuses what cannot be ordered as it is."""
    cart = load(AccountCart(user_id), deals)
    if cart.is_empty:
        raise CheckoutError("Your cart is empty: add something you like, then check out.")
    if cart.problems:
        raise CheckoutError(" ".join(cart.problems))
    return cart


def totals(cart: Cart, shipping: ShippingRate, coupon_code: str = "") -> Totals:
    """The cart's totals with this shipping rate and coupon code (none when empty); CouponError if it cannot be used."""
    coupon = promotions.quote_coupon(coupon_code, cart.total_cents) if coupon_code else None
    return _totals(cart.total_cents, shipping, coupon)


def place_order(
    user: User,
    checkout_token: str,
    reviewed_total_cents: int,
    deals: LiveDeals,
    coupon_code: str = "",
    *,
    shipping: ShippingRate,
) -> Order:
    """Turn the customer's cart into an order awaiting payment, reserving its stock, in one transaction.

    The same checkout_token submitted again returns the order it already made. The total the
    customer reviewed must still be the total: prices come from the server (the price rule with
    `deals` and the `shipping` rate), and a price that changed since the review (or a tampered form)
    is refused rather than charged. A coupon use is taken in the same transaction, so a refused
    order takes none.
    """
    if not _TOKEN.fullmatch(checkout_token or ""):
        raise CheckoutError("This checkout form is not valid any more. Please review your order again.")
    existing = _order_for_token(user.id, checkout_token)
    if existing is not None:
        return existing
    try:
        order = _build_order(user, checkout_token, deals, shipping, coupon_code)
        if order.total_cents != reviewed_total_cents:
            raise CheckoutError("The total of your cart changed since you reviewed it. Please check it again.")
        orders.commit()
    except IntegrityError:
        # A twin submission committed first: the unique token makes ours fail; answer with theirs.
        db.session.rollback()
        existing = _order_for_token(user.id, checkout_token)
        if existing is None:
            raise
        return existing
    except CheckoutError:
        db.session.rollback()
        raise
    return order


def _build_order(
    user: User, checkout_token: str, deals: LiveDeals, shipping: ShippingRate, coupon_code: str
) -> Order:
    address = saved_address(user.id)
    if address is None:
        raise CheckoutError("Please add a shipping address first.")
    items = list(
        db.session.scalars(
            select(CartItem)
            .where(CartItem.user_id == user.id)
            .options(joinedload(CartItem.size).joinedload(ProductSize.product))
            # Reserve in size order everywhere, so two orders never wait on each other's rows.
            .order_by(CartItem.size_id)
        )
    )
    if not items:
        raise CheckoutError("Your cart is empty.")
    payment_method = payments.method_for_new_orders()
    if payment_method is None:
        raise CheckoutError("This shop cannot take payments yet. Please come back later.")
    order = Order(
        user_id=user.id,
        currency=current_app.config["CURRENCY"],
        checkout_token=checkout_token,
        payment_method=payment_method,
        total_cents=0,
        ship_name=address.full_name,
        ship_line1=address.line1,
        ship_line2=address.line2,
        ship_postal_code=address.postal_code,
        ship_city=address.city,
        ship_country=address.country,
    )
    db.session.add(order)
    db.session.flush()  # claims the token first: a twin submission stops here instead of reserving stock
    for item in items:
        if not item.product.is_active:
            raise CheckoutError(f"{named(item.size)} is no longer sold. Remove it from your cart to go on.")
        _reserve(item.size, item.quantity)
        order.lines.append(
            OrderLine(
                product_id=item.product.id,
                product_name=item.product.name,
                sku=item.product.sku,
                size_id=item.size.id,
                size_label=item.size.label,
                unit_price_cents=unit_price_cents(item.product, deals),
                quantity=item.quantity,
            )
        )
    _set_totals(order, shipping, coupon_code)
    orders.record_placed(order, orders.Actor.of(user))
    db.session.execute(delete(CartItem).where(CartItem.id.in_([item.id for item in items])))
    return order


def _set_totals(order: Order, shipping: ShippingRate, coupon_code: str) -> None:
    """Set the order's coupon, shipping and total. The coupon is claimed after the stock: every checkout locks so."""
    quote = None
    if coupon_code:
        try:
            quote = promotions.claim_coupon(coupon_code, order.subtotal_cents)
        except CouponError as exc:
            raise CheckoutError(f"{exc} Remove it from your order to go on.") from exc
        order.coupon_id, order.coupon_code, order.discount_cents = quote.coupon_id, quote.code, quote.discount_cents
    charged = _totals(order.subtotal_cents, shipping, quote)
    order.shipping_cents, order.total_cents = charged.shipping_cents, charged.total_cents


def _on_sale() -> ColumnElement[bool]:
    """The size's product is still sold (it may be deactivated while a customer checks out)."""
    return exists().where(Product.id == ProductSize.product_id, Product.is_active.is_(True))


def _reserve(size: ProductSize, quantity: int) -> None:
    remaining = db.session.execute(
        update(ProductSize)
        .where(ProductSize.id == size.id, ProductSize.stock >= quantity, _on_sale())
        .values(stock=ProductSize.stock - quantity)
        .returning(ProductSize.stock)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if remaining is None:
        _refuse_short_stock(size)
    stock_moved(size.product_id, size.id, remaining, -quantity)


def _refuse_short_stock(size: ProductSize) -> NoReturn:
    left = db.session.scalar(select(ProductSize.stock).where(ProductSize.id == size.id, _on_sale()))
    if not left:
        raise OutOfStock(f"Sorry, {named(size)} has just sold out. Remove it from your cart to go on.")
    raise OutOfStock(f"Sorry, only {left} of {named(size)} left. Lower the quantity in your cart to go on.")


def _order_for_token(user_id: int, checkout_token: str) -> Order | None:
    return db.session.scalar(
        select(Order).where(Order.user_id == user_id, Order.checkout_token == checkout_token)
    )
