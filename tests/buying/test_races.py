"""Simultaneous requests on real connections: the last item, a double submit, a webhook delivered twice.

Each thread drives its own test client through the app, so each request has its own session and
database connection, and a barrier releases them together. PostgreSQL is where this proves
something (row locks under concurrent transactions); SQLite serialises writers and is skipped.
"""
import pytest
from sqlalchemy import func, select

from tests.support.buying import HOME, add_to_cart, review_form, send_webhook, stripe_event
from tests.support.concurrency import count, run_together
from tests.support.web import Auth
from webapp.models import Notification, Order, OrderEvent, Product
from webapp.services.buying import checkout

BUYERS = 8


@pytest.fixture(autouse=True)
def _postgresql_only(backend):
    if backend != "postgresql":
        pytest.skip("concurrency is proven on PostgreSQL (set TEST_DATABASE_URL); SQLite serialises writers")


def ready_to_place(app, user, product) -> tuple[object, dict]:
    """A client of `user`, logged in with `product` in the cart, and the form its Place order button posts."""
    # Its own app context: requests in this thread share the active one, and with it flask-login's
    # cached user, which would log every client in as the first.
    with app.app_context():
        checkout.save_address(user.id, HOME)
        client = app.test_client()
        Auth(client).login(user)
        add_to_cart(client, product.id, 1)
        return client, review_form(client)


def test_customers_racing_for_the_last_item_exactly_one_gets_it(app, make_user, make_product):
    last = make_product(name="Last Leather Bag", stock=1)
    buyers = [ready_to_place(app, make_user(), last) for _ in range(BUYERS)]
    responses = run_together([lambda c=c, f=f: c.post("/checkout/place", data=f) for c, f in buyers])
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [302] + [409] * (BUYERS - 1)
    refused = [response for response in responses if response.status_code == 409]
    assert all("“Last Leather Bag” has just sold out" in response.text for response in refused)
    assert count(select(func.count()).select_from(Order)) == 1
    assert count(select(Product.stock).where(Product.id == last.id)) == 0


def test_one_checkout_submitted_twice_at_once_makes_one_order(app, customer, make_product):
    product = make_product(stock=10)
    client, form = ready_to_place(app, customer, product)
    twin = app.test_client()
    twin.set_cookie("session", client.get_cookie("session").value)
    responses = run_together([lambda c=c: c.post("/checkout/place", data=form) for c in (client, twin)])
    assert {response.headers.get("Location") for response in responses} == {
        f"/checkout/orders/{count(select(Order.id))}/pay"
    }
    assert count(select(func.count()).select_from(Order)) == 1
    assert count(select(Product.stock).where(Product.id == product.id)) == 9


def test_a_webhook_delivered_twice_at_once_is_applied_once(app, stripe_order, stripe_standin):
    order, session = stripe_order()
    event = stripe_event("checkout.session.completed", stripe_standin.pay(session["id"]))
    clients = [app.test_client() for _ in range(4)]
    responses = run_together([lambda c=c: send_webhook(c, event) for c in clients])
    assert [response.status_code for response in responses] == [200] * 4
    outcomes = sorted(response.json["outcome"] for response in responses)
    assert outcomes == ["already processed"] * 3 + [f"order #{order.id} confirmed"]
    assert count(select(func.count()).select_from(OrderEvent).where(OrderEvent.to_status == "paid")) == 1
    assert count(select(func.count()).select_from(Notification)) == 1
