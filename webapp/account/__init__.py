"""The customer's own area under /account."""
from flask import Blueprint

from webapp.security import require_login

bp = Blueprint("account", __name__, url_prefix="/account")
require_login(bp)

from webapp.account import orders, reviews, saved, views  # noqa: E402,F401  (registers the routes)

bp.add_app_template_global(saved.saved_product_ids)
