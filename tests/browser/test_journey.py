"""A customer's first visit, in a real browser: home, log in, filter, open a product."""
import re

import pytest
from playwright.sync_api import expect

from webapp.demo.seed import DEMO_ACCOUNTS

pytestmark = pytest.mark.browser
CUSTOMER_EMAIL, _NAME, CUSTOMER_PASSWORD, _ROLE = DEMO_ACCOUNTS[1]


def test_customer_logs_in_filters_and_opens_a_product(page, live_server, artifacts):
    page.goto(live_server + "/")
    expect(page.get_by_role("heading", name="New arrivals")).to_be_visible()

    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Email").fill(CUSTOMER_EMAIL)
    page.get_by_label("Password").fill(CUSTOMER_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/account/$"))
    expect(page.get_by_role("heading", name=re.compile("Hello,"))).to_be_visible()

    page.get_by_role("link", name="Shop all").click()
    page.wait_for_load_state()  # the filters apply through the page's script: let it arrive first
    total = int(page.locator("#result-count").inner_text().split()[0])
    page.locator('[data-facet="gender"]').get_by_role("checkbox", name=re.compile(r"^\s*Women \(")).check()
    expect(page).to_have_url(re.compile(r"gender=Women"))
    page.locator('[data-facet="master_category"]').get_by_role("checkbox", name=re.compile(r"^\s*Apparel \(")).check()
    expect(page).to_have_url(re.compile(r"master_category=Apparel"))
    filtered = int(page.locator("#result-count").inner_text().split()[0])
    assert 0 < filtered < total

    page.locator(".card a").first.click()
    expect(page.locator("#stock-state")).to_be_visible()
    expect(page.get_by_role("cell", name="Women", exact=True)).to_be_visible()
    assert page.locator("#gallery-image").evaluate("img => img.naturalWidth") > 0
    page.screenshot(path=str(artifacts / "journey-product.png"), full_page=True)
