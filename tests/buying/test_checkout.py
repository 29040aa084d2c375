"""Checkout: address, review, placing the order (stock reserved, prices frozen), the test payment."""
import pytest
from sqlalchemy import func, select

from tests.support.buying import HOME_FORM, add_to_cart, checkout_through_pages, fresh, review_form
from tests.support.read_only import database_refusing_writes
from tests.support.web import session_csrf_token
from webapp.extensions import db
from webapp.models import Order, OrderStatus, PaymentMethod
from webapp.services.buying import payments
from webapp.services.buying.cart import AccountCart
from webapp.services.buying.orders import OrderError


def order_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Order))


@pytest.fixture
def shopper(client, auth, customer):
    auth.login(customer)
    return customer


@pytest.fixture
def with_cart(client, shopper, make_product):
    """The logged-in shopper with a T-shirt in the cart, so that checkout has something to send."""
    add_to_cart(client, make_product(name="Cart Tee").id, 1)
    return shopper


def test_checkout_sends_guests_to_log_in_first(client):
    response = client.get("/checkout/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")


def test_the_address_is_kept_on_the_account_for_next_time(client, with_cart):
    response = client.post("/checkout/", data={"csrf_token": session_csrf_token(client), **HOME_FORM})
    assert response.headers["Location"] == "/checkout/review"
    assert 'value="Keizersgracht 1"' in client.get("/checkout/").text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"city": ""}, "This field is required"),
        ({"country": "XX"}, "Not a valid choice"),
        ({"postal_code": "<script>"}, "letters, digits and spaces"),
        ({"full_name": "x" * 121}, "longer than 120"),
    ],
)
def test_a_bad_address_is_refused_with_the_reason(client, with_cart, changes, message):
    response = client.post("/checkout/", data={"csrf_token": session_csrf_token(client), **HOME_FORM, **changes})
    assert response.status_code == 400
    assert message in response.text


def test_the_review_shows_server_prices_and_labels_the_test_payment(client, shopper, make_product):
    product = make_product(name="Wool Coat", price_cents=8999)
    add_to_cart(client, product.id, 2)
    client.post("/checkout/", data={"csrf_token": session_csrf_token(client), **HOME_FORM})
    page = client.get("/checkout/review").text
    assert "Wool Coat" in page
    assert "€179.98" in page
    assert "Test payment" in page
    assert "no money is taken" in page


def test_placing_the_order_reserves_stock_and_empties_the_cart(client, shopper, make_product):
    product = make_product(stock=5, price_cents=1500)
    add_to_cart(client, product.id, 2)
    response = checkout_through_pages(client)
    order = db.session.scalar(select(Order))
    assert response.headers["Location"] == f"/checkout/orders/{order.id}/pay"
    assert fresh(product).units_in_stock == 3
    assert AccountCart(shopper.id).quantities() == {}
    assert (order.state, order.total_cents, order.ship_city) == (OrderStatus.PENDING_PAYMENT, 3000, "Amsterdam")


def test_placing_an_order_while_the_database_refuses_writes_says_so_and_reserves_nothing(
    client, shopper, make_product
):
    product = make_product(stock=5, price_cents=1500)
    add_to_cart(client, product.id, 2)
    client.post("/checkout/", data={"csrf_token": session_csrf_token(client), **HOME_FORM})
    form = review_form(client)
    with database_refusing_writes():
        response = client.post("/checkout/place", data=form)
    assert response.status_code == 503
    assert "The shop cannot save changes right now" in response.text
    assert order_count() == 0
    assert fresh(product).units_in_stock == 5
    assert AccountCart(shopper.id).quantities() == {product.id: 2}
    retried = client.post("/checkout/place", data=form)  # the same form, once the database writes again
    assert retried.headers["Location"] == f"/checkout/orders/{db.session.scalar(select(Order.id))}/pay"
    assert fresh(product).units_in_stock == 3


def test_order_lines_keep_the_price_and_name_they_had_at_purchase(client, shopper, make_product):
    product = make_product(name="Denim Jacket", price_cents=5999)
    add_to_cart(client, product.id, 1)
    checkout_through_pages(client)
    product.name, product.price_cents = "Renamed Jacket", 9999
    db.session.commit()
    line = fresh(db.session.scalar(select(Order))).lines[0]
    assert (line.product_name, line.unit_price_cents, line.quantity) == ("Denim Jacket", 5999, 1)


def test_a_new_order_starts_its_history_with_placed_by_the_customer(client, shopper, make_product):
    add_to_cart(client, make_product().id, 1)
    checkout_through_pages(client)
    (placed,) = db.session.scalar(select(Order)).events
    assert (placed.from_status, placed.to_status, placed.actor_id) == (None, "pending_payment", shopper.id)


def test_submitting_the_checkout_twice_makes_one_order(client, shopper, make_product):
    product = make_product(stock=5)
    add_to_cart(client, product.id, 1)
    client.post("/checkout/", data={"csrf_token": session_csrf_token(client), **HOME_FORM})
    form = review_form(client)
    first = client.post("/checkout/place", data=form)
    second = client.post("/checkout/place", data=form)
    assert first.headers["Location"] == second.headers["Location"]
    assert order_count() == 1
    assert fresh(product).units_in_stock == 4


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("total_cents", "1"),
        ("total_cents", "-100"),
        ("total_cents", "abc"),
        ("total_cents", "²"),  # a digit to str.isdigit(), not to int()
        ("checkout_token", "short"),
        ("checkout_token", ""),
    ],
)
def test_a_tampered_review_form_is_refused_and_nothing_is_ordered(client, shopper, make_product, field, value):
    product = make_product(stock=5, price_cents=2500)
    add_to_cart(client, product.id, 2)
    client.post("/checkout/", data={"csrf_token": session_csrf_token(client), **HOME_FORM})
    response = client.post("/checkout/place", data={**review_form(client), field: value, "price_cents": "1"})
    assert response.status_code == 400
    assert "review" in response.text
    assert order_count() == 0
    assert fresh(product).units_in_stock == 5
    assert AccountCart(shopper.id).quantities() == {product.id: 2}


def test_a_price_change_after_the_review_is_not_charged_silently(client, shopper, make_product):
    product = make_product(price_cents=2000)
    add_to_cart(client, product.id, 1)
    client.post("/checkout/", data={"csrf_token": session_csrf_token(client), **HOME_FORM})
    form = review_form(client)
    product.price_cents = 2600
    db.session.commit()
    response = client.post("/checkout/place", data=form)
    assert response.status_code == 400
    assert "total of your cart changed" in response.text
    assert order_count() == 0


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_an_empty_cart_at_checkout_goes_back_to_the_cart_with_a_message(client, shopper, method):
    data = {"csrf_token": session_csrf_token(client), **HOME_FORM} if method == "POST" else None
    response = client.open("/checkout/", method=method, data=data)
    assert response.status_code == 302
    assert response.headers["Location"] == "/cart/"
    page = client.get("/cart/").text
    assert "Your cart is empty: add something you like, then check out." in page
    assert "Where should we send it?" not in page


def test_an_empty_cart_cannot_be_ordered(client, shopper):
    client.post("/checkout/", data={"csrf_token": session_csrf_token(client), **HOME_FORM})
    response = client.get("/checkout/review", follow_redirects=True)
    assert "Your cart is empty" in response.text
    data = {"csrf_token": session_csrf_token(client), "checkout_token": "t" * 32, "total_cents": "0"}
    assert client.post("/checkout/place", data=data).status_code == 400
    assert order_count() == 0


def test_stock_gone_since_the_cart_was_filled_refuses_the_whole_order(client, shopper, make_product):
    plenty = make_product(name="Plenty Tee", stock=9)
    scarce = make_product(name="Scarce Bag", stock=2)
    add_to_cart(client, plenty.id, 1)
    add_to_cart(client, scarce.id, 2)
    client.post("/checkout/", data={"csrf_token": session_csrf_token(client), **HOME_FORM})
    form = review_form(client)
    scarce.sizes[0].stock = 1
    db.session.commit()
    response = client.post("/checkout/place", data=form)
    assert response.status_code == 409
    assert "only 1 of “Scarce Bag” left" in response.text
    assert order_count() == 0
    assert (fresh(plenty).units_in_stock, fresh(scarce).units_in_stock) == (9, 1)


def test_a_product_taken_off_sale_blocks_checkout_until_removed(client, shopper, make_product):
    product = make_product(name="Old Sandal")
    add_to_cart(client, product.id, 1)
    product.is_active = False
    db.session.commit()
    assert "“Old Sandal” is no longer sold" in client.get("/cart/").text
    client.post("/checkout/", data={"csrf_token": session_csrf_token(client), **HOME_FORM})
    assert "no longer sold" in client.get("/checkout/review", follow_redirects=True).text


def test_the_test_payment_confirms_the_order(client, shopper, make_product):
    add_to_cart(client, make_product().id, 1)
    pay_url = checkout_through_pages(client).headers["Location"]
    assert "Test payment" in client.get(pay_url).text
    response = client.post(pay_url, data={"csrf_token": session_csrf_token(client)}, follow_redirects=True)
    order = fresh(db.session.scalar(select(Order)))
    assert order.state is OrderStatus.PAID
    assert order.events[-1].actor_kind == "payment"
    assert "Your payment is confirmed" in response.text


def test_paying_twice_changes_nothing(client, shopper, make_product):
    add_to_cart(client, make_product().id, 1)
    pay_url = checkout_through_pages(client).headers["Location"]
    for _ in range(2):
        client.post(pay_url, data={"csrf_token": session_csrf_token(client)})
    order = fresh(db.session.scalar(select(Order)))
    assert [event.to_status for event in order.events] == ["pending_payment", "paid"]


def test_another_customers_order_cannot_be_seen_or_paid(client, auth, order_for, make_user):
    order = order_for()
    auth.login(make_user())
    assert client.get(f"/checkout/orders/{order.id}/pay").status_code == 404
    assert client.get(f"/checkout/orders/{order.id}/complete").status_code == 404
    pay = client.post(f"/checkout/orders/{order.id}/pay", data={"csrf_token": session_csrf_token(client)})
    assert pay.status_code == 404
    assert fresh(order).state is OrderStatus.PENDING_PAYMENT


def test_production_without_stripe_keys_takes_no_orders(client, app, shopper, make_product, monkeypatch):
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    product = make_product(stock=5)
    add_to_cart(client, product.id, 1)
    client.post("/checkout/", data={"csrf_token": session_csrf_token(client), **HOME_FORM})
    review = client.get("/checkout/review").text
    assert "cannot take payments yet" in review
    assert "Place order" not in review
    data = {"csrf_token": session_csrf_token(client), "checkout_token": "t" * 32, "total_cents": "1999"}
    response = client.post("/checkout/place", data=data)
    assert response.status_code == 400
    assert "cannot take payments yet" in response.text
    assert order_count() == 0
    assert fresh(product).units_in_stock == 5


def test_a_test_payment_order_cannot_be_paid_once_stripe_is_configured(order_for, request):
    order = order_for()
    request.getfixturevalue("stripe_standin")
    with pytest.raises(OrderError, match="Test payments are switched off"):
        payments.pay_with_test_payment(order)
    assert fresh(order).state is OrderStatus.PENDING_PAYMENT


@pytest.mark.parametrize(
    ("keys", "env_name", "method"),
    [(True, "development", PaymentMethod.STRIPE), (True, "production", PaymentMethod.STRIPE),
     (False, "development", PaymentMethod.TEST), (False, "production", None)],
)
def test_new_orders_are_paid_with_stripe_when_it_is_set_up_else_the_test_payment_outside_production(
    app, monkeypatch, keys, env_name, method
):
    monkeypatch.setitem(app.config, "ENV_NAME", env_name)
    for name in ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"):
        monkeypatch.setitem(app.config, name, "set" if keys else None)
    assert payments.method_for_new_orders() is method


def test_payment_methods_are_stored_as_they_always_were():
    assert [method.value for method in PaymentMethod] == ["stripe", "test"]  # changing one needs a migration
