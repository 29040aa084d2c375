"""Template filters and globals."""
import re

from flask import Flask, url_for
from flask_login import current_user
from markupsafe import Markup, escape

from webapp.auth.next_page import auth_link
from webapp.badges import header_badges
from webapp.models.catalog import LOW_STOCK_THRESHOLD, Product
from webapp.models.orders import OrderStatus, PaymentMethod
from webapp.request_deals import live_deals
from webapp.services.accounts.users import PASSWORD_MIN_LENGTH
from webapp.services.buying.cart import MAX_LINE_QUANTITY
from webapp.services.buying.countries import country_name
from webapp.services.buying.orders import ActorKind
from webapp.services.pricing.money import decimal_from_cents, shop_money
from webapp.services.pricing.promotions import describe_discount
from webapp.services.pricing.rule import price_of


def product_image_url(product: Product) -> str | None:
    if not product.image_name:
        return None
    return url_for("shop.product_image", image_name=product.image_name)


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """A count with its noun, singular for one: "1 item", "2 items" (`plural` for nouns without an s)."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


def paragraphs(text: str) -> Markup:
    """Plain text as HTML paragraphs: blank lines part them, single line breaks stay, everything is escaped."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if block.strip()]
    return Markup("").join(
        Markup("<p>{}</p>").format(Markup("<br>").join(escape(line) for line in block.split("\n")))
        for block in blocks
    )


def register(app: Flask) -> None:
    app.add_template_filter(shop_money, "money")
    app.add_template_filter(decimal_from_cents)  # what a form field shows for an amount of cents
    app.add_template_filter(paragraphs)
    app.add_template_filter(counted)
    app.add_template_filter(country_name)
    app.add_template_global(product_image_url)
    app.add_template_global(live_deals)
    app.add_template_global(price_of)
    app.add_template_global(describe_discount)
    app.add_template_global(header_badges)
    # Macros imported without context (the cards' wishlist heart) still know who is looking.
    app.add_template_global(current_user, "current_user")
    app.add_template_global(auth_link)
    app.add_template_global(MAX_LINE_QUANTITY, "max_cart_quantity")
    app.add_template_global(LOW_STOCK_THRESHOLD, "low_stock_threshold")
    app.add_template_global(PASSWORD_MIN_LENGTH, "password_min_length")
    # Templates compare statuses, payment methods and actors with the enums, never with their spellings.
    for enumeration in (OrderStatus, PaymentMethod, ActorKind):
        app.add_template_global(enumeration, enumeration.__name__)
