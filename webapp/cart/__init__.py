"""The cart under /cart: add, change, remove. A guest's cart joins the account's cart at login."""
from flask import Blueprint
from flask.blueprints import BlueprintSetupState
from flask_login import user_logged_in

bp = Blueprint("cart", __name__, url_prefix="/cart")

from webapp.cart import views  # noqa: E402  (registers the routes)


@bp.record_once
def _merge_carts_at_login(state: BlueprintSetupState) -> None:
    user_logged_in.connect(views.merge_guest_cart, state.app)
