"""One function per intent. Each acts only through the shop's services (catalogue browse, look-alikes,
cart, price rule, checkout totals, coupons, order transitions, feedback): the assistant never has a
rule of its own about a price, a stock level, a deal or an order state.
"""
from __future__ import annotations

from collections.abc import Callable

from webapp.services.assistant.interpreter import Understanding
from webapp.services.assistant.replies import Reply, Shopper
from webapp.services.assistant.skills import basket, finding, offers, ordering, talking

Skill = Callable[[Shopper, Understanding], Reply]

SKILLS: dict[str, Skill] = {
    "greeting": talking.greeting,
    "goodbye": talking.goodbye,
    "search": finding.search,
    "similar": finding.similar,
    "add_to_cart": basket.add_to_cart,
    "remove_from_cart": basket.remove_from_cart,
    "cart": basket.show_cart,
    "deals": offers.deals,
    "apply_coupon": offers.apply_coupon,
    "order_status": ordering.order_status,
    "cancel_order": ordering.cancel_order,
    "faq_returns": talking.faq_returns,
    "faq_shipping": talking.faq_shipping,
    "feedback": talking.feedback,
    "human": talking.human,
    "unknown": talking.unknown,
}
