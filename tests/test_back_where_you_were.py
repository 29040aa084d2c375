"""After logging in or registering the visitor is back where they were (`next`), never on another site."""
import pytest

from tests.support.buying import add_to_cart
from tests.support.web import PASSWORD, post_form

NEW = {"name": "New Customer", "email": "new@shop.example.com", "password": PASSWORD, "confirm": PASSWORD}


def test_the_headers_login_and_register_links_come_back_to_the_page_shown(client):
    page = client.get("/cart/").text
    assert 'href="/auth/login?next=/cart/"' in page
    assert 'href="/auth/register?next=/cart/"' in page


def test_the_headers_links_keep_the_pages_query(client):
    page = client.get("/products?gender=Women").text
    assert 'href="/auth/register?next=/products?gender%3DWomen"' in page


def test_registering_from_the_cart_comes_back_to_the_cart_with_its_items(client, make_product):
    add_to_cart(client, make_product(name="Kept Tee").id, 2)
    response = post_form(client, "/auth/register?next=/cart/", NEW, follow_redirects=True)
    assert response.request.path == "/cart/"
    assert "Kept Tee" in response.text
    assert "Subtotal (2 items)" in response.text


def test_a_guest_at_checkout_registers_and_comes_back_to_checkout(client, make_product):
    add_to_cart(client, make_product().id, 1)
    to_login = client.get("/checkout/")
    assert to_login.headers["Location"] == "/auth/login?next=%2Fcheckout%2F"
    login_page = client.get(to_login.headers["Location"]).text
    assert 'href="/auth/register?next=/checkout/"' in login_page
    response = post_form(client, "/auth/register?next=/checkout/", NEW)
    assert response.headers["Location"] == "/checkout/"


def test_a_refused_registration_keeps_where_to_come_back_to(client):
    page = post_form(client, "/auth/register?next=/cart/", {**NEW, "confirm": "something-else-1"}).text
    assert "The passwords do not match." in page
    assert 'href="/auth/login?next=/cart/"' in page  # and the form posts to this same URL, next included


@pytest.mark.parametrize(
    "target",
    ["https://evil.example.com/", "//evil.example.com", "/\\evil.example.com", "javascript:alert(1)", "cart"],
)
def test_registering_ignores_a_next_url_off_this_site(client, target):
    response = post_form(client, f"/auth/register?next={target}", NEW)
    assert response.headers["Location"] == "/account/"


def test_without_next_a_new_customer_lands_on_the_dashboard(client):
    assert post_form(client, "/auth/register", NEW).headers["Location"] == "/account/"


def test_a_logged_in_visitor_sent_to_register_goes_on_to_next(client, auth, customer):
    auth.login(customer)
    assert client.get("/auth/register?next=/cart/").headers["Location"] == "/cart/"


def test_from_the_home_page_the_login_link_leads_on_to_the_dashboard(client):
    page = client.get("/").text
    assert 'href="/auth/login"' in page
    assert 'href="/auth/register"' in page
