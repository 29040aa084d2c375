"""What a turn answers, and what the assistant needs to know about the shopper to answer it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from webapp.models.catalog import Product
from webapp.models.users import User
from webapp.services.assistant.conversation import Conversation
from webapp.services.assistant.interpreter import Interpreter
from webapp.services.buying.cart import CartStore
from webapp.services.pricing.promotions import LiveDeals

HELP_SUGGESTIONS = ["red dresses under 50", "any offers?", "what's in my cart", "where is my order",
                    "what is your return policy", "talk to a person"]


@dataclass
class Shopper:
    """Who is talking and what the assistant may act on: the views build it from the request."""

    user: User | None  # None: a guest
    store: CartStore  # the shopper's cart (the session's or the account's)
    deals: LiveDeals  # the live deals of this request, for every price
    conversation: Conversation
    interpreter: Interpreter
    coupon_code: str = ""  # the coupon kept for the checkout review
    page_product_id: int | None = None  # the product page the chat was opened on

    @property
    def is_customer(self) -> bool:
        return self.user is not None


@dataclass
class Reply:
    text: str
    intent: str
    slots: dict[str, Any] = field(default_factory=dict)
    products: list[Product] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    filters: dict[str, Any] = field(default_factory=dict)  # a search's filters: the chips and the catalogue link
    coupon_code: str | None = None  # a coupon to keep for checkout ("" forgets it); None: no change
