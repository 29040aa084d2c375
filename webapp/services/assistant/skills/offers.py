"""Deals and coupons: the live deals and public coupons (promotions service), and a coupon applied to the
cart through the coupon rules (checkout totals, which quote it: window, uses left, minimum)."""
from __future__ import annotations

from webapp.models.promotions import DealTarget
from webapp.services.assistant.interpreter import Understanding
from webapp.services.assistant.replies import Reply, Shopper
from webapp.services.assistant.skills.basket import cart_totals
from webapp.services.assistant.skills.products import listed, matches_slots
from webapp.services.assistant.vocabulary import CATALOGUE_SLOTS
from webapp.services.buying import cart as carts
from webapp.services.buying import checkout
from webapp.services.pricing import promotions
from webapp.services.pricing.money import shop_money
from webapp.services.pricing.promotions import PromotionError, describe_discount
from webapp.services.shop_settings import current_settings

SHOWN_DEAL_PRODUCTS = 6
_SLOT_OF_TARGET = {DealTarget.ARTICLE_TYPE: "articleType", DealTarget.SUB_CATEGORY: "subCategory",
                   DealTarget.MASTER_CATEGORY: "masterCategory"}


def deals(shopper: Shopper, understanding: Understanding) -> Reply:
    wanted = {k: v for k, v in understanding.slots.items() if k in CATALOGUE_SLOTS}
    on_deal = [p for p in promotions.products_on_deal(shopper.deals, limit=60) if matches_slots(p, wanted)]
    products = on_deal[:SHOWN_DEAL_PRODUCTS]
    covering = {deal.id: deal for p in products for deal in shopper.deals.covering(p)}
    running = list(covering.values()) if wanted else shopper.deals.deals
    lines = [f"{deal.name}: {describe_discount(deal.kind, deal.amount)} until {deal.ends_at:%d %B %Y}"
             for deal in running]
    coupons = promotions.public_coupons()
    for coupon in coupons:
        minimum = f" on orders from {shop_money(coupon.min_order_cents)}" if coupon.min_order_cents else ""
        lines.append(f"Coupon {coupon.code}: {describe_discount(coupon.kind, coupon.amount)}{minimum}, "
                     f"until {coupon.ends_at:%d %B %Y}")
    shopper.conversation.show([p.id for p in products])
    if not lines and not products:
        what = " on those" if wanted else ""
        return Reply(f"There are no deals{what} running right now.", "deals", understanding.slots,
                     suggestions=["any offers?", "red dresses under 50"] if wanted else ["red dresses under 50"])
    text = "\n".join(["Running now:", *lines] + ([f"On sale:\n{listed(products, shopper)}"] if products else []))
    suggestions = [f"apply {coupon.code}" for coupon in coupons[:2]] + (["add the first one"] if products else [])
    return Reply(text, "deals", understanding.slots, products=products, suggestions=suggestions)


def apply_coupon(shopper: Shopper, understanding: Understanding) -> Reply:
    code = understanding.slots.get("code")
    if not code:
        return Reply("Which coupon code? Type it like “apply WELCOME10”.", "apply_coupon", understanding.slots,
                     suggestions=["any offers?"])
    cart = carts.load(shopper.store, shopper.deals)
    if cart.is_empty:
        return Reply("Your cart is empty: add something first, then the coupon comes off its total.",
                     "apply_coupon", understanding.slots, suggestions=["any offers?", "red dresses under 50"])
    try:
        totals = checkout.totals(cart, current_settings().shipping_rate, code)
    except PromotionError as exc:
        current, _ = cart_totals(shopper, cart)
        return Reply(f"{exc} Your total stays {shop_money(current.total_cents)}.", "apply_coupon", understanding.slots,
                     suggestions=["any offers?", "what's in my cart"])
    action = {"type": "coupon_applied", "code": code, "discount_cents": totals.discount_cents,
              "total_cents": totals.total_cents}
    shipping = f"shipping {shop_money(totals.shipping_cents)}" if totals.shipping_cents else "free shipping"
    return Reply(f"Coupon {code} applied: {shop_money(totals.discount_cents)} off. Your total is now "
                 f"{shop_money(totals.total_cents)}, {shipping} included. It is kept for checkout.",
                 "apply_coupon", understanding.slots, actions=[action], coupon_code=code,
                 suggestions=["what's my total with shipping", "what's in my cart"])
