"""The selling price: carts, checkout, Stripe and every page ask unit_price_cents() or price_of().

It is the list price less the best live deal (services/pricing/promotions.py holds the deal and
coupon rules).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from webapp.services.pricing import promotions
from webapp.services.pricing.promotions import Price

if TYPE_CHECKING:
    from webapp.models.catalog import Product


def unit_price_cents(product: Product) -> int:
    """What one unit of a product costs now. Every price the shop shows or charges comes from here."""
    return price_of(product).cents


def price_of(product: Product) -> Price:
    """The list price, the price after the best live deal, and that deal (see services/promotions.py)."""
    return promotions.price_of(product)
