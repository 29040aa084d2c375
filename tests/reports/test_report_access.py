"""Every dashboard and report URL is under /admin, so tests/test_access.py proves each refuses guests and customers."""
import pytest

from tests.test_access import ADMIN_URLS

NEW_URLS = ["/admin/sales", "/admin/sales/1", "/admin/reports", "/admin/reports/sales", "/admin/reports/export/x.csv",
            "/admin/customers/1"]


@pytest.mark.parametrize("url", NEW_URLS)
def test_the_url_map_walk_covers_each_new_page(url):
    assert ("GET", url) in ADMIN_URLS


@pytest.mark.parametrize("url", ["/admin/reports/export/orders.csv", "/admin/reports/export/sales-by-product.csv"])
def test_exports_refuse_customers(client, auth, customer, url):
    auth.login(customer)
    assert client.get(url).status_code == 403


def test_exports_send_guests_to_log_in(client):
    response = client.get("/admin/reports/export/orders.csv")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")
