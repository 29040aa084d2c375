"""Finding the products a message points at, and saying what they cost (through the price rule)."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from webapp.extensions import db
from webapp.models.catalog import Product
from webapp.services.assistant import references
from webapp.services.assistant.interpreter import Understanding
from webapp.services.assistant.replies import Shopper
from webapp.services.assistant.vocabulary import CATALOGUE_SLOTS
from webapp.services.pricing.money import shop_money
from webapp.services.pricing.rule import unit_price_cents


def load_products(ids: Sequence[int]) -> list[Product]:
    """Active products by id, in the order given."""
    if not ids:
        return []
    rows = db.session.scalars(select(Product).where(Product.id.in_(ids), Product.is_active.is_(True))
                              .options(selectinload(Product.sizes)))
    found = {p.id: p for p in rows}
    return [found[i] for i in ids if i in found]


def price_text(product: Product, shopper: Shopper) -> str:
    return shop_money(unit_price_cents(product, shopper.deals))


def listed(products: Iterable[Product], shopper: Shopper) -> str:
    return "\n".join(f"{n}. {p.name}: {price_text(p, shopper)}" for n, p in enumerate(products, start=1))


def matches_slots(product: Product, slots: dict) -> bool:
    """Whether the product has every catalogue value the slots name."""
    return all(getattr(product, column) == slots[slot] for slot, column in CATALOGUE_SLOTS.items() if slot in slots)


def pointed_at(shopper: Shopper, understanding: Understanding) -> int | None:
    """The product a message points at: by position in the last results, by name, or the one in focus."""
    conversation = shopper.conversation
    position = understanding.everything.get("position")
    if position is not None:
        return references.resolve_position(position, conversation.shown)
    shown = load_products(conversation.shown)
    named = references.best_name_match(" ".join(understanding.rest), {p.id: p.name for p in shown})
    if named is not None:
        return named
    names_values = _names_catalogue_values(understanding)
    by_slots = [p.id for p in shown if names_values and matches_slots(p, understanding.everything)]
    if len(by_slots) == 1:
        return by_slots[0]
    if conversation.focus is not None:
        return conversation.focus
    if shopper.page_product_id is not None:
        return shopper.page_product_id
    return conversation.shown[0] if len(conversation.shown) == 1 else None


def _names_catalogue_values(understanding: Understanding) -> bool:
    return any(slot in understanding.everything for slot in CATALOGUE_SLOTS)
