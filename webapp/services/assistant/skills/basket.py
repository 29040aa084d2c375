"""The cart: add what was shown (asking which size where there is a choice), remove, show it with its
totals. Every change is the cart service's; every total is checkout's totals() with the shop's shipping
rate and the coupon kept for the review page, so the assistant's total is the checkout's.
"""
from __future__ import annotations

import re

from webapp.models.catalog import Product, ProductSize
from webapp.services.assistant import references
from webapp.services.assistant.interpreter import Understanding
from webapp.services.assistant.replies import Reply, Shopper
from webapp.services.assistant.skills.products import load_products, matches_slots, pointed_at
from webapp.services.buying import cart as carts
from webapp.services.buying import checkout
from webapp.services.buying.cart import Cart, CartError
from webapp.services.buying.checkout import Totals
from webapp.services.pricing.money import shop_money
from webapp.services.pricing.promotions import PromotionError
from webapp.services.shop_settings import current_settings

_EVERYTHING = re.compile(r"\b(?:everything|all of it|all items|empty|clear)\b")
_SIZE_WORDS = {"extra small": "xs", "small": "s", "medium": "m", "large": "l", "extra large": "xl",
               "double extra large": "xxl", "one size": "one size"}
_FILLER = re.compile(r"\b(?:size|the|in|a|an|eu|please|one|i|want|ll|take|it|let|s|go|with|for|me|number)\b")


def cart_count(shopper: Shopper) -> int:
    return sum(shopper.store.quantities().values())


def size_named(product: Product, text: str) -> ProductSize | None:
    """The size of this product a message names: "size M", "the 42", "medium", "EU 42"."""
    lowered = re.sub(r"\bi'?m\b", " ", text.lower())  # "I'm" is not size M
    for words, label in _SIZE_WORDS.items():
        lowered = re.sub(rf"\b{words}\b", f" {label} ", lowered)
    words = set(_FILLER.sub(" ", re.sub(r"[^a-z0-9 ]", " ", lowered)).split()) | (
        {"one size"} if "one size" in lowered else set())
    for size in product.sizes:
        label = size.label.lower()
        forms = {label, label.replace("eu ", "")}
        if forms & words:
            return size
    return None


def sizes_in_words(product: Product) -> str:
    labels = [size.label + ("" if size.stock > 0 else " (sold out)") for size in product.sizes]
    return ", ".join(labels)


def add_to_cart(shopper: Shopper, understanding: Understanding) -> Reply:
    product_id = pointed_at(shopper, understanding)
    products = load_products([product_id]) if product_id else []
    if not products:
        return Reply("Which product shall I add? Search first, then say for example “add the second one”.",
                     "add_to_cart", understanding.slots, suggestions=["black jeans", "any offers?"])
    product = products[0]
    quantity = int(understanding.slots.get("quantity") or 1)
    shopper.conversation.focus = product.id
    if product.has_size_choice:
        size = size_named(product, " ".join(understanding.words))
        if size is None:
            return ask_size(shopper, product, quantity, understanding)
        return add_size(shopper, product, size, quantity, understanding.slots)
    return add_size(shopper, product, product.sizes[0], quantity, understanding.slots)


def ask_size(shopper: Shopper, product: Product, quantity: int, understanding: Understanding | None = None) -> Reply:
    shopper.conversation.ask("size", product_id=product.id, quantity=quantity)
    in_stock = [size.label for size in product.sizes if size.stock > 0]
    return Reply(f"Which size of “{product.name}”? It comes in {sizes_in_words(product)}.", "add_to_cart",
                 understanding.slots if understanding else {}, products=[product],
                 suggestions=[f"size {label}" for label in in_stock[:6]])


def answer_size(shopper: Shopper, pending: dict, text: str) -> Reply | None:
    """The answer to "which size?"; None when the message is about something else."""
    products = load_products([int(pending.get("product_id", 0))])
    if not products:
        return None
    product = products[0]
    quantity = int(pending.get("quantity") or 1)
    size = size_named(product, text)
    if size is None:
        if len(text.split()) <= 3 and re.search(r"\bsize\b|^\s*(?:the\s+)?\w{1,4}\s*$", text.lower()):
            return ask_size(shopper, product, quantity)  # an answer, but not one of its sizes: ask again
        return None
    return add_size(shopper, product, size, quantity, {"quantity": quantity})


def add_size(shopper: Shopper, product: Product, size: ProductSize, quantity: int, slots: dict) -> Reply:
    try:
        carts.add(shopper.store, product.id, quantity, size.id)
    except CartError as exc:
        return Reply(str(exc), "add_to_cart", slots, products=[product], suggestions=["what's in my cart"])
    count = cart_count(shopper)
    action = {"type": "cart_add", "product_id": product.id, "size_id": size.id, "size": size.label,
              "quantity": quantity, "cart_count": count}
    return Reply(f"Added {quantity} × {carts.named(size)} to your cart. Your cart has {count} "
                 f"item{'s' if count != 1 else ''}.", "add_to_cart", slots, actions=[action],
                 suggestions=["what's my total with shipping", "any offers?", "show more"])


def remove_from_cart(shopper: Shopper, understanding: Understanding) -> Reply:
    cart = carts.load(shopper.store, shopper.deals)
    if cart.is_empty:
        return Reply("Your cart is empty, so there is nothing to remove.", "remove_from_cart", understanding.slots,
                     suggestions=["red dresses under 50"])
    lines = _lines_meant(shopper, understanding, cart)
    if not lines:
        names = "; ".join(f"{n}. {carts.named(line.size)}" for n, line in enumerate(cart.lines, start=1))
        shopper.conversation.show(_product_ids(cart))
        return Reply(f"Which one shall I remove? Your cart has: {names}.", "remove_from_cart", understanding.slots,
                     suggestions=["remove the first one", "what's in my cart"])
    actions = []
    for line in lines:
        carts.remove(shopper.store, line.size.id)
        actions.append({"type": "cart_remove", "product_id": line.product.id, "size_id": line.size.id})
    count = cart_count(shopper)
    for action in actions:
        action["cart_count"] = count
    removed = ", ".join(carts.named(line.size) for line in lines)
    return Reply(f"Removed {removed} from your cart. It has {count} item{'s' if count != 1 else ''} now.",
                 "remove_from_cart", understanding.slots, actions=actions, suggestions=["what's in my cart"])


def _product_ids(cart: Cart) -> list[int]:
    return list(dict.fromkeys(line.product.id for line in cart.lines))


def _lines_meant(shopper: Shopper, understanding: Understanding, cart: Cart) -> list:
    if _EVERYTHING.search(" ".join(understanding.words)):
        return list(cart.lines)
    position = understanding.everything.get("position")
    if position is not None:
        product_id = references.resolve_position(position, shopper.conversation.shown)
        return [line for line in cart.lines if line.product.id == product_id]
    named = {k: v for k, v in understanding.everything.items() if k in ("articleType", "subCategory", "masterCategory",
                                                                          "baseColour", "gender", "usage", "season")}
    if named:
        return [line for line in cart.lines if matches_slots(line.product, named)]
    by_name = references.best_name_match(" ".join(understanding.rest), {line.product.id: line.product.name
                                                                        for line in cart.lines})
    if by_name is not None:
        return [line for line in cart.lines if line.product.id == by_name]
    focus = shopper.conversation.focus
    if focus is not None and references.points_at_something(" ".join(understanding.words)):
        return [line for line in cart.lines if line.product.id == focus]
    return list(cart.lines) if len(cart.lines) == 1 else []


def cart_totals(shopper: Shopper, cart: Cart) -> tuple[Totals, str | None]:
    """Checkout's totals with the shop's shipping and the kept coupon; a coupon that stopped applying is dropped."""
    rate = current_settings().shipping_rate
    if shopper.coupon_code:
        try:
            return checkout.totals(cart, rate, shopper.coupon_code), None
        except PromotionError as exc:
            return checkout.totals(cart, rate), f"{exc} It is no longer applied."
    return checkout.totals(cart, rate), None


def totals_in_words(totals: Totals) -> str:
    parts = [f"Goods {shop_money(totals.subtotal_cents)}"]
    if totals.coupon:
        parts.append(f"coupon {totals.coupon.code} −{shop_money(totals.discount_cents)}")
    parts.append(f"shipping {shop_money(totals.shipping_cents)}" if totals.shipping_cents else "shipping free")
    return ", ".join(parts) + f": total {shop_money(totals.total_cents)}."


def show_cart(shopper: Shopper, understanding: Understanding) -> Reply:
    cart = carts.load(shopper.store, shopper.deals)
    if cart.is_empty:
        return Reply("Your cart is empty.", "cart", suggestions=["red dresses under 50", "any offers?"])
    totals, dropped = cart_totals(shopper, cart)
    lines = "\n".join(f"{line.quantity} × {carts.named(line.size)}: {shop_money(line.total_cents)}"
                      + (f" ({line.problem})" if line.problem else "") for line in cart.lines)
    text = "\n".join(part for part in (dropped, "Your cart:", lines, totals_in_words(totals)) if part)
    products = load_products(_product_ids(cart))
    shopper.conversation.show([p.id for p in products])
    return Reply(text, "cart", products=products, suggestions=["any offers?", "remove the first one"],
                 coupon_code="" if dropped else None)
