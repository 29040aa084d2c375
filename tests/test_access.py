"""Role checks, proven over the whole URL map so a new route cannot forget them."""
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from flask import Flask

from config import TestingConfig
from tests.support.web import session_csrf_token
from webapp import create_app
from webapp.extensions import db
from webapp.models import Feedback, Review

SAMPLE_ARGUMENTS = {"int": "1", "string": "x", "default": "x", "path": "x"}
ARGUMENT = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
URL_MAP_APP = create_app(TestingConfig)


def _rules_under(prefix: str) -> list[tuple[str, str]]:
    """(method, rule) for every route under `prefix`."""
    return [(method, rule.rule) for rule in URL_MAP_APP.url_map.iter_rules() if rule.rule.startswith(prefix)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]


def _urls_under(prefix: str) -> list[tuple[str, str]]:
    """(method, url) for every route under `prefix`, its arguments filled with samples (the row need not exist)."""
    return [(method, ARGUMENT.sub(lambda m: SAMPLE_ARGUMENTS[m.group(1) or "default"], rule))
            for method, rule in _rules_under(prefix)]


ADMIN_URLS = _urls_under("/admin")
ACCOUNT_URLS = _urls_under("/account")
CHECKOUT_URLS = _urls_under("/checkout")


def _request(client, method: str, url: str):
    # A valid CSRF token, so that what refuses the request is the role check and nothing else.
    data = {"csrf_token": session_csrf_token(client)} if method != "GET" else None
    return client.open(url, method=method, data=data)


def test_the_url_map_has_admin_and_account_routes():
    assert len(ADMIN_URLS) >= 3
    assert len(ACCOUNT_URLS) >= 2


@pytest.mark.parametrize(("method", "url"), ADMIN_URLS)
def test_every_admin_url_sends_guests_to_login(client, method, url):
    response = _request(client, method, url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")


@pytest.mark.parametrize(("method", "url"), ADMIN_URLS)
def test_every_admin_url_refuses_customers(client, auth, customer, method, url):
    auth.login(customer)
    assert _request(client, method, url).status_code == 403


@pytest.mark.parametrize(("method", "url"), ACCOUNT_URLS + CHECKOUT_URLS)
def test_every_account_and_checkout_url_sends_guests_to_login(client, method, url):
    response = _request(client, method, url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")


# --- Admins reach every admin page, detail and edit pages included, on real rows ---------------------

@dataclass
class Rows:
    """One row of each kind an admin URL names, made for the test (ids)."""

    product: int
    size: int
    customer: int
    order: int  # paid, so every action button is offered
    deal: int
    coupon: int
    review: int
    feedback: int


# The value of every argument of every admin route, from the rows above. A new admin route with an
# argument needs an entry here: test_every_admin_route_with_arguments_has_its_values_here fails until then.
ADMIN_ARGUMENTS: dict[str, Callable[[Rows], dict[str, object]]] = {
    "/admin/coupons/<int:coupon_id>": lambda rows: {"coupon_id": rows.coupon},
    "/admin/coupons/<int:coupon_id>/end": lambda rows: {"coupon_id": rows.coupon},
    "/admin/customers/<int:user_id>": lambda rows: {"user_id": rows.customer},
    "/admin/deals/<int:deal_id>": lambda rows: {"deal_id": rows.deal},
    "/admin/deals/<int:deal_id>/end": lambda rows: {"deal_id": rows.deal},
    "/admin/feedback/<int:feedback_id>/<action>": lambda rows: {"feedback_id": rows.feedback, "action": "file"},
    "/admin/feedback/<int:feedback_id>/reply": lambda rows: {"feedback_id": rows.feedback},
    "/admin/orders/<int:order_id>": lambda rows: {"order_id": rows.order},
    "/admin/orders/<int:order_id>/<action>": lambda rows: {"order_id": rows.order, "action": "ship"},
    "/admin/orders/<int:order_id>/<action>/confirm": lambda rows: {"order_id": rows.order, "action": "refund"},
    "/admin/products/<int:product_id>/active": lambda rows: {"product_id": rows.product},
    "/admin/products/<int:product_id>/edit": lambda rows: {"product_id": rows.product},
    "/admin/products/<int:product_id>/pictures": lambda rows: {"product_id": rows.product},
    "/admin/products/<int:product_id>/pictures/<change>": lambda rows: {"product_id": rows.product, "change": "main"},
    "/admin/products/<int:product_id>/sizes": lambda rows: {"product_id": rows.product},
    "/admin/products/<int:product_id>/sizes/<int:size_id>/remove": lambda rows: {"product_id": rows.product,
                                                                                "size_id": rows.size},
    "/admin/products/<int:product_id>/sizes/<int:size_id>/stock": lambda rows: {"product_id": rows.product,
                                                                               "size_id": rows.size},
    "/admin/reports/export/<name>.csv": lambda rows: {"name": "orders"},
    "/admin/reviews/<int:review_id>/<action>": lambda rows: {"review_id": rows.review, "action": "hide"},
    "/admin/reviews/<int:review_id>/reply": lambda rows: {"review_id": rows.review},
    "/admin/sales/<int:product_id>": lambda rows: {"product_id": rows.product},
}
ADMIN_RULES = _rules_under("/admin")
ADMIN_PAGES = [rule for method, rule in ADMIN_RULES if method == "GET"]
ADMIN_ACTIONS = [(method, rule) for method, rule in ADMIN_RULES if method != "GET" and ARGUMENT.search(rule)]


@pytest.fixture
def rows(make_product, make_user, order_for, make_deal, make_coupon, bought) -> Rows:
    product = make_product(name="Walked Tee")
    shopper = make_user(name="Walked Customer")
    order = order_for(paid=True, user=shopper)
    reviewed = make_product(name="Reviewed Jacket")
    bought(reviewed, user=shopper)
    review = Review(product_id=reviewed.id, user_id=shopper.id, rating=4, body="Fits well.")
    message = Feedback(user_id=shopper.id, email=shopper.email, subject="Sizes", message="A size guide, please.")
    db.session.add_all([review, message])
    db.session.commit()
    return Rows(product=product.id, size=product.sizes[0].id, customer=shopper.id, order=order.id, deal=make_deal().id,
                coupon=make_coupon().id, review=review.id, feedback=message.id)


def url_for_rule(rule: str, rows: Rows) -> str:
    if not ARGUMENT.search(rule):
        return rule
    values = ADMIN_ARGUMENTS[rule](rows)
    return ARGUMENT.sub(lambda m: str(values[m.group(2)]), rule)


def test_every_admin_route_with_arguments_has_its_values_here():
    missing = sorted({rule for _method, rule in ADMIN_RULES if ARGUMENT.search(rule)} - set(ADMIN_ARGUMENTS))
    assert missing == [], f"add these admin routes to ADMIN_ARGUMENTS in {__file__}"


@pytest.mark.parametrize("rule", ADMIN_PAGES)
def test_admins_reach_every_admin_page(client, auth, admin, rows, rule):
    if ARGUMENT.search(rule) and rule not in ADMIN_ARGUMENTS:
        pytest.fail(f"{rule} has no entry in ADMIN_ARGUMENTS, so no real row to show")
    auth.login(admin)
    url = url_for_rule(rule, rows)
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)


@pytest.mark.parametrize(("method", "rule"), ADMIN_ACTIONS)
def test_admins_reach_every_admin_action_on_a_real_row(client, auth, admin, rows, method, rule):
    if rule not in ADMIN_ARGUMENTS:
        pytest.fail(f"{rule} has no entry in ADMIN_ARGUMENTS, so no real row to act on")
    auth.login(admin)
    url = url_for_rule(rule, rows)
    response = _request(client, method, url)
    # Refused by role, missing row or broken: none of these. (An empty form may well be a 400 or a 409.)
    assert response.status_code not in (401, 403, 404, 405), (url, response.status_code)
    assert response.status_code < 500, (url, response.status_code)
    assert not response.headers.get("Location", "").startswith("/auth/login"), url


def test_a_forbidden_page_is_a_friendly_403(client, auth, customer):
    auth.login(customer)
    response = client.get("/admin/")
    assert "for shop administrators" in response.text
    assert "Traceback" not in response.text


def test_admin_pages_are_not_in_the_shop_for_guests(app: Flask, client):
    assert "Admin" not in client.get("/").text.split("<main")[0]
