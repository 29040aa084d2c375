"""The shop's terms: the shipping charges, the delivery estimate and the returns policy.

Admins edit them on /admin/settings; until one first saves them, config's defaults apply
(SHIPPING_FEE_CENTS, FREE_SHIPPING_FROM_CENTS, DELIVERY_ESTIMATE, RETURNS_POLICY). Everything that
shows or charges them reads them here: the price rule's shipping rate (cart, checkout, orders), and
the delivery and returns text of product pages and the cart.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy.exc import IntegrityError

from webapp.extensions import db
from webapp.models.settings import ShopSettings
from webapp.services.pricing.money import shop_money
from webapp.services.pricing.rule import ShippingRate

SETTINGS_ROW = 1
MAX_FEE_CENTS = 100_000
MAX_ESTIMATE_LENGTH = 200
MAX_POLICY_LENGTH = 2000


class SettingsError(ValueError):
    """Settings we refuse; the message is fit to show the admin."""


@dataclass(frozen=True)
class Settings:
    shipping_fee_cents: int
    free_shipping_from_cents: int | None  # goods worth this much ship free; None: never
    delivery_estimate: str
    returns_policy: str

    @property
    def shipping_rate(self) -> ShippingRate:
        return ShippingRate(self.shipping_fee_cents, self.free_shipping_from_cents)


def current_settings() -> Settings:
    """The settings in force: the saved ones, or config's defaults before any were saved."""
    row = db.session.get(ShopSettings, SETTINGS_ROW)
    if row is None:
        config = current_app.config
        return Settings(config["SHIPPING_FEE_CENTS"], config["FREE_SHIPPING_FROM_CENTS"],
                        config["DELIVERY_ESTIMATE"], config["RETURNS_POLICY"])
    return Settings(row.shipping_fee_cents, row.free_shipping_from_cents, row.delivery_estimate, row.returns_policy)


def save_settings(settings: Settings) -> None:
    _check(settings)
    row = db.session.get(ShopSettings, SETTINGS_ROW) or ShopSettings(id=SETTINGS_ROW)
    row.shipping_fee_cents = settings.shipping_fee_cents
    row.free_shipping_from_cents = settings.free_shipping_from_cents
    row.delivery_estimate = settings.delivery_estimate.strip()
    row.returns_policy = settings.returns_policy.strip()
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError as exc:  # two admins saving the very first settings at once
        db.session.rollback()
        raise SettingsError("The settings were saved by someone else just now. Check them and save again.") from exc


def _check(settings: Settings) -> None:
    if not 0 <= settings.shipping_fee_cents <= MAX_FEE_CENTS:
        raise SettingsError(f"The shipping fee must be between {shop_money(0)} and {shop_money(MAX_FEE_CENTS)}.")
    if settings.free_shipping_from_cents is not None and settings.free_shipping_from_cents < 0:
        raise SettingsError("Free shipping cannot start below 0.")
    if not settings.delivery_estimate.strip() or len(settings.delivery_estimate) > MAX_ESTIMATE_LENGTH:
        raise SettingsError(f"Say how long delivery takes, in at most {MAX_ESTIMATE_LENGTH} characters.")
    if not settings.returns_policy.strip() or len(settings.returns_policy) > MAX_POLICY_LENGTH:
        raise SettingsError(f"Give the returns policy, in at most {MAX_POLICY_LENGTH} characters.")
