"""Search the catalogue with a customer's photo: crop, the one pipeline (recommender.pipeline), filtered search.

The photo goes upright, is cut to the crop box, its subject isolated, embedded once (through the tuned
head when the index has one); the likeliest article types come with their probabilities. When the
likeliest is at least PHOTO_CATEGORY_CONFIDENCE likely the search keeps to it; the shopper may pick
another of the top three, or any type. Within the type, products of the colour the photo shows come
first when that guess is as confident (a red photo of a T-shirt: red T-shirts, then other T-shirts).
The filters are the listing's (gender, category, price, in stock only ... parsed by
browse.parse_listing_query). They become a mask over the index rows that the search applies while it
searches, so the top k are the k nearest products that qualify, not what is left of a top k.
`flask recommender evaluate` scores this same pipeline.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from flask import current_app
from PIL import Image
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from recommender import similarity_from_distance, to_rgb
from recommender.calibration import match_strength
from recommender.pipeline import PhotoPipeline, scope, scoped_search, scopes
from webapp.extensions import db
from webapp.models.catalog import Product
from webapp.services.catalog import browse
from webapp.services.catalog.browse import ListingQuery
from webapp.services.catalog.pictures import MIN_SIDE
from webapp.services.pricing.promotions import LiveDeals
from webapp.services.visual_search.embedding import active_embedder
from webapp.services.visual_search.index_versions import IndexUnreadable
from webapp.services.visual_search.neighbour_lists import LookAlike
from webapp.services.visual_search.search_index import current_search_index

RESULTS = 5
CROP_FIELDS = ("crop_x", "crop_y", "crop_w", "crop_h")
ANY_TYPE = "any"  # the shopper's choice of no article type at all
MAX_CATEGORY_LENGTH = 100
WHOLE_PHOTO_TOLERANCE = 0.005
NOT_READY = (
    "Photo search is being prepared: the catalogue's pictures have not been indexed yet. "
    "Please try again later (shop administrators build the index with `flask recommender index`)."
)
UNREADABLE = (
    "Photo search is being prepared: its index could not be read and is to be built again. "
    "Please try again later."
)
REBUILD_NEEDED = (
    "Photo search is being prepared: the index was built with another image model and must be rebuilt "
    "(shop administrators run `flask recommender index`)."
)


class SearchUnavailable(Exception):
    """No usable index yet; the message says so to the customer."""


@dataclass(frozen=True)
class Crop:
    """The framed part of the photo, as fractions (0-1) of its width and height."""

    x: float
    y: float
    width: float
    height: float

    def box(self, pixels_wide: int, pixels_high: int) -> tuple[int, int, int, int]:
        left = math.floor(self.x * pixels_wide)
        top = math.floor(self.y * pixels_high)
        right = min(pixels_wide, math.ceil((self.x + self.width) * pixels_wide))
        bottom = min(pixels_high, math.ceil((self.y + self.height) * pixels_high))
        return left, top, right, bottom


@dataclass
class PhotoQuery:
    listing: ListingQuery  # its filters (gender, category, price, in stock) apply inside the search
    crop: Crop | None
    notices: list[str]
    article_type: str | None = None  # a chip the shopper chose: that type, ANY_TYPE, or None (the model decides)


@dataclass
class PhotoResult:
    matches: list[LookAlike]
    categories: list[tuple[str, float]]  # the likeliest article types (up to 3) and their probabilities
    claimed: tuple[str, float] | None  # the likeliest, when confident enough to be claimed
    searched_type: str | None  # the article type the search kept to (None: every type)
    searched_colour: str | None  # within that type, the colour shown first (None: no colour first)
    upright: Image.Image  # the whole photo, upright: what is kept, so the shopper can crop again
    searched: Image.Image  # the part of it as the customer framed it
    notices: list[str]

    @property
    def category(self) -> tuple[str, float] | None:
        """The article type the photo shows, when the model is confident enough to say so (else None)."""
        return self.claimed


def filter_options() -> dict[str, list[str]]:
    """The genders and categories the active catalogue has, for the filter menus."""
    columns = {"gender": Product.gender, "master_category": Product.master_category}
    return {
        name: list(db.session.scalars(select(column).where(Product.is_active.is_(True)).distinct().order_by(column)))
        for name, column in columns.items()
    }


def parse_crop(form: Mapping[str, str]) -> tuple[Crop | None, list[str]]:
    """The crop from the four hidden fields; nonsense is ignored with a notice, never an error."""
    raw = [(form.get(name) or "").strip() for name in CROP_FIELDS]
    if not any(raw):
        return None, []
    ignored = ["Ignored the crop box (its coordinates made no sense): searched the whole photo."]
    try:
        x, y, width, height = (float(value) for value in raw)
    except ValueError:
        return None, ignored
    if not all(math.isfinite(v) for v in (x, y, width, height)):
        return None, ignored
    if x < 0 or y < 0 or width <= 0 or height <= 0 or x + width > 1.001 or y + height > 1.001:
        return None, ignored
    if x < WHOLE_PHOTO_TOLERANCE and y < WHOLE_PHOTO_TOLERANCE and min(width, height) > 1 - WHOLE_PHOTO_TOLERANCE:
        return None, []
    return Crop(x, y, width, height), []


def parse_photo_query(form: MultiDict) -> PhotoQuery:
    listing = browse.parse_listing_query(form)
    crop, crop_notices = parse_crop(form)
    chosen = (form.get("article_type_choice") or "").strip()[:MAX_CATEGORY_LENGTH] or None
    return PhotoQuery(listing, crop, listing.notices + crop_notices, chosen)


def category_confidence() -> float:
    return float(current_app.config["PHOTO_CATEGORY_CONFIDENCE"])


def framed(image: Image.Image, crop: Crop | None, notices: list[str]) -> Image.Image:
    """The upright photo cut to the crop box (in the customer's view, so after EXIF rotation)."""
    upright = to_rgb(image)
    if crop is None:
        return upright
    left, top, right, bottom = crop.box(*upright.size)
    if right - left < MIN_SIDE or bottom - top < MIN_SIDE:
        notices.append(f"The crop box was under {MIN_SIDE} pixels a side: searched the whole photo.")
        return upright
    return upright.crop((left, top, right, bottom))


def _allowed(index_ids: np.ndarray, query: PhotoQuery, deals: LiveDeals) -> np.ndarray:
    conditions = browse.product_conditions(query.listing, deals)
    qualifying = np.fromiter(db.session.scalars(select(Product.id).where(*conditions)), dtype=np.int64)
    return np.isin(index_ids, qualifying)


def _having(index_ids: np.ndarray, column, value: str | None) -> np.ndarray | None:
    """A mask over the index rows of the products whose ``column`` is ``value`` (None: no mask)."""
    if value is None:
        return None
    having = np.fromiter(db.session.scalars(select(Product.id).where(column == value)), dtype=np.int64)
    return np.isin(index_ids, having)


def _matches(ids: np.ndarray, distances: np.ndarray, calibration: dict | None) -> list[LookAlike]:
    found = [(int(i), float(d)) for i, d in zip(ids.tolist(), distances.tolist(), strict=True) if i >= 0]
    products = {p.id: p for p in db.session.scalars(select(Product).where(Product.id.in_([i for i, _ in found])))}
    similarities = [(i, similarity_from_distance(d)) for i, d in found if i in products]
    return [LookAlike(products[i], s, match_strength(s, calibration)) for i, s in similarities]


def _searched_type(query: PhotoQuery, categories: list[tuple[str, float]]) -> str | None:
    """The shopper's chip if they chose one, else the model's guess when it is confident."""
    if query.article_type == ANY_TYPE:
        return None
    if query.article_type is not None:
        return query.article_type
    return scope(categories, category_confidence())


def search_photo(image: Image.Image, query: PhotoQuery, deals: LiveDeals, k: int = RESULTS) -> PhotoResult:
    """Run the model once on the framed photo, then the filtered search (prices with `deals`) and the category guess."""
    try:
        loaded = current_search_index()
    except IndexUnreadable as exc:
        raise SearchUnavailable(UNREADABLE) from exc
    if loaded is None:
        raise SearchUnavailable(NOT_READY)
    embedder = active_embedder()
    if embedder.name != loaded.embedder_name:
        raise SearchUnavailable(REBUILD_NEEDED)
    notices = list(query.notices)
    upright = to_rgb(image)
    searched = framed(upright, query.crop, notices)
    # Customers' photos show floors and beds: the pipeline puts the subject on white, as in the catalogue.
    found = PhotoPipeline(embedder, loaded.head, loaded.classifier).queries([searched])[0]
    searched_type = _searched_type(query, found.categories)
    searched_colour = scope(found.colours, category_confidence()) if searched_type is not None else None
    index_ids = loaded.index.ids
    narrowest_first = scopes(_having(index_ids, Product.article_type, searched_type),
                             _having(index_ids, Product.base_colour, searched_colour))
    distances, ids = scoped_search(loaded.index, found.vector, k, _allowed(index_ids, query, deals), narrowest_first)
    confident = scope(found.categories, category_confidence())
    claimed = found.categories[0] if confident is not None else None
    matches = _matches(ids, distances, loaded.info.get("calibration"))
    return PhotoResult(matches, found.categories, claimed, searched_type, searched_colour, upright, searched,
                       notices)
