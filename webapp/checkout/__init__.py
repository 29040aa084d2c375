"""Checkout under /checkout: address, review, place the order, pay; customers only (login required)."""
from flask import Blueprint

from webapp.security import require_login

bp = Blueprint("checkout", __name__, url_prefix="/checkout")
require_login(bp)

from webapp.checkout import coupons, views  # noqa: E402,F401  (registers the routes)
