"""Finding products: a search in the shopper's words (refined by follow-ups), look-alikes, and photos."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from webapp.extensions import db
from webapp.models.catalog import Product
from webapp.services.assistant.interpreter import Understanding
from webapp.services.assistant.replies import Reply, Shopper
from webapp.services.assistant.skills.products import listed, load_products, matches_slots, pointed_at
from webapp.services.assistant.slots import PRICE_SLOTS
from webapp.services.assistant.vocabulary import CATALOGUE_SLOTS
from webapp.services.catalog import browse
from webapp.services.catalog.browse import ListingQuery
from webapp.services.engagement.recommendations import owned_product_ids
from webapp.services.pricing.money import cents_from_decimal, decimal_from_cents, shop_money
from webapp.services.pricing.rule import price_column, unit_price_cents
from webapp.services.visual_search import neighbour_lists, photo_search
from webapp.services.visual_search.photo_search import PhotoQuery

PAGE = 6
# A follow-up that names no kind of product refines the last search ("under 30", "in blue", "for women").
KIND_SLOTS = ("masterCategory", "subCategory", "articleType")
_MORE = re.compile(r"\b(?:more|next|another page|else|other ones|others)\b")
_BOUGHT = re.compile(r"\b(?:bought|ordered|purchased|purchase|got last time)\b")
FILTER_WORDS = {"Men": "for men", "Women": "for women", "Boys": "for boys", "Girls": "for girls", "Unisex": "unisex"}


def search(shopper: Shopper, understanding: Understanding) -> Reply:
    conversation = shopper.conversation
    named = {k: v for k, v in understanding.slots.items() if k in CATALOGUE_SLOTS or k in PRICE_SLOTS}
    refining = bool(conversation.filters) and not any(slot in named for slot in KIND_SLOTS)
    wants_more = refining and not named and not understanding.slots.get("cheaper") and _MORE.search(
        " ".join(understanding.words))
    filters = {**conversation.filters, **named} if refining else named
    text = " ".join(word for word in understanding.rest if word not in shopper.interpreter.lexicon.known)
    if not refining and not filters and not text and not understanding.slots.get("cheaper"):
        return Reply("Tell me what you are looking for, for example “red dresses under 50” or “casual shoes for "
                     "men”.", "search", suggestions=["red dresses under 50", "women's watches", "any offers?"])
    if understanding.slots.get("cheaper"):
        cheapest = _cheapest_shown(shopper)
        if cheapest is not None:
            filters["max_price"] = float(decimal_from_cents(cheapest - 1))
    offset = conversation.offset + PAGE if wants_more else 0
    query = _listing_query(filters, text, cheaper=bool(understanding.slots.get("cheaper")))
    products, total = _page(query, shopper, offset)
    if wants_more and not products:
        offset, (products, total) = 0, _page(query, shopper, 0)
        lead = "That was all of them; here are the first ones again."
    else:
        lead = ""
    conversation.filters, conversation.offset = filters, offset
    conversation.show([p.id for p in products])
    slots = {**understanding.slots, **filters}
    return _results_reply(products, total, offset, filters, slots, lead, shopper)


def _results_reply(products: list[Product], total: int, offset: int, filters: dict[str, Any], slots: dict,
                   lead: str, shopper: Shopper) -> Reply:
    what = describe(filters)
    if not products:
        fewer = [f"just {filters['articleType'].lower()}"] if "articleType" in filters and len(filters) > 1 else []
        return Reply(f"I found no {what} in stock. Try fewer filters or another colour.", "search", slots,
                     suggestions=[*fewer, "any offers?", "women's watches"], filters=filters)
    shown_to = offset + len(products)
    paged = total > len(products)
    head = f"Here are {offset + 1}–{shown_to} of {total} {what}:" if paged else f"I found {total} {what}:"
    text = "\n".join(part for part in (lead, head, listed(products, shopper)) if part)
    suggestions = ["add the first one", "cheaper", "more like the first one"]
    if total > shown_to:
        suggestions.insert(1, "show more")
    return Reply(text, "search", slots, products=products, suggestions=suggestions, filters=filters)


def describe(filters: dict[str, Any]) -> str:
    """The filters in words: "red dresses for women under €50.00"."""
    words = [filters[slot].lower() for slot in ("baseColour", "season", "usage") if slot in filters]
    kind = next((filters[slot] for slot in ("articleType", "subCategory", "masterCategory") if slot in filters), "")
    words.append(kind.lower() if kind else "products")
    if "gender" in filters:
        words.append(FILTER_WORDS.get(filters["gender"], f"for {filters['gender'].lower()}"))
    if "min_price" in filters and "max_price" in filters:
        words.append(f"between {_money(filters['min_price'])} and {_money(filters['max_price'])}")
    elif "max_price" in filters:
        words.append(f"up to {_money(filters['max_price'])}")
    elif "min_price" in filters:
        words.append(f"from {_money(filters['min_price'])}")
    return " ".join(words)


def _money(euros: float) -> str:
    return shop_money(_cents(euros))


def _cents(euros: float) -> int:
    return cents_from_decimal(Decimal(str(euros)))


def _listing_query(filters: dict[str, Any], text: str, cheaper: bool) -> ListingQuery:
    return ListingQuery(
        filters={CATALOGUE_SLOTS[slot]: (value,) for slot, value in filters.items() if slot in CATALOGUE_SLOTS},
        text=text[: browse.MAX_SEARCH_LENGTH],
        price_min_cents=_cents(filters["min_price"]) if "min_price" in filters else None,
        price_max_cents=_cents(filters["max_price"]) if "max_price" in filters else None,
        in_stock=True,
        sort="price_asc" if cheaper else browse.DEFAULT_SORT,
    )


def listing_args(filters: dict[str, Any]) -> dict[str, Any]:
    """The same search as catalogue arguments (/products?...), for the link under the results."""
    args: dict[str, Any] = {CATALOGUE_SLOTS[slot]: value for slot, value in filters.items() if slot in CATALOGUE_SLOTS}
    for slot, arg in (("min_price", "price_min"), ("max_price", "price_max")):
        if slot in filters:
            args[arg] = str(decimal_from_cents(_cents(filters[slot])))
    args["in_stock"] = "1"
    return args


def _page(query: ListingQuery, shopper: Shopper, offset: int) -> tuple[list[Product], int]:
    """One page of the listing's products (the catalogue's own conditions and price rule), and how many match."""
    conditions = browse.product_conditions(query, shopper.deals)
    total = db.session.scalar(select(func.count()).select_from(Product).where(*conditions)) or 0
    order = (price_column(shopper.deals).asc(), Product.id.asc()) if query.sort == "price_asc" else browse.NEWEST_FIRST
    # The cards say whether a product has sizes and stock: its sizes come in one query, not one per card.
    products = db.session.scalars(select(Product).where(*conditions).order_by(*order).limit(PAGE).offset(offset)
                                  .options(selectinload(Product.sizes))).all()
    return list(products), total


def _cheapest_shown(shopper: Shopper) -> int | None:
    prices = [unit_price_cents(p, shopper.deals) for p in load_products(shopper.conversation.shown)]
    return min(prices) if prices else None


def similar(shopper: Shopper, understanding: Understanding) -> Reply:
    product_id = _bought_product(shopper) if _BOUGHT.search(" ".join(understanding.words)) else None
    product_id = product_id or pointed_at(shopper, understanding)
    reference = load_products([product_id]) if product_id else []
    if not reference:
        if _BOUGHT.search(" ".join(understanding.words)) and shopper.user is None:
            return Reply("Log in and I can find look-alikes of what you bought.", "similar",
                         suggestions=["red dresses under 50"])
        return Reply("Which product do you mean? Search first (for example “black jeans”), or open a product page "
                     "and ask me there.", "similar", understanding.slots, suggestions=["black jeans", "any offers?"])
    product = reference[0]
    look_alikes = [found.product for found in neighbour_lists.similar_products(product.id, limit=20)]
    wanted = {k: v for k, v in understanding.slots.items() if k in CATALOGUE_SLOTS}
    limit_cents = _cents(understanding.slots["max_price"]) if "max_price" in understanding.slots else None
    if understanding.slots.get("cheaper"):
        own = unit_price_cents(product, shopper.deals)
        limit_cents = own - 1 if limit_cents is None else min(limit_cents, own - 1)
    picked = [p for p in look_alikes if matches_slots(p, wanted)
              and (limit_cents is None or unit_price_cents(p, shopper.deals) <= limit_cents)][:PAGE]
    shopper.conversation.focus = product.id
    if not picked:
        cheaper = " that cost less" if understanding.slots.get("cheaper") else ""
        return Reply(f"I have no look-alikes of “{product.name}”{cheaper} in stock right now.", "similar",
                     understanding.slots, suggestions=[f"more {product.article_type.lower()}", "any offers?"])
    shopper.conversation.show([p.id for p in picked])
    shopper.conversation.focus = product.id
    text = f"Products that look like “{product.name}”:\n{listed(picked, shopper)}"
    return Reply(text, "similar", understanding.slots, products=picked,
                 suggestions=["add the first one", "similar but cheaper", "what's in my cart"])


def _bought_product(shopper: Shopper) -> int | None:
    if shopper.user is None:
        return None
    from webapp.models.orders import Order, OrderLine

    latest = owned_product_ids(shopper.user.id).order_by(Order.created_at.desc(), OrderLine.id).limit(1)
    return db.session.scalar(latest)


def photo(shopper: Shopper, image: Image.Image) -> Reply:
    """A photo dropped into the chat: the photo search (model once, then the index), in-stock products only."""
    result = photo_search.search_photo(image, PhotoQuery(ListingQuery(in_stock=True), None, []), shopper.deals)
    products = [match.product for match in result.matches]
    shopper.conversation.show([p.id for p in products])
    if not products:
        return Reply("I found nothing in stock that looks like your photo.", "similar",
                     suggestions=["any offers?", "show me something new"])
    guess = f" It looks like {result.category[0].lower()}." if result.category else ""
    text = f"Products that look like your photo:{guess}\n{listed(products, shopper)}"
    return Reply(text, "similar", products=products, suggestions=["add the first one", "similar but cheaper"])
