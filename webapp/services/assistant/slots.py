"""Slots: what a message names, grounded in the catalogue's vocabulary.

Catalogue slots (gender, masterCategory, subCategory, articleType, baseColour, season, usage) hold
values exactly as the catalogue stores them; min_price and max_price are numbers in the shop's
currency; quantity, position (1-based), order (a number), code (upper case) and cheaper (true).
Each intent keeps only the slots it can use, so "how long does home delivery take" asks nothing of
the "Home" usage.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from webapp.services.assistant import amounts, references
from webapp.services.assistant.lexicon import Lexicon
from webapp.services.assistant.vocabulary import CATALOGUE_SLOTS, Vocabulary, phrase_of

Slots = dict[str, Any]
PRICE_SLOTS = ("min_price", "max_price")
_CATALOGUE = tuple(CATALOGUE_SLOTS)
_CHEAPER = re.compile(
    r"\b(?:cheaper|less expensive|lower price[sd]?|cheapest|more affordable|less pricey|costs? less)\b"
)
KEPT_BY_INTENT: dict[str, tuple[str, ...]] = {
    "search": (*_CATALOGUE, *PRICE_SLOTS, "cheaper"),
    "similar": (*_CATALOGUE, *PRICE_SLOTS, "cheaper", "position"),
    "deals": _CATALOGUE,
    "add_to_cart": ("quantity", "position"),
    "remove_from_cart": (*_CATALOGUE, "position"),
    "apply_coupon": ("code",),
    "order_status": ("order",),
    "cancel_order": ("order",),
}


@dataclass
class Reading:
    """Everything a message names, before the intent chooses what it keeps; words: the corrected message."""

    slots: Slots
    words: list[str]
    rest: list[str]  # corrected words that named no slot (for text search and product names)


def normalise(text: str) -> str:
    """Lower case, straight quotes, and "men's" as "mens" (the possessive carries no meaning here)."""
    lowered = text.lower().replace("’", "'").replace("‘", "'")
    return re.sub(r"(\w)'s\b", r"\1s", lowered)


def read(text: str, vocabulary: Vocabulary, lexicon: Lexicon) -> Reading:
    lowered = normalise(text)
    slots: Slots = {}
    order, rest = amounts.find_order_number(lowered)
    prices = amounts.find_prices(rest)
    rest = prices.rest
    for name, value in (("min_price", prices.min_price), ("max_price", prices.max_price)):
        if value is not None:
            slots[name] = amounts.shop_number(value)
    quantity, rest = amounts.find_quantity(rest)
    position, rest = references.find_position(rest)
    code = amounts.find_code(text)
    for name, value in (("order", order), ("quantity", quantity), ("position", position), ("code", code)):
        if value is not None:
            slots[name] = value
    if _CHEAPER.search(lowered):
        slots["cheaper"] = True
    rest_words = lexicon.correct_all(phrase_of(rest).split())
    named, unnamed = catalogue_terms(rest_words, vocabulary)
    slots.update(most_specific_kind(named))
    words = lexicon.correct_all(phrase_of(lowered).split())
    return Reading(slots, words, unnamed)


def catalogue_terms(words: list[str], vocabulary: Vocabulary) -> tuple[dict[str, str], list[str]]:
    """Longest phrases first, left to right: "casual shoes" is a type before "casual" is a usage."""
    found: dict[str, str] = {}
    unnamed: list[str] = []
    longest = vocabulary.longest_phrase
    start = 0
    while start < len(words):
        for size in range(min(longest, len(words) - start), 0, -1):
            term = vocabulary.terms.get(" ".join(words[start : start + size]))
            if term is not None:
                found.setdefault(term.slot, term.value)
                start += size
                break
        else:
            unnamed.append(words[start])
            start += 1
    return found, unnamed


def most_specific_kind(named: dict[str, str]) -> dict[str, str]:
    """Only the most specific kind of product ("handbag from my bag" is Handbags, not Bags as well)."""
    kinds = [slot for slot in ("articleType", "subCategory", "masterCategory") if slot in named]
    return {slot: value for slot, value in named.items() if slot not in kinds[1:]}


def kept_for(intent: str, slots: Slots) -> Slots:
    """The slots an intent uses, in a stable order."""
    keep = KEPT_BY_INTENT.get(intent, ())
    return {name: slots[name] for name in keep if name in slots}
