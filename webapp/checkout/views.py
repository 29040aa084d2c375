from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from webapp.cart.views import render_cart
from webapp.checkout import bp
from webapp.checkout.coupons import forget_coupon, review_totals
from webapp.checkout.forms import AddressForm
from webapp.lookups import own_order_or_404
from webapp.models.orders import Order, PaymentMethod
from webapp.request_deals import live_deals
from webapp.services.buying import checkout, payments
from webapp.services.buying.checkout import Address, CheckoutError, OutOfStock
from webapp.services.buying.orders import OrderError
from webapp.services.buying.stripe_api import PaymentError
from webapp.services.shop_settings import current_settings


@bp.route("/", methods=["GET", "POST"])
def address() -> Response | tuple[str, int]:
    try:
        checkout.review(current_user.id, live_deals())  # an empty cart (or one to fix) has nothing to send
    except CheckoutError as exc:
        flash(str(exc), "info")
        return redirect(url_for("cart.show"))
    form = AddressForm(obj=checkout.saved_address(current_user.id))
    if form.validate_on_submit():
        fields = {name: form[name].data or "" for name in ("full_name", "line1", "line2", "postal_code", "city")}
        checkout.save_address(current_user.id, Address(country=form.country.data, **fields))
        return redirect(url_for("checkout.review"))
    return render_template("checkout/address.html", form=form), 400 if form.is_submitted() else 200


@bp.route("/review")
def review() -> Response | str:
    address = checkout.saved_address(current_user.id)
    if address is None:
        return redirect(url_for("checkout.address"))
    try:
        cart = checkout.review(current_user.id, live_deals())
    except CheckoutError as exc:
        flash(str(exc), "error")
        return redirect(url_for("cart.show"))
    return render_template(
        "checkout/review.html",
        cart=cart,
        totals=review_totals(cart, current_settings().shipping_rate),
        address=address,
        checkout_token=checkout.new_checkout_token(),
        payment_method=payments.method_for_new_orders(),
    )


@bp.route("/place", methods=["POST"])
def place() -> Response | tuple[str, int]:
    reviewed_total = request.form.get("total_cents", "")
    try:
        if not reviewed_total.isdecimal() or len(reviewed_total) > 12:
            raise CheckoutError("This checkout form is not valid any more. Please review your order again.")
        token, coupon = request.form.get("checkout_token", ""), request.form.get("coupon_code", "")
        order = checkout.place_order(
            current_user, token, int(reviewed_total), live_deals(), coupon, shipping=current_settings().shipping_rate
        )
    except CheckoutError as exc:
        return render_cart(str(exc), 409 if isinstance(exc, OutOfStock) else 400)
    forget_coupon()
    return _go_to_payment(order)


@bp.route("/orders/<int:order_id>/pay", methods=["GET", "POST"])
def pay(order_id: int) -> Response | str:
    order = own_order_or_404(order_id)
    if request.method == "GET":
        return render_template("checkout/pay.html", order=order)
    if order.payment_method == PaymentMethod.STRIPE:
        return _go_to_payment(order)
    try:
        payments.pay_with_test_payment(order)
    except OrderError as exc:
        flash(str(exc), "error")
        return redirect(url_for("account.order_detail", order_id=order.id))
    return redirect(url_for("checkout.complete", order_id=order.id))


@bp.route("/orders/<int:order_id>/complete")
def complete(order_id: int) -> str:
    """Where Stripe sends the customer back: it shows the order as it is, it confirms nothing."""
    return render_template("checkout/complete.html", order=own_order_or_404(order_id))


def _go_to_payment(order: Order) -> Response:
    if order.payment_method != PaymentMethod.STRIPE:
        return redirect(url_for("checkout.pay", order_id=order.id))
    try:
        stripe_url = payments.stripe_checkout_url(
            order,
            success_url=url_for("checkout.complete", order_id=order.id, _external=True),
            cancel_url=url_for("account.order_detail", order_id=order.id, _external=True),
        )
    except (OrderError, PaymentError) as exc:
        flash(str(exc), "error")
        return redirect(url_for("account.order_detail", order_id=order.id))
    return redirect(stripe_url, code=303)
