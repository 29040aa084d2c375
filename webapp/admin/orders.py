"""Admin: orders. Every action goes through the order pipeline's one transition function."""
from collections.abc import Mapping

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.wrappers import Response

from webapp.admin import bp
from webapp.admin.paging import PER_PAGE, page_arg
from webapp.admin.tables import ORDERS
from webapp.extensions import db
from webapp.lookups import found_or_404
from webapp.models.orders import Order, OrderEvent, OrderStatus
from webapp.models.users import User
from webapp.services.buying import orders
from webapp.services.buying.orders import Actor, OrderError
from webapp.services.buying.stripe_api import PaymentError
from webapp.services.paging import page_of
from webapp.services.reports.order_search import OrderFilter, orders_query

ACTIONS: dict[str, OrderStatus] = {
    "ship": OrderStatus.SHIPPED,
    "deliver": OrderStatus.DELIVERED,
    "cancel": OrderStatus.CANCELLED,
    "refund": OrderStatus.REFUNDED,
}
# Actions that return money and stock: each has a confirmation page first, and only its button acts.
CONFIRMED_FIRST = frozenset({"cancel", "refund"})


@bp.route("/orders")
def orders_list() -> str:
    wanted = OrderFilter.from_args(request.args)
    page = page_of(orders_query(wanted), page_arg(), PER_PAGE)
    customer = db.session.get(User, wanted.customer_id) if wanted.customer_id else None
    return render_template("admin/orders.html", page=page, wanted=wanted, customer=customer,
                           statuses=list(OrderStatus), table=ORDERS)


@bp.route("/orders/<int:order_id>")
def order_detail(order_id: int) -> tuple[str, int]:
    return _render_detail(_order(order_id))


def _render_detail(order: Order, error: str = "", status: int = 200) -> tuple[str, int]:
    targets = orders.allowed_targets(order, Actor.of(current_user))
    actions = [(name, to) for name, to in ACTIONS.items() if to in targets]
    return render_template("admin/order_detail.html", order=order, actions=actions, error=error,
                           confirmed_first=CONFIRMED_FIRST), status


@bp.route("/orders/<int:order_id>/<action>/confirm")
def confirm_order_action(order_id: int, action: str) -> tuple[str, int]:
    """The step before a cancel or refund: what will happen (money back, stock returned), then the button."""
    if action not in CONFIRMED_FIRST:
        abort(404, description="Only cancelling and refunding are confirmed first.")
    order = _order(order_id)
    try:
        change = orders.preview(order, ACTIONS[action], Actor.of(current_user))
    except OrderError as exc:
        return _render_detail(order, str(exc), 409)
    html = render_template("admin/confirm_order_action.html", order=order, action=action, change=change,
                           note=_note(request.args))
    return html, 200


@bp.route("/orders/<int:order_id>/<action>", methods=["POST"])
def order_action(order_id: int, action: str) -> Response | tuple[str, int]:
    """Ship and deliver from the order page; cancel and refund from their confirmation page."""
    if action not in ACTIONS:
        abort(404, description="No such order action.")
    order = _order(order_id)
    note = _note(request.form)
    try:
        orders.change_status(order, ACTIONS[action], Actor.of(current_user), note)
    except (OrderError, PaymentError) as exc:
        db.session.rollback()
        return _render_detail(_order(order_id), str(exc), 409)
    flash(f"Order #{order.id} is now {order.state.label.lower()}.", "success")
    return redirect(url_for("admin.order_detail", order_id=order.id))


def _note(values: Mapping[str, str]) -> str:
    return (values.get("note") or "").strip()[:300]


def _order(order_id: int) -> Order:
    """The order with everything its page shows, loaded up front (lines, history and who made it)."""
    order = db.session.scalar(
        select(Order)
        .where(Order.id == order_id)
        .options(joinedload(Order.user), selectinload(Order.lines),
                 selectinload(Order.events).joinedload(OrderEvent.actor))
    )
    return found_or_404(order, "No such order.")
