"""The customer's orders and notifications under /account."""
from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from webapp.account import bp
from webapp.admin.paging import PER_PAGE, page_arg
from webapp.extensions import db
from webapp.lookups import own_order_or_404
from webapp.models.orders import Order, OrderStatus
from webapp.services.buying import orders
from webapp.services.buying.orders import Actor, OrderError
from webapp.services.buying.stripe_api import PaymentError
from webapp.services.engagement import notifications


@bp.route("/orders")
def orders_list() -> str:
    query = select(Order).where(Order.user_id == current_user.id).order_by(Order.created_at.desc(), Order.id.desc())
    page = db.paginate(query, page=page_arg(), per_page=PER_PAGE, error_out=False)
    return render_template("account/orders.html", page=page)


@bp.route("/orders/<int:order_id>")
def order_detail(order_id: int) -> tuple[str, int]:
    return _render_detail(own_order_or_404(order_id))


def _render_detail(order: Order, error: str = "", status: int = 200) -> tuple[str, int]:
    can_cancel = OrderStatus.CANCELLED in orders.allowed_targets(order, Actor.of(current_user))
    return render_template("account/order_detail.html", order=order, can_cancel=can_cancel, error=error), status


@bp.route("/orders/<int:order_id>/cancel/confirm")
def confirm_cancel(order_id: int) -> tuple[str, int]:
    """The step before cancelling: what will happen (money back, stock returned), and the button that does it."""
    order = own_order_or_404(order_id)
    try:
        change = orders.preview(order, OrderStatus.CANCELLED, Actor.of(current_user))
    except OrderError as exc:
        return _render_detail(order, str(exc), 409)
    return render_template("account/confirm_cancel.html", order=order, change=change), 200


@bp.route("/orders/<int:order_id>/cancel", methods=["POST"])
def cancel_order(order_id: int) -> Response | tuple[str, int]:
    """The confirmation page's button: the only request that cancels."""
    order = own_order_or_404(order_id)
    try:
        orders.change_status(order, OrderStatus.CANCELLED, Actor.of(current_user), "Cancelled by the customer")
    except (OrderError, PaymentError) as exc:
        db.session.rollback()
        return _render_detail(own_order_or_404(order_id), str(exc), 409)
    flash(f"Order #{order.id} is cancelled.", "success")
    return redirect(url_for("account.order_detail", order_id=order.id))


@bp.route("/notifications")
def notifications_list() -> str:
    """Seeing the list is reading it: the page shows what was new, and the header's bell drops to zero."""
    return render_template("account/notifications.html", seen=notifications.open_list(current_user.id))
