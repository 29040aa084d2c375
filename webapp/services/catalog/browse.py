"""Browsing the catalogue: parse what the customer asked for, answer with a page and facets."""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from sqlalchemy import ColumnElement, func, literal, select, union_all
from werkzeug.datastructures import MultiDict

from webapp.extensions import db
from webapp.models.catalog import FACET_FIELDS, Product
from webapp.services.catalog import text_search
from webapp.services.catalog.text_search import TextMatch
from webapp.services.pricing.money import cents_from_decimal
from webapp.services.pricing.promotions import LiveDeals
from webapp.services.pricing.rule import price_column

SORTS: dict[str, str] = {
    "relevance": "Best match",
    "newest": "Newest",
    "price_asc": "Price: low to high",
    "price_desc": "Price: high to low",
    "name": "Name",
}
NEWEST_FIRST = (Product.created_at.desc(), Product.id.desc())
DEFAULT_SORT = "newest"
TEXT_SORT = "relevance"  # the default with a search, and only offered with one
MAX_VALUES_PER_FACET = 30
MAX_VALUE_LENGTH = 100
MAX_SEARCH_LENGTH = 200
MAX_PAGE = 10_000
MAX_PRICE = 1_000_000  # in the shop's currency: a filter above it is a typing mistake


@dataclass
class ListingQuery:
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    text: str = ""
    price_min_cents: int | None = None
    price_max_cents: int | None = None
    in_stock: bool = False  # only products with a size in stock
    sort: str = DEFAULT_SORT
    page: int = 1
    notices: list[str] = field(default_factory=list)
    ignored: list[tuple[str, str]] = field(default_factory=list)  # (facet field, value) matching no product


@dataclass(frozen=True)
class FacetOption:
    value: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    field: str
    label: str
    options: list[FacetOption]


@dataclass
class ListingPage:
    products: list[Product]
    total: int
    page: int
    pages: int
    facets: list[Facet]
    query: ListingQuery
    searched_instead: str | None = None  # the corrected words, where a typo was corrected ("jeens" -> "jeans")
    did_you_mean: list[str] = field(default_factory=list)  # other searches to try when nothing matched


def _printable(text: str) -> str:
    # Control characters (NUL above all) can match nothing and PostgreSQL refuses them outright.
    return "".join(ch for ch in text if ch.isprintable()).strip()


def _parse_price(raw: str | None, label: str, notices: list[str]) -> int | None:
    if raw is None or raw.strip() == "":
        return None
    try:
        value = Decimal(raw.replace(",", "."))
    except InvalidOperation:
        notices.append(f"Ignored the {label} price “{raw[:20]}”: it is not a number.")
        return None
    if not value.is_finite() or value < 0 or value > MAX_PRICE:
        notices.append(f"Ignored the {label} price “{raw[:20]}”: it is out of range.")
        return None
    return cents_from_decimal(value)


def _parse_page(raw: str | None, notices: list[str]) -> int:
    if raw is None or raw == "":
        return 1
    if not raw.isdecimal() or not 1 <= int(raw) <= MAX_PAGE:  # isdigit() takes "²", which int() refuses
        notices.append(f"Ignored the page number “{raw[:20]}”: showing the first page.")
        return 1
    return int(raw)


def _parse_filters(args: MultiDict) -> dict[str, tuple[str, ...]]:
    filters = {}
    for name, _label in FACET_FIELDS:
        values = [_printable(v) for v in args.getlist(name) if len(v) <= MAX_VALUE_LENGTH]
        values = [v for v in values if v]
        if values:
            filters[name] = tuple(dict.fromkeys(values))[:MAX_VALUES_PER_FACET]
    return filters


def parse_listing_query(args: MultiDict) -> ListingQuery:
    """Turn query-string arguments into a query; nonsense is dropped with a notice, never an error."""
    notices: list[str] = []
    text = _printable(args.get("q") or "")[:MAX_SEARCH_LENGTH]
    default_sort = TEXT_SORT if text else DEFAULT_SORT
    sort = args.get("sort") or default_sort
    if sort not in SORTS:
        notices.append("Unknown sort order ignored.")
        sort = default_sort
    if sort == TEXT_SORT and not text:
        sort = DEFAULT_SORT
    price_min = _parse_price(args.get("price_min"), "minimum", notices)
    price_max = _parse_price(args.get("price_max"), "maximum", notices)
    if price_min is not None and price_max is not None and price_min > price_max:
        price_min, price_max = price_max, price_min
    return ListingQuery(
        filters=_parse_filters(args),
        text=text,
        price_min_cents=price_min,
        price_max_cents=price_max,
        in_stock=args.get("in_stock") in ("1", "on", "true"),
        sort=sort,
        page=_parse_page(args.get("page"), notices),
        notices=notices,
    )


def _conditions(query: ListingQuery, deals: LiveDeals, match: TextMatch | None,
                skip_facet: str | None = None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [Product.is_active.is_(True)]
    for name, values in query.filters.items():
        if name != skip_facet:
            conditions.append(getattr(Product, name).in_(values))
    if query.price_min_cents is not None or query.price_max_cents is not None:
        # Customers filter on what they would pay, deals included.
        price = price_column(deals)
        if query.price_min_cents is not None:
            conditions.append(price >= query.price_min_cents)
        if query.price_max_cents is not None:
            conditions.append(price <= query.price_max_cents)
    if query.in_stock:
        conditions.append(Product.in_stock)
    if match is not None:
        conditions.append(Product.id.in_(select(match.ranked.c.product_id)))
    return conditions


def product_conditions(query: ListingQuery, deals: LiveDeals) -> list[ColumnElement[bool]]:
    """What a listing query asks for (active, its filters, price range with `deals`, in stock, text) as WHERE
    conditions."""
    return _conditions(query, deals, text_search.matching(query.text))


def _facet(name: str, label: str, query: ListingQuery, deals: LiveDeals, match: TextMatch | None) -> Facet:
    # Counts ignore the facet's own selection, so picking "Men" still shows how many "Women" there are.
    column = getattr(Product, name)
    rows = db.session.execute(
        select(column, func.count())
        .where(*_conditions(query, deals, match, skip_facet=name), column != "")
        .group_by(column)
        .order_by(column)
    ).all()
    selected = set(query.filters.get(name, ()))
    counts = {value: count for value, count in rows}
    for value in selected - counts.keys():
        counts[value] = 0
    # Ticked values first, so none hides behind "show more".
    ordered = sorted(counts, key=lambda value: (value not in selected, value))
    options = [FacetOption(v, counts[v], v in selected) for v in ordered]
    return Facet(field=name, label=label, options=options)


def _drop_unknown_values(query: ListingQuery) -> None:
    """Filter values no active product has (gender=Alien) are dropped with a notice, not shown ticked."""
    if not query.filters:
        return
    labels = dict(FACET_FIELDS)
    known_values = union_all(*(
        select(literal(name).label("facet"), getattr(Product, name).label("value"))
        .where(getattr(Product, name).in_(values), Product.is_active.is_(True)).distinct()
        for name, values in query.filters.items()
    ))
    known = {(row.facet, row.value) for row in db.session.execute(known_values)}
    for name, values in list(query.filters.items()):
        for value in values:
            if (name, value) not in known:
                query.ignored.append((name, value))
                query.notices.append(f"No product has {labels[name].lower()} “{value[:40]}”: that filter was ignored.")
        kept = tuple(value for value in values if (name, value) in known)
        if kept:
            query.filters[name] = kept
        else:
            del query.filters[name]


def search_products(query: ListingQuery, per_page: int, deals: LiveDeals) -> ListingPage:
    """One page of the products a query asks for, with its facets; prices to filter and sort on come from `deals`."""
    _drop_unknown_values(query)
    match = text_search.matching(query.text)
    conditions = _conditions(query, deals, match)
    total = db.session.scalar(select(func.count()).select_from(Product).where(*conditions)) or 0
    pages = max(1, math.ceil(total / per_page))
    if query.page > pages:
        query.notices.append(f"There is no page {query.page}; showing the last page.")
        query.page = pages
    statement = select(Product).where(*conditions)
    if match is not None and query.sort == TEXT_SORT:
        statement = statement.join(match.ranked, match.ranked.c.product_id == Product.id).order_by(
            match.ranked.c.rank, *NEWEST_FIRST)
    else:
        statement = statement.order_by(*_order_by(query.sort, deals))
    products = db.session.scalars(statement.limit(per_page).offset((query.page - 1) * per_page)).all()
    facets = [_facet(name, label, query, deals, match) for name, label in FACET_FIELDS]
    searched = match.searched if match is not None and match.corrected else None
    alternatives = text_search.did_you_mean(query.text) if total == 0 and query.text else []
    return ListingPage(list(products), total, query.page, pages, facets, query,
                       searched_instead=searched, did_you_mean=alternatives)


POSSESSIVES = {"Women": "Women's", "Men": "Men's", "Boys": "Boys'", "Girls": "Girls'", "Unisex": "Unisex"}
# From the most specific: the heading names the narrowest choice the customer made.
KIND_FIELDS = ("article_type", "sub_category", "master_category")


def listing_title(query: ListingQuery) -> str:
    """What the listing shows, as its heading says it: "Women's dresses", "Men's shoes", "All products"."""
    if query.text:
        return f"Results for “{query.text}”"
    genders = query.filters.get("gender", ())
    kinds = next((query.filters[name] for name in KIND_FIELDS if query.filters.get(name)), ())
    kind = " and ".join(kinds).lower() if 0 < len(kinds) <= 2 else ""
    if len(genders) == 1:
        owner = POSSESSIVES.get(genders[0], genders[0])
        return f"{owner} {kind or 'products'}"
    if kind:
        return kind[:1].upper() + kind[1:]
    return "All products"


def _order_by(sort: str, deals: LiveDeals) -> tuple:
    # Price sorts use what customers pay now, deals included.
    if sort == "price_asc":
        return (price_column(deals).asc(), Product.id.asc())
    if sort == "price_desc":
        return (price_column(deals).desc(), Product.id.asc())
    if sort == "name":
        return (Product.name.asc(), Product.id.asc())
    return NEWEST_FIRST


def price_bounds() -> tuple[int, int]:
    low, high = db.session.execute(
        select(func.min(Product.price_cents), func.max(Product.price_cents)).where(Product.is_active.is_(True))
    ).one()
    return (low or 0, high or 0)


def new_arrivals(limit: int = 8) -> Sequence[Product]:
    return db.session.scalars(
        select(Product).where(Product.is_active.is_(True)).order_by(*NEWEST_FIRST).limit(limit)
    ).all()


def featured_products(limit: int = 8) -> Sequence[Product]:
    return db.session.scalars(
        select(Product)
        .where(Product.is_active.is_(True), Product.is_featured.is_(True))
        .order_by(Product.id)
        .limit(limit)
    ).all()


def get_active_product(product_id: int) -> Product | None:
    product = db.session.get(Product, product_id)
    return product if product is not None and product.is_active else None
