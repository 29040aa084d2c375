"""Deal prices and coupons through the real cart, checkout and Stripe (the stand-in behind the real library)."""
import re

import pytest
from sqlalchemy import select

from tests.support.buying import HOME, add_to_cart, fresh, send_webhook, stripe_event
from tests.support.engagement import advance
from tests.support.web import session_csrf_token
from webapp.extensions import db
from webapp.models import Coupon, Order, OrderStatus
from webapp.services.buying import cart as carts
from webapp.services.buying import checkout, orders, payments
from webapp.services.buying.cart import AccountCart
from webapp.services.buying.orders import Actor
from webapp.services.pricing.promotions import load_live_deals
from webapp.services.shop_settings import current_settings

FIELD = re.compile(r'name="(checkout_token|total_cents|coupon_code)" value="([^"]*)"')


@pytest.fixture
def shopper(client, auth, customer):
    """Logged in, with a delivery address on the account (the address step needs a cart, which tests fill)."""
    auth.login(customer)
    checkout.save_address(customer.id, HOME)
    return customer


@pytest.fixture
def coat_on_deal(make_product, make_deal):
    """A €40.00 coat with 25% off: €30.00."""
    coat = make_product(name="Wool Coat", price_cents=4000, article_type="Jackets")
    make_deal("percent", 25, product=coat, name="Winter sale")
    return coat


def apply_coupon(client, code: str):
    return client.post("/checkout/coupon", data={"csrf_token": session_csrf_token(client), "coupon_code": code})


def place(client):
    """Post the review page's Place order form as a browser would (its hidden fields included)."""
    page = client.get("/checkout/review").text
    return client.post("/checkout/place", data={"csrf_token": session_csrf_token(client), **dict(FIELD.findall(page))})


def test_the_cart_and_the_review_show_the_deal_price(client, shopper, coat_on_deal):
    add_to_cart(client, coat_on_deal.id, 2)
    assert "€60.00" in client.get("/cart/").text
    review = client.get("/checkout/review").text
    assert "€30.00" in review
    assert 'id="review-total">€60.00' in review


def test_an_order_keeps_the_deal_price_it_charged(client, shopper, coat_on_deal):
    add_to_cart(client, coat_on_deal.id, 2)
    place(client)
    order = db.session.scalar(select(Order))
    assert [(line.unit_price_cents, line.quantity) for line in order.lines] == [(3000, 2)]
    assert (order.total_cents, order.discount_cents, order.coupon_code) == (6000, 0, None)


def test_a_coupon_on_the_review_page_lowers_the_total_and_is_recorded_on_the_order(
    client, shopper, coat_on_deal, make_coupon
):
    coupon = make_coupon("WELCOME5", kind="fixed", amount=500)
    add_to_cart(client, coat_on_deal.id, 2)
    apply_coupon(client, "welcome5")
    review = client.get("/checkout/review").text
    assert 'id="review-subtotal">€60.00' in review
    assert 'id="review-discount">−€5.00' in review
    assert 'id="review-total">€55.00' in review
    place(client)
    order = db.session.scalar(select(Order))
    assert (order.total_cents, order.discount_cents, order.coupon_code, order.coupon_id) == (5500, 500, "WELCOME5",
                                                                                            coupon.id)
    assert fresh(coupon).times_used == 1
    assert 'id="order-discount">−€5.00' in client.get(f"/account/orders/{order.id}").text


def test_an_unusable_coupon_is_refused_on_the_review_page_with_the_reason(client, shopper, coat_on_deal, make_coupon):
    make_coupon("OLD", when="expired")
    add_to_cart(client, coat_on_deal.id, 1)
    response = apply_coupon(client, "OLD")
    assert response.headers["Location"] == "/checkout/review"
    page = client.get("/checkout/review").text
    assert "The coupon OLD has expired." in page
    assert 'name="coupon_code"' not in page.split('action="/checkout/place"')[1]


def test_a_coupon_used_up_between_review_and_order_is_refused_and_takes_nothing(
    client, shopper, coat_on_deal, make_coupon
):
    coupon = make_coupon("LAST1", usage_limit=1)
    add_to_cart(client, coat_on_deal.id, 1)
    apply_coupon(client, "LAST1")
    page = client.get("/checkout/review").text
    coupon.times_used = 1  # someone else's order took the last use meanwhile
    db.session.commit()
    form = {"csrf_token": session_csrf_token(client), **dict(FIELD.findall(page))}
    response = client.post("/checkout/place", data=form)
    assert response.status_code == 400
    assert "The coupon LAST1 has been used up." in response.text
    assert db.session.scalar(select(Order)) is None
    assert fresh(coupon).times_used == 1


def test_stripe_gets_the_deal_price_in_line_items_and_the_coupon_as_a_discount(
    client, shopper, coat_on_deal, make_coupon, stripe_standin
):
    make_coupon("WELCOME5", kind="fixed", amount=500)
    add_to_cart(client, coat_on_deal.id, 2)
    apply_coupon(client, "WELCOME5")
    response = place(client)
    order = db.session.scalar(select(Order))
    (coupon_call,) = stripe_standin.posts_to("/v1/coupons")
    (session_call,) = stripe_standin.posts_to("/v1/checkout/sessions")
    assert response.status_code == 303
    assert session_call.form["line_items[0][price_data][unit_amount]"] == "3000"
    assert session_call.form["line_items[0][quantity]"] == "2"
    assert (coupon_call.form["amount_off"], coupon_call.form["currency"], coupon_call.form["duration"]) == (
        "500", "eur", "once")
    assert coupon_call.headers["Idempotency-Key"] == f"coupon-order-{order.id}"
    assert session_call.form["discounts[0][coupon]"] in stripe_standin.coupons
    assert stripe_standin.sessions[order.stripe_session_id]["amount_total"] == order.total_cents == 5500


def test_the_webhook_confirms_a_discounted_order_because_the_amounts_match(
    client, shopper, coat_on_deal, make_coupon, stripe_standin
):
    make_coupon("WELCOME5", kind="fixed", amount=500)
    add_to_cart(client, coat_on_deal.id, 1)
    apply_coupon(client, "WELCOME5")
    place(client)
    order = db.session.scalar(select(Order))
    response = send_webhook(client, stripe_event("checkout.session.completed",
                                                 stripe_standin.pay(order.stripe_session_id)))
    assert response.status_code == 200
    assert fresh(order).state is OrderStatus.PAID


def test_an_order_without_a_coupon_sends_stripe_no_discount(client, shopper, coat_on_deal, stripe_standin):
    add_to_cart(client, coat_on_deal.id, 1)
    place(client)
    assert stripe_standin.posts_to("/v1/coupons") == []
    assert "discounts[0][coupon]" not in stripe_standin.posts_to("/v1/checkout/sessions")[0].form


def _order_with_coupon(customer, product, coupon_code):
    checkout.save_address(customer.id, HOME)
    carts.add(AccountCart(customer.id), product.id, 1)
    deals = load_live_deals()
    shipping = current_settings().shipping_rate
    totals = checkout.totals(carts.load(AccountCart(customer.id), deals), shipping, coupon_code)
    return checkout.place_order(
        customer, checkout.new_checkout_token(), totals.total_cents, deals, coupon_code, shipping=shipping
    )


@pytest.mark.parametrize(
    ("moves", "uses_after"),
    [
        pytest.param([], 1, id="placed: the use is taken"),
        pytest.param([OrderStatus.CANCELLED], 0, id="cancelled unpaid: the use comes back"),
        pytest.param(["pay", OrderStatus.CANCELLED], 1, id="cancelled after payment: the use stays"),
        pytest.param(["pay", OrderStatus.REFUNDED], 1, id="refunded: the use stays"),
    ],
)
def test_a_coupon_use_comes_back_only_when_the_order_is_cancelled_unpaid(
    customer, make_product, make_coupon, moves, uses_after
):
    coupon = make_coupon("ONCE", usage_limit=1)
    order = _order_with_coupon(customer, make_product(price_cents=3000), "ONCE")
    for move in moves:
        if move == "pay":
            payments.pay_with_test_payment(order)
        else:
            advance(order, move)
    assert db.session.get(Coupon, coupon.id).times_used == uses_after


def test_an_unpaid_stripe_order_that_expires_gives_its_coupon_use_back(
    client, customer, make_product, make_coupon, stripe_standin
):
    coupon = make_coupon("ONCE", usage_limit=1)
    order = _order_with_coupon(customer, make_product(price_cents=3000), "ONCE")
    payments.stripe_checkout_url(order, "https://shop.test/done", "https://shop.test/cancelled")
    session = stripe_standin.sessions[order.stripe_session_id]
    send_webhook(client, stripe_event("checkout.session.expired", {**session, "status": "expired"}))
    assert fresh(order).state is OrderStatus.CANCELLED
    assert fresh(coupon).times_used == 0


def test_the_customer_cancelling_an_unpaid_order_frees_the_coupon_for_the_next_order(
    customer, make_product, make_coupon
):
    make_coupon("ONCE", usage_limit=1)
    first = _order_with_coupon(customer, make_product(price_cents=3000), "ONCE")
    orders.change_status(first, OrderStatus.CANCELLED, Actor.of(customer))
    second = _order_with_coupon(customer, make_product(price_cents=3000), "ONCE")
    assert (second.coupon_code, second.discount_cents) == ("ONCE", 1000)
