"""Paying with Stripe: the real stripe library against a local stand-in of Stripe's API."""
import pytest
from sqlalchemy import select

from tests.support.buying import add_to_cart, checkout_through_pages, fresh, send_webhook, stripe_event
from tests.support.web import session_csrf_token
from webapp.extensions import db
from webapp.models import Order, OrderStatus, Product
from webapp.services.buying import payments
from webapp.services.buying.orders import OrderError


def test_checkout_creates_a_stripe_session_from_server_prices_and_redirects_to_it(
    client, auth, customer, make_product, stripe_standin
):
    product = make_product(name="Trench Coat", price_cents=12999)
    auth.login(customer)
    add_to_cart(client, product.id, 2)
    response = checkout_through_pages(client)
    order = db.session.scalar(select(Order))
    (create,) = stripe_standin.posts_to("/v1/checkout/sessions")
    assert response.status_code == 303
    assert response.headers["Location"] == stripe_standin.sessions[order.stripe_session_id]["url"]
    assert create.form["line_items[0][price_data][unit_amount]"] == "12999"
    assert create.form["line_items[0][price_data][product_data][name]"] == "Trench Coat"
    assert create.form["line_items[0][quantity]"] == "2"
    assert create.form["line_items[0][price_data][currency]"] == "eur"
    assert create.form["metadata[order_id]"] == str(order.id)
    assert create.form["mode"] == "payment"
    assert create.headers["Idempotency-Key"] == f"checkout-order-{order.id}"
    assert create.headers["Authorization"] == "Bearer sk_test_standin"
    assert order.state is OrderStatus.PENDING_PAYMENT
    assert order.payment_method == "stripe"


def test_the_return_from_stripe_shows_the_order_and_confirms_nothing(client, auth, customer, stripe_order):
    order, _session = stripe_order()
    auth.login(customer)
    page = client.get(f"/checkout/orders/{order.id}/complete").text
    assert "waiting for the payment confirmation" in page
    assert fresh(order).state is OrderStatus.PENDING_PAYMENT


def test_the_return_after_the_webhook_shows_the_order_confirmed(client, auth, customer, stripe_order, stripe_standin):
    order, session = stripe_order()
    send_webhook(client, stripe_event("checkout.session.completed", stripe_standin.pay(session["id"])))
    auth.login(customer)
    assert "Your payment is confirmed" in client.get(f"/checkout/orders/{order.id}/complete").text


def test_placing_the_same_checkout_twice_reuses_its_stripe_session(
    client, auth, customer, make_product, stripe_standin
):
    auth.login(customer)
    add_to_cart(client, make_product().id, 1)
    first = checkout_through_pages(client)
    pay_again = client.post(
        f"/checkout/orders/{db.session.scalar(select(Order.id))}/pay", data={"csrf_token": session_csrf_token(client)}
    )
    assert pay_again.headers["Location"] == first.headers["Location"]
    assert len(stripe_standin.sessions) == 1


def test_stripe_refusing_the_session_leaves_the_order_pending_and_cancellable(
    client, auth, customer, make_product, stripe_standin
):
    product = make_product(stock=3)
    stripe_standin.refusals["/v1/checkout/sessions"] = "Your account cannot currently make live charges."
    auth.login(customer)
    add_to_cart(client, product.id, 1)
    response = checkout_through_pages(client, follow_redirects=True)
    order = db.session.scalar(select(Order))
    assert "Stripe could not start the payment: Your account cannot currently make live charges" in response.text
    assert order.state is OrderStatus.PENDING_PAYMENT
    client.post(f"/account/orders/{order.id}/cancel", data={"csrf_token": session_csrf_token(client)})
    assert fresh(order).state is OrderStatus.CANCELLED
    assert fresh(product).units_in_stock == 3


def test_stripe_out_of_reach_is_said_plainly_without_the_network_error(
    client, app, auth, customer, make_product, stripe_standin, monkeypatch
):
    stripe_standin.stop()
    monkeypatch.setitem(app.config, "STRIPE_API_BASE", stripe_standin.url)  # nothing listens there now
    auth.login(customer)
    add_to_cart(client, make_product().id, 1)
    response = checkout_through_pages(client, follow_redirects=True)
    assert "Stripe could not start the payment: Stripe could not be reached, please try again" in response.text
    host = stripe_standin.url.removeprefix("http://").split(":")[0]
    assert host not in response.text and "Network error" not in response.text
    assert db.session.scalar(select(Order)).state is OrderStatus.PENDING_PAYMENT


def test_a_stripe_order_cannot_be_paid_with_the_test_payment(stripe_order):
    order, _session = stripe_order()
    with pytest.raises(OrderError, match="paid through Stripe"):
        payments.pay_with_test_payment(order)
    assert fresh(order).state is OrderStatus.PENDING_PAYMENT


def test_an_admin_refund_refunds_at_stripe_and_puts_stock_back(client, auth, admin, stripe_order, stripe_standin):
    order, session = stripe_order(stock=4)
    send_webhook(client, stripe_event("checkout.session.completed", stripe_standin.pay(session["id"])))
    auth.login(admin)
    client.post(f"/admin/orders/{order.id}/refund", data={"csrf_token": session_csrf_token(client)})
    (refund,) = stripe_standin.posts_to("/v1/refunds")
    assert refund.form["payment_intent"] == fresh(order).payment_reference
    assert refund.headers["Idempotency-Key"] == f"refund-order-{order.id}"
    order = fresh(order)
    assert order.state is OrderStatus.REFUNDED
    assert "Stripe refund re_test_" in order.events[-1].note
    assert db.session.get(Product, order.lines[0].product_id).units_in_stock == 4


def test_a_refund_stripe_refuses_leaves_the_order_paid(client, auth, admin, stripe_order, stripe_standin):
    order, session = stripe_order(stock=4)
    send_webhook(client, stripe_event("checkout.session.completed", stripe_standin.pay(session["id"])))
    stripe_standin.refusals["/v1/refunds"] = "Charge ch_1 has already been refunded."
    auth.login(admin)
    response = client.post(f"/admin/orders/{order.id}/refund", data={"csrf_token": session_csrf_token(client)})
    assert response.status_code == 409
    assert "Stripe refused the refund" in response.text
    order = fresh(order)
    assert order.state is OrderStatus.PAID
    assert db.session.get(Product, order.lines[0].product_id).units_in_stock == 3


def test_cancelling_an_unpaid_stripe_order_closes_its_payment_page(
    client, auth, customer, stripe_order, stripe_standin
):
    order, session = stripe_order()
    auth.login(customer)
    client.post(f"/account/orders/{order.id}/cancel", data={"csrf_token": session_csrf_token(client)})
    assert stripe_standin.posts_to(f"/v1/checkout/sessions/{session['id']}/expire")
    assert stripe_standin.sessions[session["id"]]["status"] == "expired"
    assert fresh(order).state is OrderStatus.CANCELLED


def test_a_cancel_racing_a_payment_at_stripe_is_refused(client, auth, customer, stripe_order, stripe_standin):
    order, session = stripe_order()
    stripe_standin.pay(session["id"])  # paid at Stripe; the webhook has not arrived yet
    auth.login(customer)
    response = client.post(f"/account/orders/{order.id}/cancel", data={"csrf_token": session_csrf_token(client)})
    assert response.status_code == 409
    assert "may just have been made" in response.text
    assert fresh(order).state is OrderStatus.PENDING_PAYMENT
