"""The cart: add, change, remove, stock limits, guests' carts joining the account, the header badge."""
import pytest
from sqlalchemy import event

from tests.support.buying import add_to_cart
from tests.support.web import session_csrf_token
from webapp.badges import header_badges
from webapp.extensions import db
from webapp.services.buying.cart import MAX_LINE_QUANTITY, AccountCart


def cart_page(client):
    return client.get("/cart/").text


def test_a_guest_adds_a_product_and_sees_it_in_the_cart(client, make_product):
    product = make_product(name="Linen Shirt", price_cents=2999)
    response = add_to_cart(client, product.id, 2, follow_redirects=True)
    assert response.request.path == "/cart/"
    assert "Added 2 × “Linen Shirt” to your cart" in response.text
    assert "€59.98" in response.text


def test_adding_the_same_product_again_adds_up(client, make_product):
    product = make_product(price_cents=1000)
    add_to_cart(client, product.id, 1)
    add_to_cart(client, product.id, 2)
    assert 'value="3"' in cart_page(client)
    assert "€30.00" in cart_page(client)


def test_changing_the_quantity_updates_the_line(client, make_product):
    product = make_product(price_cents=1000)
    add_to_cart(client, product.id, 1)
    client.post(f"/cart/items/{product.sizes[0].id}", data={"csrf_token": session_csrf_token(client), "quantity": "4"})
    assert "€40.00" in cart_page(client)


def test_removing_the_only_line_empties_the_cart(client, make_product):
    product = make_product()
    add_to_cart(client, product.id, 1)
    client.post(f"/cart/items/{product.sizes[0].id}/remove", data={"csrf_token": session_csrf_token(client)})
    assert "Your cart is empty" in cart_page(client)


def test_more_than_the_stock_is_refused_and_says_how_many_are_left(client, make_product):
    product = make_product(name="Last Dress", stock=3)
    add_to_cart(client, product.id, 2)
    response = add_to_cart(client, product.id, 2)
    assert response.status_code == 400
    assert "Only 3 of “Last Dress” in stock. Your cart already has 2." in response.text
    assert 'value="2"' in response.text


def test_a_sold_out_product_cannot_be_added(client, make_product):
    product = make_product(name="Gone Cap", stock=0)
    response = add_to_cart(client, product.id, 1)
    assert response.status_code == 400
    assert "“Gone Cap” is sold out" in response.text


@pytest.mark.parametrize(
    ("quantity", "message"),
    [
        ("0", "at least 1"),
        ("-1", "at least 1"),
        ("-5", "at least 1"),
        (str(MAX_LINE_QUANTITY + 1), f"at most {MAX_LINE_QUANTITY}"),
        ("1000000", f"at most {MAX_LINE_QUANTITY}"),
        ("9" * 500, f"at most {MAX_LINE_QUANTITY}"),
        ("abc", "whole number"),
        ("1.5", "whole number"),
        ("", "whole number"),
        ("1e3", "whole number"),
    ],
)
def test_a_bad_quantity_is_refused_with_a_clear_message(client, make_product, quantity, message):
    product = make_product(stock=50)
    response = add_to_cart(client, product.id, quantity)
    assert response.status_code == 400
    assert message in response.text
    assert "Traceback" not in response.text
    assert "Your cart is empty" in cart_page(client)


@pytest.mark.parametrize("quantity", ["0", "-3", "abc", "500"])
def test_a_bad_quantity_change_leaves_the_line_as_it_was(client, make_product, quantity):
    product = make_product(stock=50)
    add_to_cart(client, product.id, 2)
    data = {"csrf_token": session_csrf_token(client), "quantity": quantity}
    response = client.post(f"/cart/items/{product.sizes[0].id}", data=data)
    assert response.status_code == 400
    assert 'value="2"' in response.text


@pytest.mark.parametrize("kind", ["missing", "not a number", "inactive", "huge id"])
def test_a_product_that_is_not_for_sale_cannot_be_added(client, make_product, kind):
    product = make_product(is_active=False)
    ids = {"missing": product.id + 1000, "not a number": "abc", "inactive": product.id, "huge id": "9" * 40}
    product_id = ids[kind]
    response = add_to_cart(client, product_id, 1)
    assert response.status_code == 404
    assert "could not find that product" in response.text
    assert "Your cart is empty" in response.text


def test_a_price_field_sent_with_the_form_is_ignored(client, make_product):
    product = make_product(price_cents=4999)
    client.post(
        "/cart/add",
        data={"csrf_token": session_csrf_token(client), "product_id": product.id, "quantity": 1,
              "price_cents": "1", "unit_price_cents": "1", "price": "0.01"},
    )
    assert "€49.99" in cart_page(client)
    assert "€0.01" not in cart_page(client)


def test_the_cart_always_shows_the_current_price(client, make_product):
    product = make_product(price_cents=1000)
    add_to_cart(client, product.id, 1)
    product.price_cents = 1500
    db.session.commit()
    assert "€15.00" in cart_page(client)


def test_adding_to_the_cart_needs_a_csrf_token(client, make_product):
    product = make_product()
    response = client.post("/cart/add", data={"product_id": product.id, "quantity": 1})
    assert response.status_code == 400
    assert "form expired" in response.text


def test_a_guest_cart_joins_the_account_cart_at_login(client, auth, customer, make_product):
    shirt, jeans = make_product(name="Shirt", stock=10), make_product(name="Jeans", stock=10)
    AccountCart(customer.id).put(shirt.sizes[0].id, 1)
    db.session.commit()
    add_to_cart(client, shirt.id, 2)
    add_to_cart(client, jeans.id, 1)
    auth.login(customer)
    assert AccountCart(customer.id).quantities() == {shirt.sizes[0].id: 3, jeans.sizes[0].id: 1}
    assert 'id="cart-count">4<' in client.get("/").text


def test_joining_carts_stays_within_stock_and_says_so(client, auth, customer, make_product):
    scarf = make_product(name="Silk Scarf", stock=3)
    AccountCart(customer.id).put(scarf.sizes[0].id, 2)
    db.session.commit()
    add_to_cart(client, scarf.id, 3)
    response = auth.login(customer, follow_redirects=True)
    assert AccountCart(customer.id).quantities() == {scarf.sizes[0].id: 3}
    assert "Your cart now has 3 of “Silk Scarf”" in response.text


def test_the_header_badge_counts_the_items_in_the_cart(client, auth, customer, make_product):
    product = make_product()
    assert 'id="cart-count">0<' in client.get("/").text
    auth.login(customer)
    add_to_cart(client, product.id, 3)
    assert 'id="cart-count">3<' in client.get("/").text


def test_the_product_page_offers_add_to_cart_only_when_in_stock(client, make_product):
    available, sold_out = make_product(stock=4), make_product(stock=0)
    page = client.get(f"/products/{available.id}").text
    assert 'action="/cart/add"' in page
    assert 'max="4"' in page
    assert 'action="/cart/add"' not in client.get(f"/products/{sold_out.id}").text


def test_the_header_badges_cost_one_query_for_a_customer(app, customer, make_product):
    AccountCart(customer.id).put(make_product().sizes[0].id, 2)
    db.session.commit()
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    with app.test_request_context():
        from webapp.auth.sessions import log_in

        log_in(customer)
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            badges = header_badges()
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
    assert (badges.cart_items, badges.unread_notifications) == (2, 0)
    assert len(statements) == 1
