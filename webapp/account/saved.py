"""Saved items (the wishlist): the heart on cards and product pages, and /account/saved."""
from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from webapp.account import bp
from webapp.lookups import product_on_sale_or_404
from webapp.services.engagement import wishlist


def saved_product_ids() -> set[int]:
    """The current customer's saved products, read once per request (template global for the hearts)."""
    if not current_user.is_authenticated or current_user.is_admin:
        return set()
    # Kept on the request, not on g: an app context (and its g) can outlive one request, in tests and CLI.
    if not hasattr(request, "saved_product_ids"):
        request.saved_product_ids = wishlist.saved_ids(current_user.id)
    return request.saved_product_ids


@bp.get("/saved")
def saved() -> str:
    return render_template("account/saved.html", products=wishlist.saved_products(current_user.id))


@bp.post("/saved/<int:product_id>")
def toggle_saved(product_id: int) -> Response:
    """saved=1 saves, saved=0 unsaves: the form says which, so a repeated request changes nothing more."""
    product = product_on_sale_or_404(product_id)
    wanted = request.form.get("saved") != "0"
    if wanted:
        wishlist.save(current_user.id, product.id)
    else:
        wishlist.unsave(current_user.id, product.id)
    if request.accept_mimetypes.best == "application/json":
        return jsonify(saved=wanted, product_id=product.id)
    flash(f"{product.name} is {'saved' if wanted else 'no longer saved'}.", "success")
    return redirect(_back_to(request.referrer))


def _back_to(referrer: str | None) -> str:
    # Only back to a page of this shop: the Referer is the browser's word, not ours.
    if referrer and referrer.startswith(request.host_url):
        return referrer
    return url_for("account.saved")
