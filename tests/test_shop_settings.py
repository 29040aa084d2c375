"""The shop's settings: config's defaults until an admin saves them, one admin page, shown where shoppers decide."""
import re

import pytest
from sqlalchemy import func, select

from tests.support.buying import add_to_cart
from tests.support.web import post_form
from webapp.extensions import db
from webapp.models import ShopSettings
from webapp.services import shop_settings
from webapp.services.shop_settings import Settings

VALID = {"shipping_fee": "4.95", "free_shipping_from": "50", "delivery_estimate": "Delivered in 1 to 3 working days.",
         "returns_policy": "Send it back within 14 days.\nWe pay the postage."}


@pytest.fixture
def as_admin(client, auth, admin):
    auth.login(admin)
    return client


def test_before_any_admin_saves_them_the_settings_are_configs(app, monkeypatch):
    monkeypatch.setitem(app.config, "SHIPPING_FEE_CENTS", 395)
    monkeypatch.setitem(app.config, "FREE_SHIPPING_FROM_CENTS", 4000)
    assert shop_settings.current_settings() == Settings(
        395, 4000, app.config["DELIVERY_ESTIMATE"], app.config["RETURNS_POLICY"])


def test_the_settings_page_starts_from_what_is_in_force(as_admin, app):
    page = as_admin.get("/admin/settings").text
    assert re.search(r'<input [^>]*id="shipping_fee"[^>]* value="0.00"', page)
    assert app.config["RETURNS_POLICY"] in page


def test_an_admin_saves_the_settings_and_they_are_in_force(as_admin):
    response = post_form(as_admin, "/admin/settings", VALID)
    assert response.status_code == 302
    assert shop_settings.current_settings() == Settings(
        495, 5000, "Delivered in 1 to 3 working days.", "Send it back within 14 days.\nWe pay the postage.")


def test_an_empty_threshold_means_shipping_is_never_free(as_admin):
    post_form(as_admin, "/admin/settings", {**VALID, "free_shipping_from": ""})
    assert shop_settings.current_settings().free_shipping_from_cents is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("shipping_fee", "-1", "Number must be between"),
        ("shipping_fee", "1000.01", "Number must be between"),
        ("shipping_fee", "abc", "Not a valid decimal"),
        ("shipping_fee", "sNaN", "Enter an amount such as 4.95."),
        ("shipping_fee", "NaN", "Enter an amount such as 4.95."),
        ("shipping_fee", "", "This field is required"),
        ("free_shipping_from", "-5", "Number must be between"),
        ("free_shipping_from", "Infinity", "Enter an amount such as 4.95."),
        ("delivery_estimate", "", "This field is required"),
        ("delivery_estimate", "x" * 201, "Field cannot be longer than 200 characters"),
        ("returns_policy", "   ", "This field is required"),
    ],
)
def test_bad_settings_are_refused_with_the_reason_and_nothing_is_saved(as_admin, field, value, message):
    response = post_form(as_admin, "/admin/settings", {**VALID, field: value})
    assert response.status_code == 400
    assert message in response.text
    assert db.session.scalar(select(func.count()).select_from(ShopSettings)) == 0


def test_saving_twice_keeps_one_row(as_admin):
    post_form(as_admin, "/admin/settings", VALID)
    post_form(as_admin, "/admin/settings", {**VALID, "shipping_fee": "3.00"})
    assert db.session.scalar(select(func.count()).select_from(ShopSettings)) == 1
    assert shop_settings.current_settings().shipping_fee_cents == 300


@pytest.mark.parametrize("page", ["product", "cart"])
def test_the_product_page_and_the_cart_tell_delivery_and_returns_from_the_settings(client, make_product, page):
    shop_settings.save_settings(Settings(495, 5000, "Delivered in 1 to 3 working days.", "Send it back in 14 days."))
    product = make_product()
    add_to_cart(client, product.id, 1)
    html = client.get(f"/products/{product.id}" if page == "product" else "/cart/").text
    terms = html.split('id="delivery-returns"', 1)[1].split("</section>", 1)[0]
    assert "Delivered in 1 to 3 working days. Shipping €4.95, free on orders from €50.00." in terms
    assert "Send it back in 14 days." in terms


@pytest.mark.parametrize(
    ("fee", "free_from", "sentence"),
    [(495, 5000, "Shipping €4.95, free on orders from €50.00."), (495, None, "Shipping €4.95 per order."),
     (0, None, "Free shipping on every order.")],
)
def test_the_shipping_terms_say_what_the_settings_charge(client, make_product, fee, free_from, sentence):
    shop_settings.save_settings(Settings(fee, free_from, "Soon.", "Gladly."))
    assert sentence in client.get(f"/products/{make_product().id}").text
