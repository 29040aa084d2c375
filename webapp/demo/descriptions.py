"""Descriptions of the demo products, written from their attributes: what it is, what for, how to care for it.

Plain text, paragraphs separated by a blank line, like an admin's own descriptions.
"""
from __future__ import annotations

from webapp.demo.catalog import DemoProduct

FOR_WHOM = {"Men": "men", "Women": "women", "Boys": "boys", "Girls": "girls", "Unisex": "everyone"}
USAGE = {
    "Casual": "everyday wear",
    "Sports": "sport and training",
    "Formal": "the office and formal occasions",
    "Party": "evenings out",
    "Ethnic": "festive occasions",
}
# Care by article type first, then by sub-category, then by category.
CARE = {
    "Jeans": "Wash at 30 °C inside out. Dark denim may bleed at first: wash it on its own the first few times.",
    "Watches": "Splash resistant, not for swimming. Wipe the strap dry after wear and keep it away from magnets.",
    "Sunglasses": "UV400 lenses. Clean them with a soft cloth and keep the pair in its case when not worn.",
    "Caps": "Hand wash in cold water and dry flat, away from direct heat.",
    "Bags": "Wipe with a soft dry cloth. Stuff it with paper when stored, so it keeps its shape.",
    "Apparel": "Machine wash at 30 °C with similar colours. Do not tumble dry; iron on low heat.",
    "Footwear": "Wipe clean with a damp cloth and let dry at room temperature, away from direct heat.",
}


def _care(item: DemoProduct) -> str:
    for key in (item.article_type, item.sub_category, item.master_category):
        if key in CARE:
            return CARE[key]
    return "Wipe clean with a soft cloth."


def describe(item: DemoProduct) -> str:
    """Three short paragraphs: the product itself, what it is made for, its care."""
    kind = " ".join(word for word in (item.base_colour, item.pattern_word, item.style, item.noun) if word)
    return "\n\n".join((
        f"{kind.capitalize()} for {FOR_WHOM.get(item.gender, item.gender.lower())}.",
        f"Made for {USAGE.get(item.usage, item.usage.lower())}, a {item.season.lower()} favourite.",
        f"Care: {_care(item)}",
    ))
