"""Role checks, proven over the whole URL map so a new route cannot forget them."""
import re

import pytest
from flask import Flask

from config import TestingConfig
from tests.support.web import session_csrf_token
from webapp import create_app

SAMPLE_ARGUMENTS = {"int": "1", "string": "x", "default": "x", "path": "x"}


def _urls_under(prefix: str) -> list[tuple[str, str]]:
    app = create_app(TestingConfig)
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(prefix):
            continue
        url = re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?\w+>", lambda m: SAMPLE_ARGUMENTS[m.group(1) or "default"], rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((method, url))
    return found


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


@pytest.mark.parametrize("url", [u for m, u in ADMIN_URLS if m == "GET" and "/x" not in u and "/1" not in u])
def test_admins_reach_every_admin_page(client, auth, admin, url):
    auth.login(admin)
    assert client.get(url).status_code == 200


def test_a_forbidden_page_is_a_friendly_403(client, auth, customer):
    auth.login(customer)
    response = client.get("/admin/")
    assert "for shop administrators" in response.text
    assert "Traceback" not in response.text


def test_admin_pages_are_not_in_the_shop_for_guests(app: Flask, client):
    assert "Admin" not in client.get("/").text.split("<main")[0]
