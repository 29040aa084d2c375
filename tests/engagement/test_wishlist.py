"""The wishlist: customers save products with the heart (a CSRF-protected POST), see them under
/account/saved; guests are asked to log in; admins have none."""
import re

import pytest

from tests.support.web import session_csrf_token

SAVED_NAMES = re.compile(r"<h3>([^<]+)</h3>")


@pytest.fixture
def shopper(client, auth, customer):
    auth.login(customer)
    return client


def save(client, product, saved="1", **kwargs):
    return client.post(f"/account/saved/{product.id}",
                       data={"csrf_token": session_csrf_token(client), "saved": saved}, **kwargs)


def test_a_saved_product_is_listed_on_the_saved_page(shopper, make_product):
    dress = make_product(name="Wrap Dress")
    make_product(name="Plain Tee")
    assert save(shopper, dress).status_code == 302
    assert SAVED_NAMES.findall(shopper.get("/account/saved").text) == ["Wrap Dress"]


def test_saving_twice_keeps_one_and_unsaving_removes_it(shopper, make_product):
    dress = make_product(name="Wrap Dress")
    save(shopper, dress)
    save(shopper, dress)
    assert SAVED_NAMES.findall(shopper.get("/account/saved").text) == ["Wrap Dress"]
    save(shopper, dress, saved="0")
    assert 'id="no-saved"' in shopper.get("/account/saved").text


def test_the_heart_answers_json_to_the_script(shopper, make_product):
    dress = make_product(name="Wrap Dress")
    response = save(shopper, dress, headers={"Accept": "application/json"})
    assert response.get_json() == {"saved": True, "product_id": dress.id}


def test_a_saved_product_shows_a_pressed_heart(shopper, make_product):
    dress = make_product(name="Wrap Dress")
    save(shopper, dress)
    html = shopper.get(f"/products/{dress.id}").text
    assert re.search(r'aria-pressed="true"\s+aria-label="Save Wrap Dress"', html)


def test_saving_without_a_csrf_token_is_refused(shopper, make_product):
    dress = make_product(name="Wrap Dress")
    assert shopper.post(f"/account/saved/{dress.id}", data={"saved": "1"}).status_code == 400
    assert 'id="no-saved"' in shopper.get("/account/saved").text


def test_a_product_no_longer_on_sale_cannot_be_saved(shopper, make_product):
    gone = make_product(name="Old Coat", is_active=False)
    assert save(shopper, gone).status_code == 404


def test_a_guest_is_asked_to_log_in(client, make_product):
    dress = make_product(name="Wrap Dress")
    html = client.get("/products").text
    assert re.search(rf'href="/auth/login\?next=/products"\s+aria-label="Save {dress.name} after logging in"', html)
    response = client.get("/account/saved")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_admins_get_no_heart(admin_client, make_product):
    make_product(name="Wrap Dress")
    assert "save-toggle" not in admin_client.get("/products").text
