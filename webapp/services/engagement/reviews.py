"""Product reviews: who may write one, what it must hold, and what the product page shows.

Rules:
- A customer may review a product once an order of theirs holding it has been delivered.
- One review per product and customer; writing again edits it (the moderation state stays).
- A rating is a whole number of stars from 1 to 5; the text is 3 to 5,000 characters.
- Reviews are published when written; an admin can hide one (and publish it again) and reply
  under it. Only published reviews are shown and counted in the product's average.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from webapp.extensions import db
from webapp.models._base import utcnow
from webapp.models.catalog import Product
from webapp.models.engagement import Review
from webapp.models.orders import Order, OrderLine, OrderStatus
from webapp.models.users import User

MIN_TEXT = 3
MAX_TEXT = 5000
MAX_REPLY = 2000
SHOWN_ON_PAGE = 50


class ReviewError(ValueError):
    """A review we refuse; the message is fit to show."""


class NotReceived(ReviewError):
    """The customer has not received the product (no delivered order holds it)."""


@dataclass(frozen=True)
class ProductReviews:
    """What a product page shows: the published reviews' count, average and the latest of them."""

    count: int
    average: float | None
    items: Sequence[Review]

    @property
    def stars(self) -> int:
        return round(self.average or 0)


def product_reviews(product_id: int, limit: int = SHOWN_ON_PAGE) -> ProductReviews:
    published = (Review.product_id == product_id, Review.is_published.is_(True))
    count, average = db.session.execute(select(func.count(Review.id), func.avg(Review.rating)).where(*published)).one()
    items = db.session.scalars(
        select(Review)
        .where(*published)
        .options(joinedload(Review.user))
        .order_by(Review.created_at.desc(), Review.id.desc())
        .limit(limit)
    ).all()
    return ProductReviews(count, float(average) if average is not None else None, items)


def _delivered_to(user_id: int) -> list[ColumnElement[bool]]:
    """Conditions on OrderLine joined to Order: lines of this customer's delivered orders."""
    return [Order.user_id == user_id, Order.status == OrderStatus.DELIVERED.value]


def has_received(user_id: int, product_id: int) -> bool:
    """Whether a delivered order of this customer holds the product."""
    delivered = (
        select(OrderLine.id)
        .join(Order, Order.id == OrderLine.order_id)
        .where(*_delivered_to(user_id), OrderLine.product_id == product_id)
    )
    return bool(db.session.scalar(select(exists(delivered))))


def own_review(user_id: int, product_id: int) -> Review | None:
    return db.session.scalar(select(Review).where(Review.user_id == user_id, Review.product_id == product_id))


def check_may_review(user: User, product_id: int) -> None:
    """Refuse, with a reason, a customer who may not review this product."""
    if user.is_admin:
        raise NotReceived("Reviews are written by customers; an admin can reply under one instead.")
    if not has_received(user.id, product_id):
        raise NotReceived("You can review a product once an order of yours holding it has been delivered.")


def save_review(user: User, product: Product, rating: int, body: str) -> Review:
    """Write the customer's review of a product, or change the one they wrote; ReviewError if not allowed."""
    check_may_review(user, product.id)
    text = body.strip()
    if not 1 <= rating <= 5:
        raise ReviewError("Choose a rating from 1 to 5 stars.")
    if not MIN_TEXT <= len(text) <= MAX_TEXT:
        raise ReviewError(f"Write between {MIN_TEXT} and {MAX_TEXT:,} characters.")
    review = own_review(user.id, product.id) or Review(user_id=user.id, product_id=product.id)
    review.rating, review.body = rating, text
    db.session.add(review)
    try:
        db.session.commit()
    except IntegrityError as exc:  # the same customer's first review sent twice at the same moment
        db.session.rollback()
        raise ReviewError("Your review was saved at the same moment from elsewhere. Please try again.") from exc
    return review


def reviewable_products(user_id: int) -> list[tuple[Product, Review | None]]:
    """The products this customer has received, newest delivery first, each with their review if any."""
    latest = (
        select(OrderLine.product_id, func.max(Order.updated_at).label("delivered_at"))
        .join(Order, Order.id == OrderLine.order_id)
        .where(*_delivered_to(user_id), OrderLine.product_id.is_not(None))
        .group_by(OrderLine.product_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Product, Review)
        .join(latest, latest.c.product_id == Product.id)
        .outerjoin(Review, (Review.product_id == Product.id) & (Review.user_id == user_id))
        .order_by(latest.c.delivered_at.desc(), Product.id)
    ).all()
    return [(product, review) for product, review in rows]


# --- Moderation (admin) ----------------------------------------------------------------------------

def set_published(review: Review, published: bool) -> None:
    review.is_published = published
    db.session.commit()


def reply(review: Review, text: str) -> None:
    """Set the shop's reply shown under the review; an empty text removes it."""
    text = text.strip()
    if len(text) > MAX_REPLY:
        raise ReviewError(f"A reply can be at most {MAX_REPLY:,} characters.")
    review.reply = text or None
    review.replied_at = utcnow() if text else None
    db.session.commit()
