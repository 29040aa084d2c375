"""Deals and coupons: what they take off, which are live, and the rules for saving and using them.

- A deal covers a product, an article type, a sub-category or a masterCategory while it is active
  and now is in [starts_at, ends_at) (UTC). load_live_deals() reads the deals running now; the
  price rule (services/pricing/rule.py) takes them as an input.
- A product costs the lowest price that one live deal covering it gives: the best single deal
  wins, deals never stack. A percentage is taken off rounded to the nearest cent (half up); a
  fixed amount is taken off as it is; a price never goes below 0.
- A coupon takes its amount off the order subtotal after deals, with the same arithmetic, so the
  total never goes below 0. It needs to be active, inside its window, to have uses left and the
  subtotal to reach its minimum.
- A coupon use is taken with a conditional UPDATE (times_used < usage_limit) in the order's
  transaction, so two orders cannot both take the last use; an order cancelled before it was paid
  gives its use back, a paid order keeps it (even when later cancelled or refunded).
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, or_, select, update

from webapp.extensions import db
from webapp.models._base import parse_row_id, utcnow
from webapp.models.catalog import Product
from webapp.models.orders import Order
from webapp.models.promotions import Coupon, Deal, DealTarget, DiscountKind
from webapp.services.pricing.money import shop_money

COUPON_CODE = re.compile(r"[A-Z0-9][A-Z0-9_-]{2,31}")


class PromotionError(ValueError):
    """A deal or coupon we refuse; the message is fit to show."""


class CouponError(PromotionError):
    """A coupon that cannot be used on this order (unknown, expired, used up, order too small)."""


def discounted_cents(cents: int, kind: str, amount: int) -> int:
    """`cents` less a discount of `amount` (a percentage or cents, by `kind`), never below 0."""
    # A percentage is rounded to the nearest cent, half a cent up.
    off = (cents * amount + 50) // 100 if kind == DiscountKind.PERCENT else amount
    return max(cents - off, 0)


def describe_discount(kind: str, amount: int) -> str:
    """'20% off' or '€5.00 off'."""
    return f"{amount}% off" if kind == DiscountKind.PERCENT else f"{shop_money(amount)} off"


# --- Deals ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LiveDeal:
    """A deal as the price rule needs it: plain values, safe to keep after the session moves on."""

    id: int
    name: str
    kind: str
    amount: int
    target: str
    target_value: str
    product_id: int | None
    ends_at: datetime

    @property
    def key(self) -> tuple[str, str]:
        if self.target == DealTarget.PRODUCT:
            return (self.target, str(self.product_id))
        return (self.target, self.target_value)


@dataclass
class LiveDeals:
    """The deals running now, indexed by what they cover."""

    deals: list[LiveDeal] = field(default_factory=list)
    _by_key: dict[tuple[str, str], list[LiveDeal]] = field(init=False, default_factory=lambda: defaultdict(list))

    def __post_init__(self) -> None:
        for deal in self.deals:
            self._by_key[deal.key].append(deal)

    def covering(self, product: Product) -> list[LiveDeal]:
        """The deals that cover this product, whatever their discount."""
        keys = (
            (DealTarget.PRODUCT.value, str(product.id)),
            (DealTarget.ARTICLE_TYPE.value, product.article_type),
            (DealTarget.SUB_CATEGORY.value, product.sub_category),
            (DealTarget.MASTER_CATEGORY.value, product.master_category),
        )
        return [deal for key in keys for deal in self._by_key.get(key, ())]


def load_live_deals(now: datetime | None = None) -> LiveDeals:
    """The deals running now (or at `now`), read from the database: the price rule's input."""
    now = now or utcnow()
    live = (Deal.is_active.is_(True), Deal.starts_at <= now, Deal.ends_at > now)
    rows = db.session.scalars(select(Deal).where(*live).order_by(Deal.ends_at, Deal.id))
    return LiveDeals([
        LiveDeal(d.id, d.name, d.kind, d.amount, d.target, d.target_value, d.product_id, d.ends_at) for d in rows
    ])


def products_on_deal(deals: LiveDeals, limit: int = 8) -> Sequence[Product]:
    """Products for sale, in stock and covered by one of `deals`, newest first (for the home page)."""
    covered = _covered_condition(deals.deals)
    if covered is None:
        return []
    return db.session.scalars(
        select(Product)
        .where(Product.is_active.is_(True), Product.in_stock, covered)
        .order_by(Product.created_at.desc(), Product.id.desc())
        .limit(limit)
    ).all()


def _covered_condition(deals: Sequence[LiveDeal]) -> ColumnElement[bool] | None:
    """A WHERE condition matching every product one of `deals` covers; None when there are no deals."""
    conditions = []
    product_ids = [deal.product_id for deal in deals if deal.target == DealTarget.PRODUCT]
    if product_ids:
        conditions.append(Product.id.in_(product_ids))
    for target in (DealTarget.ARTICLE_TYPE, DealTarget.SUB_CATEGORY, DealTarget.MASTER_CATEGORY):
        values = [deal.target_value for deal in deals if deal.target == target]
        if values:
            conditions.append(getattr(Product, target.value).in_(values))
    return or_(*conditions) if conditions else None


@dataclass(frozen=True)
class DealSpec:
    """A deal as an admin describes it; amount is a whole percentage or cents, by kind."""

    name: str
    kind: str
    amount: int
    target: str
    target_value: str
    starts_at: datetime
    ends_at: datetime
    is_active: bool = True


def save_deal(spec: DealSpec, deal: Deal | None = None) -> Deal:
    """Create a deal (or change `deal`) after checking it; PromotionError says what is wrong."""
    if not spec.name.strip():
        raise PromotionError("A deal needs a name: customers see it next to the price.")
    _check_discount(spec.kind, spec.amount, spec.starts_at, spec.ends_at)
    if spec.target not in {target.value for target in DealTarget}:
        raise PromotionError("Choose what the deal covers: a product, a type, a sub-category or a category.")
    product_id, value = _deal_target(spec.target, spec.target_value.strip())
    deal = deal or Deal()
    deal.name = spec.name.strip()
    deal.kind, deal.amount, deal.target = spec.kind, spec.amount, spec.target
    deal.target_value, deal.product_id = value, product_id
    deal.starts_at, deal.ends_at, deal.is_active = spec.starts_at, spec.ends_at, spec.is_active
    db.session.add(deal)
    db.session.commit()
    return deal


def _deal_target(target: str, value: str) -> tuple[int | None, str]:
    """(product id, attribute value) of a deal's target; refuses what matches nothing in the catalogue."""
    if target == DealTarget.PRODUCT:
        product = db.session.get(Product, product_id) if (product_id := parse_row_id(value)) else None
        product = product or db.session.scalar(select(Product).where(Product.sku == value))
        if product is None:
            raise PromotionError(f"There is no product with the id or article number “{value}”.")
        return product.id, product.sku
    column = getattr(Product, target)
    if not value or db.session.scalar(select(Product.id).where(column == value).limit(1)) is None:
        label = DealTarget(target).label.lower()
        raise PromotionError(f"No product has the {label} “{value}”: check the spelling (it is case-sensitive).")
    return None, value


def end_deal(deal: Deal) -> None:
    """Stop a deal now. A running deal keeps its record of having run until now."""
    _end(deal)


def promotion_state(promotion: Deal | Coupon, now: datetime | None = None) -> str:
    """'live', 'upcoming', 'ended' or 'off' (switched off by an admin)."""
    now = now or utcnow()
    if not promotion.is_active:
        return "off"
    if now < promotion.starts_at:
        return "upcoming"
    return "live" if now < promotion.ends_at else "ended"


# --- Coupons -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CouponQuote:
    """A coupon applied to a subtotal: what it takes off."""

    coupon_id: int
    code: str
    discount_cents: int


def normalise_code(raw: str | None) -> str:
    return (raw or "").strip().upper()


def quote_coupon(raw_code: str | None, subtotal_cents: int, now: datetime | None = None) -> CouponQuote:
    """What the coupon `raw_code` takes off a subtotal (after deals); CouponError when it cannot be used."""
    code = normalise_code(raw_code)
    coupon = db.session.scalar(select(Coupon).where(Coupon.code == code)) if COUPON_CODE.fullmatch(code) else None
    if coupon is None:
        raise CouponError(f"We do not know the coupon code “{code[:40]}”.")
    now = now or utcnow()
    state = promotion_state(coupon, now)
    if state == "upcoming":
        raise CouponError(f"The coupon {code} can be used from {coupon.starts_at:%d %B %Y, %H:%M} UTC.")
    if state != "live":
        raise CouponError(f"The coupon {code} has expired.")
    if coupon.times_used >= coupon.usage_limit:
        raise CouponError(f"The coupon {code} has been used up.")
    if subtotal_cents < coupon.min_order_cents:
        raise CouponError(f"The coupon {code} needs an order of at least {shop_money(coupon.min_order_cents)}.")
    return CouponQuote(coupon.id, code, subtotal_cents - discounted_cents(subtotal_cents, coupon.kind, coupon.amount))


def claim_coupon(raw_code: str | None, subtotal_cents: int) -> CouponQuote:
    """Take one use of a coupon for an order, in the caller's transaction.

    The check and the count are one conditional UPDATE: on PostgreSQL a second order waiting on the
    row lock sees the first one's count and takes nothing when that was the last use.
    """
    quote = quote_coupon(raw_code, subtotal_cents)
    now = utcnow()
    taken = db.session.execute(
        update(Coupon)
        .where(
            Coupon.id == quote.coupon_id,
            Coupon.times_used < Coupon.usage_limit,
            Coupon.is_active.is_(True),
            Coupon.starts_at <= now,
            Coupon.ends_at > now,
        )
        .values(times_used=Coupon.times_used + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        raise CouponError(f"The coupon {quote.code} has just been used up.")
    return quote


def release_coupon(order: Order) -> None:
    """Give back the coupon use of an order that is called off before it was paid."""
    if order.coupon_id is None:
        return
    db.session.execute(
        update(Coupon)
        .where(Coupon.id == order.coupon_id, Coupon.times_used > 0)
        .values(times_used=Coupon.times_used - 1)
        .execution_options(synchronize_session=False)
    )


@dataclass(frozen=True)
class CouponSpec:
    """A coupon as an admin describes it; amount is a whole percentage or cents, by kind."""

    code: str
    kind: str
    amount: int
    usage_limit: int
    starts_at: datetime
    ends_at: datetime
    min_order_cents: int = 0
    is_active: bool = True
    is_public: bool = False  # offered by the shopping assistant to anyone asking for deals


def save_coupon(spec: CouponSpec, coupon: Coupon | None = None) -> Coupon:
    """Create a coupon (or change `coupon`) after checking it; PromotionError says what is wrong."""
    code = normalise_code(spec.code)
    if not COUPON_CODE.fullmatch(code):
        raise PromotionError("A coupon code is 3 to 32 letters, digits, - or _, starting with a letter or digit.")
    _check_discount(spec.kind, spec.amount, spec.starts_at, spec.ends_at)
    if spec.usage_limit < 1:
        raise PromotionError("A coupon needs at least one use.")
    if coupon is not None and spec.usage_limit < coupon.times_used:
        raise PromotionError(f"This coupon has been used {coupon.times_used} times: the limit cannot be lower.")
    if spec.min_order_cents < 0:
        raise PromotionError("The minimum order cannot be negative.")
    taken = db.session.scalar(select(Coupon.id).where(Coupon.code == code))
    if taken is not None and (coupon is None or taken != coupon.id):
        raise PromotionError(f"There is already a coupon {code}.")
    coupon = coupon or Coupon(times_used=0)
    coupon.code, coupon.kind, coupon.amount = code, spec.kind, spec.amount
    coupon.usage_limit, coupon.min_order_cents = spec.usage_limit, spec.min_order_cents
    coupon.starts_at, coupon.ends_at, coupon.is_active = spec.starts_at, spec.ends_at, spec.is_active
    coupon.is_public = spec.is_public
    db.session.add(coupon)
    db.session.commit()
    return coupon


def public_coupons(now: datetime | None = None) -> list[Coupon]:
    """Coupons anyone may be told about: public, live now and with uses left (the assistant's "any offers?")."""
    now = now or utcnow()
    return list(db.session.scalars(
        select(Coupon)
        .where(Coupon.is_public.is_(True), Coupon.is_active.is_(True), Coupon.starts_at <= now, Coupon.ends_at > now,
               Coupon.times_used < Coupon.usage_limit)
        .order_by(Coupon.ends_at, Coupon.id)
    ))


def end_coupon(coupon: Coupon) -> None:
    """Stop a coupon now: no order can use it any more."""
    _end(coupon)


# --- Shared --------------------------------------------------------------------------------------

def _check_discount(kind: str, amount: int, starts_at: datetime, ends_at: datetime) -> None:
    if kind not in {known.value for known in DiscountKind}:
        raise PromotionError("Choose a percentage or a fixed amount off.")
    if amount < 1:
        raise PromotionError("The discount must be more than zero.")
    if kind == DiscountKind.PERCENT and amount > 100:
        raise PromotionError("A percentage off can be at most 100.")
    if ends_at <= starts_at:
        raise PromotionError("The end must come after the start.")


def _end(promotion: Deal | Coupon) -> None:
    now = utcnow()
    if promotion.starts_at < now < promotion.ends_at:
        promotion.ends_at = now
    promotion.is_active = False
    db.session.commit()


def by_state(promotions: Iterable[Deal | Coupon]) -> list[tuple[str, Deal | Coupon]]:
    """Each promotion with its state, for the admin's lists."""
    now = utcnow()
    return [(promotion_state(promotion, now), promotion) for promotion in promotions]
