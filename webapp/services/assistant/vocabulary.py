"""The catalogue's own words: every gender, category, type, colour, season and usage value in the database,
with the phrases a shopper uses for them (plural and singular, synonyms such as sneakers -> shoes).

Slot values are always catalogue values, exactly as stored; a synonym only counts when the value it
stands for is in the catalogue. The fingerprint changes when the catalogue's values do, which is what
rebuilds the intent model (interpreter.py).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import case, func, literal, select, union_all

from webapp.extensions import db
from webapp.models.catalog import Product

# Slot name -> Product column, in the order a listing shows them.
CATALOGUE_SLOTS: dict[str, str] = {
    "gender": "gender",
    "masterCategory": "master_category",
    "subCategory": "sub_category",
    "articleType": "article_type",
    "baseColour": "base_colour",
    "season": "season",
    "usage": "usage",
}
# When one phrase names values of several slots ("watches" is a sub-category and a type), the most
# specific wins: it filters to the same products or fewer.
KIND_SLOTS = ("articleType", "subCategory", "masterCategory")
SPECIFICITY = ("articleType", "subCategory", "masterCategory", "usage", "season", "baseColour", "gender")

# Phrase -> the values it may stand for, best first; the first one the catalogue has is used.
SYNONYMS: dict[str, tuple[tuple[str, str], ...]] = {
    "sneakers": (("articleType", "Casual Shoes"), ("articleType", "Sports Shoes"), ("subCategory", "Shoes")),
    "sneaker": (("articleType", "Casual Shoes"), ("articleType", "Sports Shoes"), ("subCategory", "Shoes")),
    "trainers": (("articleType", "Sports Shoes"), ("articleType", "Casual Shoes"), ("subCategory", "Shoes")),
    "running shoes": (("articleType", "Sports Shoes"),),
    "shoes": (("subCategory", "Shoes"), ("masterCategory", "Footwear")),
    "shoe": (("subCategory", "Shoes"), ("masterCategory", "Footwear")),
    "footwear": (("masterCategory", "Footwear"),),
    "tee": (("articleType", "Tshirts"),), "tees": (("articleType", "Tshirts"),),
    "t shirt": (("articleType", "Tshirts"),), "t shirts": (("articleType", "Tshirts"),),
    "tshirt": (("articleType", "Tshirts"),),
    "pants": (("articleType", "Trousers"),), "trouser": (("articleType", "Trousers"),),
    "chinos": (("articleType", "Trousers"),),
    "jumper": (("articleType", "Sweaters"),), "jumpers": (("articleType", "Sweaters"),),
    "pullover": (("articleType", "Sweaters"),),
    "hoodie": (("articleType", "Sweatshirts"),), "hoodies": (("articleType", "Sweatshirts"),),
    "purse": (("articleType", "Handbags"),), "purses": (("articleType", "Handbags"),),
    "handbag": (("articleType", "Handbags"),),
    "bag": (("subCategory", "Bags"),), "bags": (("subCategory", "Bags"),),
    "shades": (("articleType", "Sunglasses"),), "sunnies": (("articleType", "Sunglasses"),),
    "hat": (("articleType", "Caps"),), "hats": (("articleType", "Caps"),),
    "scarf": (("articleType", "Scarves"),),
    "high heels": (("articleType", "Heels"),),
    "perfume": (("articleType", "Perfume and Body Mist"),), "perfumes": (("articleType", "Perfume and Body Mist"),),
    "clothes": (("masterCategory", "Apparel"),), "clothing": (("masterCategory", "Apparel"),),
    "gym": (("usage", "Sports"),), "workout": (("usage", "Sports"),), "running": (("usage", "Sports"),),
    "sport": (("usage", "Sports"),), "sporty": (("usage", "Sports"),), "athletic": (("usage", "Sports"),),
    "office": (("usage", "Formal"),), "work": (("usage", "Formal"),), "business": (("usage", "Formal"),),
    "everyday": (("usage", "Casual"),),
    "evening": (("usage", "Party"),),
    "autumn": (("season", "Fall"),),
    "gray": (("baseColour", "Grey"),),
    "navy": (("baseColour", "Navy Blue"),),
    "men": (("gender", "Men"),), "man": (("gender", "Men"),), "mens": (("gender", "Men"),),
    "male": (("gender", "Men"),), "guys": (("gender", "Men"),), "gents": (("gender", "Men"),),
    "him": (("gender", "Men"),),
    "women": (("gender", "Women"),), "woman": (("gender", "Women"),), "womens": (("gender", "Women"),),
    "female": (("gender", "Women"),), "ladies": (("gender", "Women"),), "lady": (("gender", "Women"),),
    "her": (("gender", "Women"),),
    "boy": (("gender", "Boys"),), "girl": (("gender", "Girls"),),
}
_SPLIT = re.compile(r"[^a-z0-9]+")
_KEPT_KEY = "assistant vocabulary"


@dataclass(frozen=True)
class Term:
    slot: str
    value: str


@dataclass(frozen=True)
class Vocabulary:
    values: dict[str, tuple[str, ...]]  # slot -> the catalogue's values
    terms: dict[str, Term]  # phrase (normalised words joined by spaces) -> what it names
    fingerprint: str

    @property
    def words(self) -> frozenset[str]:
        """Every word of every phrase: what a misspelt word may be corrected to."""
        return frozenset(word for phrase in self.terms for word in phrase.split())

    @property
    def longest_phrase(self) -> int:
        return max((len(phrase.split()) for phrase in self.terms), default=1)


def phrase_of(text: str) -> str:
    """Lower case words joined by single spaces: how phrases and messages are compared."""
    return " ".join(word for word in _SPLIT.split(text.lower()) if word)


def number_forms(phrase: str) -> set[str]:
    """The phrase with its last word both singular and plural ("casual shoes" -> "casual shoe")."""
    *head, last = phrase.split()
    forms = {last}
    if last.endswith(("ches", "shes", "sses", "xes")):
        forms.add(last[:-2])
    elif last.endswith("ies") and len(last) > 4:
        forms.add(last[:-3] + "y")
    elif last.endswith("s") and not last.endswith("ss") and len(last) > 3:
        forms.add(last[:-1])
    elif last.endswith(("ch", "sh", "ss", "x")):
        forms.add(last + "es")
    elif last.isalpha():
        forms.add(last + "s")
    return {" ".join([*head, form]) for form in forms}


def build_vocabulary(values: dict[str, tuple[str, ...]]) -> Vocabulary:
    """The phrases for these catalogue values (pure: tests and the classifier's templates build it from a dict)."""
    terms: dict[str, Term] = {}
    for slot in reversed(SPECIFICITY):  # the more specific slot is written last and wins a shared phrase
        for value in values.get(slot, ()):
            phrase = phrase_of(value)
            # Kinds of product come in both numbers ("dress", "dresses"); colours and seasons do not ("browns").
            for form in (number_forms(phrase) if slot in KIND_SLOTS else {phrase}) if phrase else ():
                terms[form] = Term(slot, value)
    for phrase, candidates in SYNONYMS.items():
        if phrase in terms:
            continue  # the catalogue's own value comes first
        for slot, value in candidates:
            if value in values.get(slot, ()):
                terms[phrase] = Term(slot, value)
                break
    digest = hashlib.sha256(repr(sorted(values.items())).encode()).hexdigest()[:16]
    return Vocabulary(values=values, terms=terms, fingerprint=digest)


def catalogue_values() -> dict[str, tuple[str, ...]]:
    """The distinct values of the active catalogue, per slot, in one query."""
    parts = [
        select(literal(slot).label("slot"), getattr(Product, column).label("value"))
        .where(Product.is_active.is_(True), getattr(Product, column) != "")
        .distinct()
        for slot, column in CATALOGUE_SLOTS.items()
    ]
    values: dict[str, list[str]] = {slot: [] for slot in CATALOGUE_SLOTS}
    for slot, value in db.session.execute(union_all(*parts)):
        values[slot].append(value)
    return {slot: tuple(sorted(found)) for slot, found in values.items()}


def catalogue_stamp() -> tuple:
    """Changes whenever a product is added, changed, activated or deactivated: one cheap aggregate query.

    Reading the distinct values takes 7 index scans (9 ms on the 3,000-product sample, most of a
    message's time); this stamp takes one pass over the rows, so the values are read again only when
    the catalogue changed.
    """
    return tuple(db.session.execute(
        select(func.count(), func.sum(case((Product.is_active.is_(True), 1), else_=0)), func.max(Product.id),
               func.max(Product.updated_at))
    ).one())


def current_vocabulary() -> Vocabulary:
    """The vocabulary of the catalogue as it is now (kept per process until the catalogue stamp changes)."""
    stamp = catalogue_stamp()
    kept = current_app.extensions.get(_KEPT_KEY)
    if kept is None or kept[0] != stamp:
        kept = (stamp, build_vocabulary(catalogue_values()))
        current_app.extensions[_KEPT_KEY] = kept
    return kept[1]
