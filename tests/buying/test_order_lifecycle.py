"""The order pipeline: one function moves orders, by the table, writing history and returning stock."""
import re

import pytest
from sqlalchemy import update

from tests.support.buying import fresh
from tests.support.web import session_csrf_token
from webapp.extensions import db
from webapp.models import Order, OrderStatus, Product
from webapp.services.buying import orders
from webapp.services.buying.orders import (
    HOUSEKEEPING,
    PAYMENT_PROVIDER,
    Actor,
    ActorKind,
    IllegalTransition,
    OrderError,
)
from webapp.signals import products_changed

S = OrderStatus
# How to bring a paid order to each status (a pending order is simply not paid).
ROUTE_FROM_PAID = {S.PAID: [], S.SHIPPED: [S.SHIPPED], S.DELIVERED: [S.SHIPPED, S.DELIVERED],
                   S.CANCELLED: [S.CANCELLED], S.REFUNDED: [S.REFUNDED]}


SHOP = Actor(ActorKind.ADMIN)  # an admin without an account row: enough to set the scene


@pytest.fixture
def order_in(order_for):
    def make(status: OrderStatus, **product_fields) -> Order:
        order = order_for(paid=status is not S.PENDING_PAYMENT, **product_fields)
        for step in ROUTE_FROM_PAID.get(status, []):
            orders.change_status(order, step, SHOP)
        return order

    return make


@pytest.fixture
def actors(customer, admin):
    return {
        ActorKind.CUSTOMER: Actor.of(customer),
        ActorKind.ADMIN: Actor.of(admin),
        ActorKind.PAYMENT: PAYMENT_PROVIDER,
        ActorKind.SHOP: HOUSEKEEPING,
    }


C, A, P, H = ActorKind.CUSTOMER, ActorKind.ADMIN, ActorKind.PAYMENT, ActorKind.SHOP
# Every allowed move, written out by hand from the README's order lifecycle (not read from the code):
# (from, to, who may make it).
ALLOWED = [
    (S.PENDING_PAYMENT, S.PAID, P),  # the webhook (or the test payment) confirms it
    (S.PENDING_PAYMENT, S.CANCELLED, C),
    (S.PENDING_PAYMENT, S.CANCELLED, A),
    (S.PENDING_PAYMENT, S.CANCELLED, P),  # Stripe's session expired or failed
    (S.PENDING_PAYMENT, S.CANCELLED, H),  # the shop's stale-order job: the payment window passed
    (S.PAID, S.SHIPPED, A),
    (S.PAID, S.CANCELLED, C),  # before shipping; the money is returned
    (S.PAID, S.CANCELLED, A),
    (S.PAID, S.REFUNDED, A),
    (S.SHIPPED, S.DELIVERED, A),
]
ALLOWED_PAIRS = {(origin, to) for origin, to, _kind in ALLOWED}
# How a refusal names each state and each move.
STATE_WORDS = {S.PENDING_PAYMENT: "pending payment", S.PAID: "paid (confirmed)", S.SHIPPED: "shipped",
               S.DELIVERED: "delivered", S.CANCELLED: "cancelled", S.REFUNDED: "refunded"}
MOVE_WORDS = {S.PAID: "confirmed as paid", S.SHIPPED: "marked shipped", S.DELIVERED: "marked delivered",
              S.CANCELLED: "cancelled", S.REFUNDED: "refunded"}
# Nothing moves an order back to pending payment (it is where orders start); see the xfail below.
TARGETS = [status for status in S if status is not S.PENDING_PAYMENT]


@pytest.mark.parametrize(("origin", "to", "kind"), ALLOWED)
def test_every_allowed_move_is_made_and_recorded(order_in, actors, origin, to, kind):
    order = order_in(origin)
    orders.transition(order, to, actors[kind], note="by the table")
    orders.commit()
    order = fresh(order)
    assert order.state is to
    event = order.events[-1]
    assert (event.from_status, event.to_status, event.actor_kind, event.note) == (origin, to, kind, "by the table")
    assert event.actor_id == actors[kind].user_id
    assert event.created_at is not None


@pytest.mark.parametrize(
    ("origin", "to", "message"),
    [
        (S.CANCELLED, S.DELIVERED, "is cancelled, so it cannot be marked delivered"),
        (S.PENDING_PAYMENT, S.SHIPPED, "is pending payment, so it cannot be marked shipped"),
        (S.SHIPPED, S.CANCELLED, "is shipped, so it cannot be cancelled"),
        (S.DELIVERED, S.SHIPPED, "is delivered, so it cannot be marked shipped"),
        (S.REFUNDED, S.PAID, "is refunded, so it cannot be confirmed as paid"),
        (S.PAID, S.PAID, "is paid (confirmed), so it cannot be confirmed as paid"),
        (S.CANCELLED, S.REFUNDED, "is cancelled, so it cannot be refunded"),
    ],
)
def test_an_illegal_move_is_refused_with_a_clear_message_and_changes_nothing(order_in, origin, to, message):
    order = order_in(origin)
    events_before = len(order.events)
    with pytest.raises(IllegalTransition, match=re.escape(message)):
        orders.change_status(order, to, SHOP)
    order = fresh(order)
    assert order.state is origin
    assert len(order.events) == events_before


@pytest.mark.parametrize(
    ("origin", "to", "kind"),
    [(S.PAID, S.SHIPPED, ActorKind.CUSTOMER), (S.PAID, S.REFUNDED, ActorKind.CUSTOMER),
     (S.PENDING_PAYMENT, S.PAID, ActorKind.ADMIN), (S.PENDING_PAYMENT, S.PAID, ActorKind.CUSTOMER)],
)
def test_a_move_by_someone_not_allowed_to_make_it_is_refused(order_in, actors, origin, to, kind):
    order = order_in(origin)
    with pytest.raises(IllegalTransition, match=f"by {kind.value}s"):
        orders.change_status(order, to, actors[kind])
    assert fresh(order).state is origin


@pytest.mark.parametrize("origin", list(S))
def test_every_move_not_in_the_table_is_refused_and_changes_nothing(order_in, actors, origin):
    """Every (to, who) from this state that ALLOWED lacks (5 targets x 3 kinds of actor, less the allowed)."""
    order = order_in(origin)
    events_before = len(order.events)
    for to in TARGETS:
        for kind in ActorKind:
            if (origin, to, kind) in ALLOWED:
                continue
            # A move nobody may make names the state; one only somebody else may make names who.
            message = (f"cannot be {MOVE_WORDS[to]} by {kind.value}s" if (origin, to) in ALLOWED_PAIRS
                       else f"is {STATE_WORDS[origin]}, so it cannot be {MOVE_WORDS[to]}")
            with pytest.raises(IllegalTransition, match=re.escape(message)):
                orders.change_status(order, to, actors[kind])
    order = fresh(order)
    assert order.state is origin
    assert len(order.events) == events_before


def test_moving_an_order_back_to_pending_payment_is_refused(order_in, actors):
    order = order_in(S.PAID)
    with pytest.raises(IllegalTransition, match=r"cannot be put back to pending payment\."):
        orders.transition(order, S.PENDING_PAYMENT, actors[ActorKind.ADMIN])
    assert fresh(order).state is S.PAID


def stock_of(order: Order) -> int:
    db.session.expire_all()
    return db.session.get(Product, order.lines[0].product_id).units_in_stock


@pytest.mark.parametrize("status", [S.CANCELLED, S.REFUNDED])
def test_calling_off_a_paid_order_puts_its_stock_back(order_in, status):
    assert stock_of(order_in(status, stock=5)) == 5


def test_cancelling_an_unpaid_order_puts_its_stock_back(order_in, customer):
    order = order_in(S.PENDING_PAYMENT, stock=5)
    assert stock_of(order) == 4
    orders.change_status(order, S.CANCELLED, Actor.of(customer))
    assert stock_of(order) == 5


def test_shipping_and_delivering_keep_the_stock_taken(order_in):
    assert stock_of(order_in(S.DELIVERED, stock=5)) == 4


@pytest.mark.parametrize(("stock", "announcements"), [(1, 2), (5, 0)])
def test_selling_out_and_coming_back_are_announced_to_the_catalogue(app, order_in, stock, announcements):
    heard = []
    with products_changed.connected_to(lambda _app, product_ids: heard.append(product_ids), app):
        order = order_in(S.PENDING_PAYMENT, stock=stock)
        orders.change_status(order, S.CANCELLED, SHOP)
    assert heard == [[order.lines[0].product_id]] * announcements


def test_a_move_based_on_a_stale_view_of_the_order_is_refused(order_in):
    order = order_in(S.PAID)
    # Someone else cancels it meanwhile; this session still believes it is paid.
    meanwhile = update(Order).where(Order.id == order.id).values(status="cancelled")
    db.session.execute(meanwhile.execution_options(synchronize_session=False))
    assert order.state is S.PAID
    with pytest.raises(OrderError, match="changed by someone else"):
        orders.transition(order, S.SHIPPED, SHOP)
    db.session.rollback()


def test_allowed_targets_are_what_the_pages_offer(order_in, actors):
    paid = order_in(S.PAID)
    assert orders.allowed_targets(paid, actors[ActorKind.ADMIN]) == [S.SHIPPED, S.CANCELLED, S.REFUNDED]
    assert orders.allowed_targets(paid, actors[ActorKind.CUSTOMER]) == [S.CANCELLED]


# --- Through the pages --------------------------------------------------------------------------

def post(client, url, **data):
    return client.post(url, data={"csrf_token": session_csrf_token(client), **data})


def test_a_customer_cancels_an_unpaid_order_from_its_page(client, auth, customer, order_in):
    order = order_in(S.PENDING_PAYMENT)
    auth.login(customer)
    assert "Cancel the order" in client.get(f"/account/orders/{order.id}").text
    response = post(client, f"/account/orders/{order.id}/cancel")
    assert response.status_code == 302
    assert fresh(order).state is S.CANCELLED
    assert fresh(order).events[-1].note == "Cancelled by the customer"


def test_a_customer_cancelling_a_paid_order_gets_the_test_payment_back(client, auth, customer, order_in):
    order = order_in(S.PAID)
    auth.login(customer)
    post(client, f"/account/orders/{order.id}/cancel")
    assert fresh(order).state is S.CANCELLED
    assert "Test payment returned" in fresh(order).events[-1].note


def test_a_customer_cannot_cancel_a_shipped_order(client, auth, customer, order_in):
    order = order_in(S.SHIPPED)
    auth.login(customer)
    assert "Cancel the order" not in client.get(f"/account/orders/{order.id}").text
    response = post(client, f"/account/orders/{order.id}/cancel")
    assert response.status_code == 409
    assert "is shipped, so it cannot be cancelled" in response.text
    assert fresh(order).state is S.SHIPPED


def test_a_customer_cannot_cancel_someone_elses_order(client, auth, make_user, order_in):
    order = order_in(S.PENDING_PAYMENT)
    auth.login(make_user())
    assert post(client, f"/account/orders/{order.id}/cancel").status_code == 404
    assert fresh(order).state is S.PENDING_PAYMENT


@pytest.mark.parametrize(("action", "origin", "expected"), [
    ("ship", S.PAID, S.SHIPPED), ("deliver", S.SHIPPED, S.DELIVERED), ("cancel", S.PAID, S.CANCELLED),
    ("cancel", S.PENDING_PAYMENT, S.CANCELLED), ("refund", S.PAID, S.REFUNDED),
])
def test_an_admin_moves_orders_with_the_action_buttons(client, auth, admin, order_in, action, origin, expected):
    order = order_in(origin)
    auth.login(admin)
    assert f"/admin/orders/{order.id}/{action}" in client.get(f"/admin/orders/{order.id}").text
    response = post(client, f"/admin/orders/{order.id}/{action}", note="Packed by Ada")
    assert response.status_code == 302
    order = fresh(order)
    assert order.state is expected
    assert order.events[-1].actor_id == admin.id
    assert "Packed by Ada" in order.events[-1].note


def test_delivering_a_cancelled_order_is_refused_on_the_admin_page(client, auth, admin, order_in):
    order = order_in(S.CANCELLED)
    auth.login(admin)
    response = post(client, f"/admin/orders/{order.id}/deliver")
    assert response.status_code == 409
    assert "is cancelled, so it cannot be marked delivered" in response.text
    assert fresh(order).state is S.CANCELLED


def test_an_unknown_admin_action_is_404(client, auth, admin, order_in):
    order = order_in(S.PAID)
    auth.login(admin)
    assert post(client, f"/admin/orders/{order.id}/teleport").status_code == 404
    assert post(client, "/admin/orders/999999/ship").status_code == 404
