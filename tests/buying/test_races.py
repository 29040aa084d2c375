"""Simultaneous requests on real connections: the last item (of a size), a double submit, a webhook delivered twice.

Each thread drives its own test client through the app, so each request has its own session and
database connection, and a barrier releases them together. PostgreSQL is where this proves
something (row locks under concurrent transactions); SQLite serialises writers and is skipped.
"""
import threading

import pytest
from sqlalchemy import func, select, update

from tests.support.buying import HOME, add_to_cart, review_form, send_webhook, stripe_event
from tests.support.concurrency import count, run_together
from tests.support.web import Auth
from webapp.extensions import db
from webapp.models import Notification, Order, OrderEvent, ProductSize
from webapp.services.buying import checkout

BUYERS = 8


@pytest.fixture(autouse=True)
def _postgresql_only(backend):
    if backend != "postgresql":
        pytest.skip("concurrency is proven on PostgreSQL (set TEST_DATABASE_URL); SQLite serialises writers")


def ready_to_place(app, user, product, *sizes) -> tuple[object, dict]:
    """A client of `user`, logged in with one of `product` in the cart (one of each of `sizes`, in that order,
    when given), and the form its Place order button posts."""
    # Its own app context: requests in this thread share the active one, and with it flask-login's
    # cached user, which would log every client in as the first.
    with app.app_context():
        checkout.save_address(user.id, HOME)
        client = app.test_client()
        Auth(client).login(user)
        for size_id in [size.id for size in sizes] or [None]:
            add_to_cart(client, product.id, 1, size_id=size_id)
        return client, review_form(client)


def place_all(buyers) -> list[int]:
    """Every buyer presses Place order at the same instant; the status codes, sorted."""
    responses = run_together([lambda c=c, f=f: c.post("/checkout/place", data=f) for c, f in buyers])
    return sorted(response.status_code for response in responses)


def size_stock(product) -> dict[str, int]:
    db.session.expire_all()
    return dict(db.session.execute(select(ProductSize.label, ProductSize.stock).where(
        ProductSize.product_id == product.id)).all())


def test_customers_racing_for_the_last_item_exactly_one_gets_it(app, make_user, make_product):
    last = make_product(name="Last Leather Bag", stock=1)
    buyers = [ready_to_place(app, make_user(), last) for _ in range(BUYERS)]
    responses = run_together([lambda c=c, f=f: c.post("/checkout/place", data=f) for c, f in buyers])
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [302] + [409] * (BUYERS - 1)
    refused = [response for response in responses if response.status_code == 409]
    assert all("“Last Leather Bag” has just sold out" in response.text for response in refused)
    assert count(select(func.count()).select_from(Order)) == 1
    assert count(select(ProductSize.stock).where(ProductSize.product_id == last.id)) == 0


def test_customers_racing_for_the_last_item_of_one_size_exactly_one_gets_it_and_other_sizes_are_untouched(
    app, make_user, make_product
):
    boot = make_product(name="Ankle Boot", sizes={"EU 38": 1, "EU 39": 5})
    buyers = [ready_to_place(app, make_user(), boot, boot.sizes[0]) for _ in range(BUYERS)]
    assert place_all(buyers) == [302] + [409] * (BUYERS - 1)
    assert count(select(func.count()).select_from(Order)) == 1
    assert size_stock(boot) == {"EU 38": 0, "EU 39": 5}


def test_orders_holding_the_same_sizes_in_opposite_order_never_deadlock(app, make_user, make_product):
    """Half the carts hold S then L, half L then S: reserving in size order, every order goes through."""
    tee = make_product(name="Crossed Tee", sizes={"S": 20, "L": 20})
    small, large = tee.sizes
    buyers = [ready_to_place(app, make_user(), tee, *((small, large) if n % 2 else (large, small)))
              for n in range(BUYERS)]
    assert place_all(buyers) == [302] * BUYERS
    assert size_stock(tee) == {"S": 20 - BUYERS, "L": 20 - BUYERS}


def test_a_naive_read_then_write_reservation_would_oversell_the_last_item(app, make_user, make_product, monkeypatch):
    """The race above is a real one: stock read, checked and written back as two steps sells the last item to all."""
    everyone_has_read = threading.Barrier(BUYERS)

    def read_then_write(size, quantity):
        left = db.session.scalar(select(ProductSize.stock).where(ProductSize.id == size.id))
        everyone_has_read.wait(timeout=20)
        if left < quantity:
            raise checkout.OutOfStock("sold out")
        db.session.execute(update(ProductSize).where(ProductSize.id == size.id).values(stock=left - quantity))

    boot = make_product(name="Last Boot", sizes={"EU 40": 1})
    buyers = [ready_to_place(app, make_user(), boot) for _ in range(BUYERS)]
    monkeypatch.setattr(checkout, "_reserve", read_then_write)
    assert place_all(buyers) == [302] * BUYERS  # eight orders for one boot
    assert count(select(func.count()).select_from(Order)) == BUYERS


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
    assert count(select(ProductSize.stock).where(ProductSize.product_id == product.id)) == 9


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
