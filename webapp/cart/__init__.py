"""The cart under /cart: add, change, remove. A guest's cart joins the account's cart at login."""
from flask import Blueprint

bp = Blueprint("cart", __name__, url_prefix="/cart")

from webapp.cart import views  # noqa: E402, F401  (registers the routes)
