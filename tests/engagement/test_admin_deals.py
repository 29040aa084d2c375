"""Admin pages for deals and coupons: create, edit, end, list; bad input refused with the reason."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.support.web import post_form, session_csrf_token
from webapp.extensions import db
from webapp.models import Coupon, Deal
from webapp.models._base import utcnow
from webapp.services.pricing.promotions import load_live_deals
from webapp.services.pricing.rule import unit_price_cents

FORMAT = "%Y-%m-%dT%H:%M"


def dates(start_days: float = -1, end_days: float = 7) -> dict[str, str]:
    now = utcnow()
    return {"starts_at": (now + timedelta(days=start_days)).strftime(FORMAT),
            "ends_at": (now + timedelta(days=end_days)).strftime(FORMAT)}


DEAL = {"name": "Tee week", "kind": "percent", "amount": "20", "target": "article_type", "target_value": "Tshirts",
        "is_active": "y", **dates()}
COUPON = {"code": "spring5", "kind": "fixed", "amount": "5.00", "usage_limit": "100", "min_order": "30",
          "is_active": "y", **dates()}


@pytest.fixture
def boss(client, auth, admin):
    auth.login(admin)
    return admin


@pytest.fixture
def tee(make_product):
    return make_product(name="Basic Tee", price_cents=2000, sku="TEE-1")


def test_an_admin_creates_a_deal_and_the_price_follows(client, boss, tee):
    response = post_form(client, "/admin/deals/new", DEAL)
    assert response.headers["Location"] == "/admin/deals"
    assert unit_price_cents(tee, load_live_deals()) == 1600
    listing = client.get("/admin/deals").text
    assert "Tee week" in listing and "Live" in listing and "20% off" in listing


def test_a_deal_can_name_its_product_by_article_number(client, boss, tee):
    post_form(client, "/admin/deals/new", {**DEAL, "target": "product", "target_value": "TEE-1", "kind": "fixed",
                                           "amount": "2.50"})
    deal = db.session.scalar(select(Deal))
    assert (deal.product_id, deal.amount, deal.kind) == (tee.id, 250, "fixed")
    assert unit_price_cents(tee, load_live_deals()) == 1750


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"target": "product", "target_value": "NOPE-9"}, "There is no product with the id or article number"),
        ({"target_value": "Tshirt"}, "No product has the type “Tshirt”"),
        ({"target": "master_category", "target_value": "Furniture"}, "No product has the category"),
        ({"amount": "120"}, "A percentage off is a whole number from 1 to 100."),
        ({"amount": "12.5"}, "A percentage off is a whole number from 1 to 100."),
        ({"amount": "0"}, "Number must be between 0.01 and 100000"),
        ({"amount": "lots"}, "Not a valid decimal value"),
        ({"amount": "sNaN"}, "Not a valid decimal value"),
        ({"amount": "NaN"}, "Not a valid decimal value"),
        ({"name": ""}, "This field is required."),
        ({"kind": "bogo"}, "Not a valid choice"),
        ({**dates(2, 1)}, "The end must come after the start."),
        ({"starts_at": "tomorrow"}, "Not a valid datetime value"),
    ],
)
def test_a_bad_deal_is_refused_with_the_reason(client, boss, tee, changes, message):
    response = post_form(client, "/admin/deals/new", {**DEAL, **changes})
    assert response.status_code == 400
    assert message in response.text
    assert db.session.scalar(select(Deal)) is None


def test_an_admin_edits_a_deal(client, boss, tee, make_deal):
    deal = make_deal("percent", 10)
    page = client.get(f"/admin/deals/{deal.id}").text
    assert 'value="10.00"' in page or 'value="10"' in page
    post_form(client, f"/admin/deals/{deal.id}", {**DEAL, "amount": "50"})
    assert unit_price_cents(tee, load_live_deals()) == 1000


def test_ending_a_deal_stops_it_now_and_keeps_its_record(client, boss, tee, make_deal):
    deal = make_deal("percent", 10)
    client.post(f"/admin/deals/{deal.id}/end", data={"csrf_token": session_csrf_token(client)})
    db.session.expire_all()
    assert unit_price_cents(tee, load_live_deals()) == 2000
    assert deal.is_active is False and deal.ends_at <= utcnow()
    assert "Switched off" in client.get("/admin/deals").text


def test_an_admin_creates_a_coupon(client, boss):
    response = post_form(client, "/admin/coupons/new", COUPON)
    assert response.headers["Location"] == "/admin/coupons"
    coupon = db.session.scalar(select(Coupon))
    assert (coupon.code, coupon.kind, coupon.amount, coupon.min_order_cents, coupon.usage_limit) == (
        "SPRING5", "fixed", 500, 3000, 100)
    assert "SPRING5" in client.get("/admin/coupons").text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"code": "a b"}, "A coupon code is 3 to 32 letters"),
        ({"code": "x"}, "between 3 and 32 characters"),
        ({"usage_limit": "0"}, "Number must be between 1 and 1000000"),
        ({"min_order": "-1"}, "Number must be between 0 and 100000"),
        ({"amount": "sNaN"}, "Not a valid decimal value"),
        ({"min_order": "sNaN"}, "Not a valid decimal value"),
        ({"kind": "percent", "amount": "-sNaN"}, "Not a valid decimal value"),
        ({"kind": "percent", "amount": "101"}, "A percentage off is a whole number from 1 to 100."),
        ({**dates(3, 1)}, "The end must come after the start."),
    ],
)
def test_a_bad_coupon_is_refused_with_the_reason(client, boss, changes, message):
    response = post_form(client, "/admin/coupons/new", {**COUPON, **changes})
    assert response.status_code == 400
    assert message in response.text
    assert db.session.scalar(select(Coupon)) is None


def test_a_coupon_code_is_unique(client, boss, make_coupon):
    make_coupon("SPRING5")
    response = post_form(client, "/admin/coupons/new", COUPON)
    assert response.status_code == 400
    assert "There is already a coupon SPRING5." in response.text


def test_a_coupons_limit_cannot_go_below_its_uses(client, boss, make_coupon):
    coupon = make_coupon("SPRING5", usage_limit=10, times_used=4)
    response = post_form(client, f"/admin/coupons/{coupon.id}", {**COUPON, "usage_limit": "3"})
    assert response.status_code == 400
    assert "has been used 4 times" in response.text


def test_ending_a_coupon_stops_it(client, boss, make_coupon):
    coupon = make_coupon("SPRING5")
    client.post(f"/admin/coupons/{coupon.id}/end", data={"csrf_token": session_csrf_token(client)})
    db.session.expire_all()
    assert coupon.is_active is False


@pytest.mark.parametrize("url", ["/admin/deals/new", "/admin/coupons/new"])
def test_customers_cannot_create_promotions(client, auth, customer, url):
    auth.login(customer)
    assert client.get(url).status_code == 403
    form = {**DEAL, **COUPON, "csrf_token": session_csrf_token(client)}
    assert client.post(url, data=form).status_code == 403
    assert db.session.scalar(select(Deal)) is None and db.session.scalar(select(Coupon)) is None
