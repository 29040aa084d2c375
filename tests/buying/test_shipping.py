"""Shipping: a flat fee per order, free from a threshold; in the cart, the review, the order, Stripe and the mail."""
import pytest
from sqlalchemy import select

from tests.support.buying import (
    HOME,
    add_to_cart,
    checkout_through_pages,
    fresh,
    place_order,
    review_form,
    send_webhook,
    stripe_event,
)
from tests.support.web import session_csrf_token
from webapp.extensions import db
from webapp.models import Coupon, Order, OrderStatus, OutboxMail
from webapp.models._base import utcnow
from webapp.services import shop_settings
from webapp.services.buying import checkout, payments
from webapp.services.pricing.rule import ShippingRate, shipping_cents
from webapp.services.reports import figures
from webapp.services.reports.date_ranges import DateRange

FEE, FREE_FROM = 495, 5000


@pytest.fixture
def charged(app):
    """The shop charges €4.95 a parcel, nothing from €50.00 of goods."""
    shop_settings.save_settings(shop_settings.Settings(FEE, FREE_FROM, "Delivered in 2 days.", "Return in 30 days."))


@pytest.fixture
def shopper(client, auth, customer, charged):
    """Logged in, with a delivery address on the account (the address step needs a cart, which tests fill)."""
    auth.login(customer)
    checkout.save_address(customer.id, HOME)
    return customer


@pytest.mark.parametrize(
    ("goods", "rate", "charge"),
    [
        (2000, ShippingRate(495, 5000), 495),
        (4999, ShippingRate(495, 5000), 495),
        (5000, ShippingRate(495, 5000), 0),  # the threshold itself ships free
        (12000, ShippingRate(495, 5000), 0),
        (12000, ShippingRate(495, None), 495),  # no threshold: never free
        (0, ShippingRate(495, 5000), 495),  # goods made free by a coupon still travel
        (2000, ShippingRate(0, None), 0),
    ],
)
def test_the_shipping_charge_is_the_fee_until_the_goods_reach_the_threshold(goods, rate, charge):
    assert shipping_cents(goods, rate) == charge


@pytest.mark.parametrize(
    ("price", "quantity", "shipping", "total"),
    [(2000, 1, "€4.95", "€24.95"), (2500, 2, "Free", "€50.00")],
)
def test_the_cart_shows_shipping_and_the_total_with_it(client, charged, make_product, price, quantity, shipping, total):
    add_to_cart(client, make_product(price_cents=price).id, quantity)
    page = client.get("/cart/").text
    assert f'id="cart-shipping">{shipping}<' in page
    assert f'id="cart-total">{total}<' in page


def test_the_review_and_the_order_charge_shipping(client, shopper, make_product):
    add_to_cart(client, make_product(price_cents=2000).id, 1)
    review = client.get("/checkout/review").text
    assert 'id="review-shipping">€4.95<' in review and 'id="review-total">€24.95<' in review
    assert review_form(client)["total_cents"] == "2495"
    checkout_through_pages(client)
    order = db.session.scalar(select(Order))
    assert (order.subtotal_cents, order.shipping_cents, order.total_cents) == (2000, 495, 2495)


def test_a_coupon_that_takes_the_goods_under_the_threshold_brings_the_fee_back(client, shopper, make_product):
    now = utcnow()
    db.session.add(Coupon(code="TENOFF", kind="fixed", amount=1000, usage_limit=5, times_used=0,
                          starts_at=now.replace(year=now.year - 1), ends_at=now.replace(year=now.year + 1)))
    db.session.commit()
    add_to_cart(client, make_product(price_cents=5500).id, 1)
    client.post("/checkout/coupon", data={"csrf_token": session_csrf_token(client), "coupon_code": "TENOFF"})
    form = review_form(client)
    client.post("/checkout/place", data={**form, "coupon_code": "TENOFF"})
    order = db.session.scalar(select(Order))
    assert (order.subtotal_cents, order.discount_cents, order.shipping_cents, order.total_cents) == (
        5500, 1000, 495, 4995)


def test_an_order_keeps_the_charge_it_was_placed_with(customer, charged, make_product):
    order = place_order(customer, (make_product(price_cents=2000), 1))
    shop_settings.save_settings(shop_settings.Settings(900, None, "Soon.", "Never."))
    assert (fresh(order).shipping_cents, fresh(order).total_cents) == (495, 2495)


def test_the_order_page_and_the_mail_show_shipping(client, auth, customer, charged, make_product):
    order = place_order(customer, (make_product(price_cents=2000), 1))
    payments.pay_with_test_payment(order)
    auth.login(customer)
    assert 'id="order-shipping">€4.95<' in client.get(f"/account/orders/{order.id}").text
    (confirmation,) = db.session.scalars(select(OutboxMail.body))
    assert "Shipping: €4.95\n  Total: €24.95" in confirmation


def test_stripe_gets_shipping_as_a_shipping_line_so_its_total_is_the_orders(
    client, shopper, make_product, stripe_standin
):
    add_to_cart(client, make_product(price_cents=2000).id, 2)
    checkout_through_pages(client)
    order = db.session.scalar(select(Order))
    (created,) = stripe_standin.posts_to("/v1/checkout/sessions")
    rate = "shipping_options[0][shipping_rate_data]"
    assert (created.form[f"{rate}[type]"], created.form[f"{rate}[fixed_amount][amount]"],
            created.form[f"{rate}[fixed_amount][currency]"], created.form[f"{rate}[display_name]"]) == (
        "fixed_amount", "495", "eur", "Delivery")
    assert stripe_standin.sessions[order.stripe_session_id]["amount_total"] == order.total_cents == 4495
    send_webhook(client, stripe_event("checkout.session.completed", stripe_standin.pay(order.stripe_session_id)))
    assert fresh(order).state is OrderStatus.PAID


def test_revenue_counts_shipping_and_product_revenue_does_not(customer, charged, make_product):
    order = place_order(customer, (make_product(price_cents=2000), 1))
    payments.pay_with_test_payment(order)
    today = DateRange.last(1)
    assert figures.order_report(today).revenue_cents == 2495
    assert figures.product_sales_page(today, "revenue", True, 1, 50)[1].revenue_cents == 2000
