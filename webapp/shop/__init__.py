"""The public shop: home, listing, product pages, product pictures."""
from flask import Blueprint

from webapp.shop import filter_links

bp = Blueprint("shop", __name__)
bp.add_app_template_global(filter_links.listing_url_without)
bp.add_app_template_global(filter_links.listing_url_cleared)
bp.add_app_template_filter(filter_links.whole_units)

from webapp.shop import views  # noqa: E402,F401  (registers the routes)
