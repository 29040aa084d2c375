"""The public shop: home, listing, product pages, product pictures."""
from flask import Blueprint

bp = Blueprint("shop", __name__)

from webapp.shop import views  # noqa: E402,F401  (registers the routes)
