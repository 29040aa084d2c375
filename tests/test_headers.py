"""Response headers: what a page may do in the browser, which pages no cache keeps, HTTPS only in production."""
import pytest

from config import Config, DevelopmentConfig, ProductionConfig, TestingConfig
from webapp import create_app

ONE_YEAR = 365 * 24 * 3600


def test_every_page_limits_scripts_framing_browser_features_and_openers(client):
    headers = client.get("/").headers
    assert headers["Content-Security-Policy"].startswith("default-src 'self';")
    assert "script-src 'self';" in headers["Content-Security-Policy"]  # no inline scripts
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "geolocation=()" in headers["Permissions-Policy"]
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


PRIVATE_PAGES = ["/account/", "/account/orders", "/checkout/", "/cart/", "/auth/login", "/auth/register"]


@pytest.mark.parametrize("path", PRIVATE_PAGES)
def test_personal_pages_and_forms_are_never_stored_by_a_cache(client, auth, customer, path):
    auth.login(customer)
    assert client.get(path).headers["Cache-Control"] == "no-store"


def test_admin_pages_are_never_stored_by_a_cache(client, auth, admin):
    auth.login(admin)
    assert client.get("/admin/products").headers["Cache-Control"] == "no-store"


def test_a_redirect_to_the_login_page_is_not_stored_either(client):
    response = client.get("/account/")
    assert response.status_code == 302
    assert response.headers["Cache-Control"] == "no-store"


def test_the_catalogue_stays_cacheable(client):
    assert "Cache-Control" not in client.get("/").headers
    assert "Cache-Control" not in client.get("/products").headers


@pytest.mark.parametrize(
    ("hops", "base_url", "forwarded_proto", "sent"),
    [
        (0, "https://shop.example.com", None, True),  # TLS straight to gunicorn
        (1, "http://shop.example.com", "https", True),  # TLS ended at the ingress, which says so
        (0, "http://shop.example.com", "https", False),  # nobody trusted says so: a client may lie
        (1, "http://shop.example.com", "http", False),
        (0, "http://shop.example.com", None, False),  # browsers ignore HSTS over plain HTTP anyway
    ],
)
def test_hsts_is_sent_only_on_https(hops, base_url, forwarded_proto, sent):
    app = create_app(TestingConfig, {"HSTS_MAX_AGE": ONE_YEAR, "TRUST_PROXY_HOPS": hops})
    headers = {"X-Forwarded-Proto": forwarded_proto} if forwarded_proto else {}
    response = app.test_client().get("/livez", base_url=base_url, headers=headers)
    assert response.headers.get("Strict-Transport-Security") == (f"max-age={ONE_YEAR}" if sent else None)


def test_hsts_is_for_production_only():
    # A developer's https://localhost must not be pinned to HTTPS for a year.
    assert ProductionConfig.HSTS_MAX_AGE == ONE_YEAR
    assert Config.HSTS_MAX_AGE == DevelopmentConfig.HSTS_MAX_AGE == TestingConfig.HSTS_MAX_AGE == 0
    response = create_app(TestingConfig).test_client().get("/livez", base_url="https://localhost")
    assert "Strict-Transport-Security" not in response.headers
