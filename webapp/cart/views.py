from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from webapp.cart import bp
from webapp.models.users import User
from webapp.request_deals import live_deals
from webapp.services.buying import cart as carts
from webapp.services.buying import checkout
from webapp.services.buying.cart import AccountCart, CartError, CartStore, ProductUnavailable, SessionCart
from webapp.services.shop_settings import current_settings


def current_store() -> CartStore:
    """The shopper's cart: in the database once logged in, in the session before."""
    if current_user.is_authenticated:
        return AccountCart(current_user.id)
    return SessionCart(session)


def render_cart(error: str = "", status: int = 200) -> tuple[str, int]:
    cart = carts.load(current_store(), live_deals())
    settings = current_settings()
    html = render_template(
        "cart/cart.html",
        cart=cart,
        totals=checkout.totals(cart, settings.shipping_rate),
        settings=settings,
        error=error,
        max_quantity=carts.MAX_LINE_QUANTITY,
    )
    return html, status


def _refused(error: CartError) -> tuple[str, int]:
    return render_cart(str(error), 404 if isinstance(error, ProductUnavailable) else 400)


@bp.route("/")
def show() -> tuple[str, int]:
    return render_cart()


@bp.route("/add", methods=["POST"])
def add() -> Response | tuple[str, int]:
    try:
        product_id = carts.parse_product_id(request.form.get("product_id"))
        size_id = carts.parse_size_id(request.form.get("size_id"))
        quantity = carts.parse_quantity(request.form.get("quantity", "1"))
        size = carts.add(current_store(), product_id, quantity, size_id)
    except CartError as exc:
        return _refused(exc)
    flash(f"Added {quantity} × {carts.named(size)} to your cart.", "success")
    return redirect(url_for("cart.show"))


@bp.route("/items/<int:size_id>", methods=["POST"])
def change(size_id: int) -> Response | tuple[str, int]:
    try:
        size = carts.change_quantity(current_store(), size_id, carts.parse_quantity(request.form.get("quantity")))
    except CartError as exc:
        return _refused(exc)
    flash(f"Updated {carts.named(size)}.", "success")
    return redirect(url_for("cart.show"))


@bp.route("/items/<int:size_id>/remove", methods=["POST"])
def remove(size_id: int) -> Response:
    carts.remove(current_store(), size_id)
    flash("Removed from your cart.", "info")
    return redirect(url_for("cart.show"))


def merge_guest_cart(_app: object, user: User, **_extra: object) -> None:
    """At login (flask-login's signal): the guest's session cart moves into the account's cart."""
    guest = SessionCart(session)
    quantities = guest.quantities()
    if not quantities:
        return
    for notice in carts.merge_into_account(quantities, user.id):
        flash(notice, "info")
    guest.clear()
