"""Demo data for a first run: the drawn catalogue and two accounts. Safe to run again."""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta

from PIL import Image, ImageOps
from sqlalchemy import select

from webapp.demo.catalog import DemoProduct, demo_products
from webapp.demo.descriptions import describe
from webapp.extensions import db
from webapp.models._base import utcnow
from webapp.models.catalog import Product
from webapp.models.promotions import Coupon, Deal, DealTarget, DiscountKind
from webapp.models.users import Role
from webapp.services.accounts.users import create_user, find_user_by_email
from webapp.services.catalog.defaults import starting_price_and_sizes
from webapp.services.catalog.media import store_product_image
from webapp.services.pricing.promotions import CouponSpec, DealSpec, save_coupon, save_deal

# Demo logins are printed on purpose: they exist only in a demo database (seed-demo refuses production).
DEMO_ACCOUNTS = (
    ("admin@example.com", "Ada Admin", "demo-boss-2026", Role.ADMIN),
    ("customer@example.com", "Cora Customer", "demo-shopper-2026", Role.CUSTOMER),
)
FEATURED_EVERY = 9
DEMO_DEAL = ("Sandal season: 20% off", DealTarget.ARTICLE_TYPE, "Sandals", 20)
DEMO_COUPON = ("WELCOME10", 10)
PROMOTION_DAYS = 90


@dataclass(frozen=True)
class SeedResult:
    products_created: int
    accounts_created: int
    promotions_created: int
    logins: tuple[tuple[str, str, str], ...]  # (role, email, password)


def _jpeg(picture: Image.Image) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=88, optimize=True)
    return buffer.getvalue()


def _pictures(item: DemoProduct) -> list[str]:
    """The drawing (the main picture), a close-up of its middle and its other side (the drawing mirrored)."""
    front = item.render()
    width, height = front.size
    close_up = front.crop((width // 4, height // 4, width * 3 // 4, height * 3 // 4)).resize(
        front.size, Image.Resampling.LANCZOS)
    return [store_product_image(item.sku, _jpeg(view), ".jpg") for view in (front, close_up, ImageOps.mirror(front))]


def _seed_products() -> int:
    known = set(db.session.scalars(select(Product.sku).where(Product.sku.like("DEMO-%"))))
    created = 0
    for number, item in enumerate(demo_products(), start=1):
        if item.sku in known:
            continue
        price_cents, sizes = starting_price_and_sizes(number, item.master_category, item.article_type)
        product = Product(
            sku=item.sku,
            name=item.name,
            gender=item.gender,
            master_category=item.master_category,
            sub_category=item.sub_category,
            article_type=item.article_type,
            base_colour=item.base_colour,
            season=item.season,
            usage=item.usage,
            year=item.year,
            description=describe(item),
            price_cents=price_cents,
            sizes=sizes,
            is_featured=number % FEATURED_EVERY == 0,
        )
        product.set_gallery(_pictures(item))
        db.session.add(product)
        created += 1
    db.session.commit()
    return created


def _seed_accounts() -> int:
    created = 0
    for email, name, password, role in DEMO_ACCOUNTS:
        if find_user_by_email(email) is None:
            create_user(email, name, password, role)
            created += 1
    return created


def _seed_promotions() -> int:
    """One live deal and one welcome coupon, so a first run shows how promotions look."""
    created = 0
    starts, ends = utcnow(), utcnow() + timedelta(days=PROMOTION_DAYS)
    name, target, value, percent = DEMO_DEAL
    if db.session.scalar(select(Deal.id).where(Deal.name == name)) is None:
        save_deal(DealSpec(name, DiscountKind.PERCENT.value, percent, target.value, value, starts, ends))
        created += 1
    code, percent = DEMO_COUPON
    if db.session.scalar(select(Coupon.id).where(Coupon.code == code)) is None:
        save_coupon(CouponSpec(code, DiscountKind.PERCENT.value, percent, 1000, starts, ends, is_public=True))
        created += 1
    return created


def seed_demo() -> SeedResult:
    products = _seed_products()
    accounts = _seed_accounts()
    promotions = _seed_promotions()
    logins = tuple((role.value, email, password) for email, _name, password, role in DEMO_ACCOUNTS)
    return SeedResult(products, accounts, promotions, logins)
