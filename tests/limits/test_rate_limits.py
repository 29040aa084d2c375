"""Rate limits: failed logins per account and per address, registration, password changes; a 429 that says
when to try again; counts shared through Redis, and kept in the process when Redis is down."""
from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.support.redis_server import free_port, unique_name
from tests.support.web import PASSWORD, post_form, session_csrf_token
from webapp.services.accounts.users import create_user

WRONG = "not-the-password-1"
LIMITS_OFF_THE_WAY = "1000 per 15 minutes"


def log_in(client: FlaskClient, email: str, password: str, address: str = "192.0.2.1", **kwargs):
    client.environ_base["REMOTE_ADDR"] = address
    return post_form(client, "/auth/login", {"email": email, "password": password}, **kwargs)


def log_out(client: FlaskClient) -> None:
    client.post("/auth/logout", data={"csrf_token": session_csrf_token(client)})


@pytest.fixture
def account_limit(app, monkeypatch, rate_limits):
    """Three failed logins per account; the address limit out of the way."""
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT_PER_ACCOUNT", "3 per 15 minutes")
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT_PER_ADDRESS", LIMITS_OFF_THE_WAY)


def test_failed_logins_lock_the_account_whatever_address_they_come_from(client, customer, account_limit):
    for n in range(3):
        assert log_in(client, customer.email, WRONG, address=f"192.0.2.{n}").status_code == 400
    refused = log_in(client, customer.email, PASSWORD, address="198.51.100.9")
    assert refused.status_code == 429
    assert "Too many failed logins for this account. Please try again in" in refused.text
    assert 0 < int(refused.headers["Retry-After"]) <= 15 * 60


def test_a_locked_account_does_not_lock_the_others(client, customer, make_user, account_limit):
    for _ in range(3):
        log_in(client, customer.email, WRONG)
    assert log_in(client, make_user().email, PASSWORD).status_code == 302


@pytest.mark.parametrize("typed", ["Cora@Shop.Example.com", "  cora@shop.example.com ", "CORA@SHOP.EXAMPLE.COM"])
def test_the_account_is_counted_however_its_email_is_typed(client, customer, account_limit, typed):
    for _ in range(3):
        log_in(client, typed, WRONG)
    assert log_in(client, customer.email, PASSWORD).status_code == 429


def test_logging_in_successfully_uses_up_nothing(client, customer, account_limit):
    for _ in range(4):
        assert log_in(client, customer.email, PASSWORD).status_code == 302
        log_out(client)


def test_the_login_page_itself_is_never_refused(client, customer, account_limit):
    for _ in range(4):
        log_in(client, customer.email, WRONG)
    assert client.get("/auth/login").status_code == 200


def test_failed_logins_from_one_address_are_limited_across_accounts(client, make_user, app, monkeypatch,
                                                                    rate_limits):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT_PER_ACCOUNT", LIMITS_OFF_THE_WAY)
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT_PER_ADDRESS", "3 per 15 minutes")
    for _ in range(3):
        assert log_in(client, make_user().email, WRONG).status_code == 400
    refused = log_in(client, make_user().email, PASSWORD)
    assert refused.status_code == 429
    assert "Too many failed logins from your connection." in refused.text
    assert log_in(client, make_user().email, PASSWORD, address="203.0.113.5").status_code == 302


def test_a_json_client_is_refused_in_json(client, customer, account_limit):
    for _ in range(3):
        log_in(client, customer.email, WRONG)
    refused = log_in(client, customer.email, PASSWORD, headers={"Accept": "application/json"})
    assert refused.status_code == 429
    body = refused.get_json()
    assert body["error"].startswith("Too many failed logins for this account. Please try again in")
    assert body["retry_after"] == int(refused.headers["Retry-After"])


def register(client: FlaskClient, number: int):
    return post_form(client, "/auth/register", {"name": "New Person", "email": f"new{number}@example.org",
                                                "password": PASSWORD, "confirm": PASSWORD})


def test_registrations_from_one_address_are_limited(client, app, monkeypatch, rate_limits):
    monkeypatch.setitem(app.config, "REGISTER_RATE_LIMIT", "2/hour")
    assert register(client, 1).status_code == 302
    log_out(client)
    assert register(client, 2).status_code == 302
    log_out(client)
    refused = register(client, 3)
    assert refused.status_code == 429
    assert "Too many new accounts from your connection. Please try again in" in refused.text


def change_password(client: FlaskClient, current: str):
    return post_form(client, "/account/profile", {"current": current, "password": "brand-new-pass-7",
                                                  "confirm": "brand-new-pass-7"}, action="/account/password")


def test_refused_password_changes_are_limited_per_account(client, auth, customer, app, monkeypatch, rate_limits):
    monkeypatch.setitem(app.config, "PASSWORD_CHANGE_RATE_LIMIT", "2 per 15 minutes")
    auth.login(customer)
    assert [change_password(client, WRONG).status_code for _ in range(2)] == [400, 400]
    refused = change_password(client, PASSWORD)
    assert refused.status_code == 429
    assert "Too many refused password changes. Please try again in" in refused.text
    assert customer.check_password(PASSWORD)


def shop_user(app: Flask, email: str = "cora@shop.example.com") -> str:
    with app.app_context():
        create_user(email, "Cora", PASSWORD)
    return email


LIMITED = {"RATE_LIMITS_ON": True, "LOGIN_RATE_LIMIT_PER_ACCOUNT": "3 per 15 minutes"}


def test_processes_of_one_shop_share_their_counts_through_redis(extra_shop, redis_url):
    settings = {**LIMITED, "REDIS_URL": redis_url, "RATELIMIT_KEY_PREFIX": unique_name("limits")}
    first, second = extra_shop(**settings), extra_shop(**settings)
    email = shop_user(first)
    shop_user(second)
    for shop, attempts in ((first, 2), (second, 1)):
        for _ in range(attempts):
            assert log_in(shop.test_client(), email, WRONG).status_code == 400
    assert log_in(second.test_client(), email, PASSWORD).status_code == 429
    assert log_in(first.test_client(), email, PASSWORD).status_code == 429


def test_with_redis_down_pages_serve_and_limits_count_in_the_process(extra_shop, capsys):
    shop = extra_shop(**LIMITED, REDIS_URL=f"redis://127.0.0.1:{free_port()}/5")
    email = shop_user(shop)
    client = shop.test_client()
    capsys.readouterr()
    assert client.get("/").status_code == 200
    assert [log_in(client, email, WRONG).status_code for _ in range(3)] == [400, 400, 400]
    assert "Rate limit storage unreachable - falling back to in-memory storage" in capsys.readouterr().err
    assert log_in(client, email, PASSWORD).status_code == 429


def test_behind_a_proxy_each_forwarded_address_is_counted_apart(extra_shop):
    shop = extra_shop(RATE_LIMITS_ON=True, TRUST_PROXY_HOPS=1, LOGIN_RATE_LIMIT_PER_ADDRESS="2 per 15 minutes")
    client = shop.test_client()

    def attempt(address: str) -> int:
        with shop.app_context():
            email = f"{unique_name('user')}@example.org"
            create_user(email, "Someone", PASSWORD)
        return log_in(client, email, WRONG, address="10.0.0.1", headers={"X-Forwarded-For": address}).status_code

    assert [attempt("203.0.113.1") for _ in range(3)] == [400, 400, 429]
    assert attempt("203.0.113.2") == 400
