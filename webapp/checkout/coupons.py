"""Checkout: a coupon code for the order under review, kept in the session until the order is placed."""
from flask import flash, redirect, request, session, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from webapp.checkout import bp
from webapp.request_deals import live_deals
from webapp.services.buying import checkout
from webapp.services.buying.cart import Cart
from webapp.services.buying.checkout import CheckoutError, Totals
from webapp.services.pricing.money import shop_money
from webapp.services.pricing.promotions import PromotionError, normalise_code
from webapp.services.pricing.rule import ShippingRate
from webapp.services.shop_settings import current_settings

SESSION_KEY = "coupon_code"


def session_coupon() -> str:
    return session.get(SESSION_KEY, "")


def forget_coupon() -> None:
    session.pop(SESSION_KEY, None)


def review_totals(cart: Cart, shipping: ShippingRate) -> Totals:
    """The cart's totals with the session's coupon; a coupon that stopped applying is dropped, with a notice."""
    try:
        return checkout.totals(cart, shipping, session_coupon())
    except PromotionError as exc:
        forget_coupon()
        flash(f"{exc} It is no longer applied.", "error")
        return checkout.totals(cart, shipping)


@bp.route("/coupon", methods=["POST"])
def apply_coupon() -> Response:
    code = normalise_code(request.form.get("coupon_code"))
    try:
        cart = checkout.review(current_user.id, live_deals())
        totals = checkout.totals(cart, current_settings().shipping_rate, code)
    except (CheckoutError, PromotionError) as exc:
        flash(str(exc), "error")
    else:
        session[SESSION_KEY] = code
        flash(f"Coupon {code} applied: {shop_money(totals.discount_cents)} off.", "success")
    return redirect(url_for("checkout.review"))


@bp.route("/coupon/remove", methods=["POST"])
def remove_coupon() -> Response:
    forget_coupon()
    flash("The coupon is removed.", "info")
    return redirect(url_for("checkout.review"))
