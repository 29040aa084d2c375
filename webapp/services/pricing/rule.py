"""The selling price: a product's list price less the best single live deal covering it; and shipping.

Every price the shop shows or charges comes from here: the cart, the checkout review, order lines
(and so Stripe's line items), product cards and pages, look-alikes. The live deals are an input the
caller loads (promotions.load_live_deals(); a request loads them once, see webapp/request_deals.py),
so a price is a pure function of the product and the deals. price_column() is the same rule in SQL,
for the listing's price filter and sort. services/pricing/promotions.py holds what a deal takes off
and the coupon rules.

Shipping is a flat fee per order, and nothing once the goods (after deals and coupon) reach the
free-shipping threshold. The rate is an input too: the shop's settings (services/shop_settings.py).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Integer, case, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction

from webapp.models.catalog import Product
from webapp.models.promotions import DealTarget, DiscountKind
from webapp.services.pricing.promotions import LiveDeal, LiveDeals, discounted_cents


@dataclass(frozen=True)
class Price:
    """What a product costs now: its list price, the price after the best deal, and that deal."""

    list_cents: int
    cents: int
    deal: LiveDeal | None = None

    @property
    def is_reduced(self) -> bool:
        return self.cents < self.list_cents


def price_of(product: Product, deals: LiveDeals) -> Price:
    """The list price, the price after the best of `deals` covering the product, and that deal."""
    best = Price(product.price_cents, product.price_cents)
    # Ties go to the deal ending first: the one the customer is told to hurry for.
    for deal in sorted(deals.covering(product), key=lambda deal: (deal.ends_at, deal.id)):
        cents = discounted_cents(product.price_cents, deal.kind, deal.amount)
        if cents < best.cents:
            best = Price(product.price_cents, cents, deal)
    return best


def unit_price_cents(product: Product, deals: LiveDeals) -> int:
    """What one unit of a product costs with these deals."""
    return price_of(product, deals).cents


@dataclass(frozen=True)
class ShippingRate:
    """What delivering an order costs: a flat fee, or nothing from a goods total on (None: never free)."""

    fee_cents: int
    free_from_cents: int | None = None


def shipping_cents(goods_cents: int, rate: ShippingRate) -> int:
    """The shipping charge of an order whose goods cost `goods_cents`, deals and coupon taken off."""
    if rate.free_from_cents is not None and goods_cents >= rate.free_from_cents:
        return 0
    return rate.fee_cents


class least(GenericFunction):
    """The smallest of its arguments: LEAST() on PostgreSQL, the many-argument min() on SQLite."""

    type = Integer()
    inherit_cache = True


@compiles(least, "sqlite")
def _least_on_sqlite(element: least, compiler, **kwargs) -> str:
    return f"min({compiler.process(element.clause_expr, **kwargs)[1:-1]})"


def _deal_condition(deal: LiveDeal) -> ColumnElement[bool]:
    if deal.target == DealTarget.PRODUCT:
        return Product.id == deal.product_id
    return getattr(Product, deal.target) == deal.target_value


def _discounted_column(deal: LiveDeal) -> ColumnElement[int]:
    """discounted_cents() in SQL: the same integer arithmetic, so listings and carts agree to the cent."""
    amount = literal(deal.amount, Integer)
    off = (Product.price_cents * amount + 50) // 100 if deal.kind == DiscountKind.PERCENT else amount
    after = Product.price_cents - off
    return case((after < 0, 0), else_=after)


def price_column(deals: LiveDeals) -> ColumnElement[int]:
    """What price_of() says a product costs with these deals, as a SQL expression (price filters, sorting)."""
    prices = [
        case((_deal_condition(deal), _discounted_column(deal)), else_=Product.price_cents)
        for deal in deals.deals
    ]
    return least(Product.price_cents, *prices) if prices else Product.price_cents
