"""The admin in a real browser at 1280 × 900: charts whose labels can be read, tables that fit or scroll inside
their own focusable region, and a refund that asks first."""
import re

import pytest
from playwright.sync_api import expect

from tests.support.browser_sessions import continue_with_an_address
from webapp.demo.seed import DEMO_ACCOUNTS

pytestmark = pytest.mark.browser
ADMIN_EMAIL, _ADMIN, ADMIN_PASSWORD, _ROLE = DEMO_ACCOUNTS[0]
NEW_PASSWORD = "Linen-shirts-in-May-2026"
SMALLEST_LABEL_PX = 11


def log_in(page, live_server, email, password):
    page.goto(live_server + "/auth/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def register_from_the_cart_and_buy(page, live_server) -> str:
    """A guest fills the cart, registers from the header, is back at the cart, and pays with the test payment.

    Returns the order's page path. A new customer of its own, so that no other test's notifications count.
    """
    page.goto(live_server + "/products?master_category=Apparel&in_stock=1")
    page.locator(".card a").first.click()
    page.locator("#size-picker label:not(.sold-out)").first.click()
    page.get_by_role("button", name="Add to cart").click()
    expect(page).to_have_url(re.compile(r"/cart/$"))
    page.get_by_role("link", name="Register").click()
    page.get_by_label("Your name").fill("Rita Refund")
    page.get_by_label("Email").fill("rita.refund@example.com")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Repeat password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/cart/$"))  # back where the guest was, the cart kept
    expect(page.locator("img.line-thumb")).to_have_count(1)  # the cart line has its picture
    expect(page.locator("#cart-subtotal").locator("xpath=..")).to_contain_text("Subtotal (1 item)")
    page.get_by_role("link", name="Check out").click()
    continue_with_an_address(page, "Rita Refund", country="DE")
    expect(page.locator("address")).to_contain_text("Germany")
    page.get_by_role("button", name="Place order").click()
    page.get_by_role("button", name=re.compile(r"^Pay .* \(test payment\)$")).click()
    expect(page.locator("#order-state")).to_contain_text("Your payment is confirmed")
    order_path = page.get_by_role("link", name="See the order").get_attribute("href")
    page.get_by_role("button", name="Log out").click()
    return order_path


def test_the_admin_reads_the_charts_and_refunds_after_confirming(page, live_server, artifacts):
    order_path = register_from_the_cart_and_buy(page, live_server)
    order_id = order_path.rsplit("/", 1)[1]
    log_in(page, live_server, ADMIN_EMAIL, ADMIN_PASSWORD)
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # Every chart label is drawn at 11 px or more as shown: font size times the SVG's scale on screen.
    sizes = page.eval_on_selector_all(
        "svg.chart text",
        """texts => texts.map(text => {
             const svg = text.ownerSVGElement;
             const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
             return parseFloat(getComputedStyle(text).fontSize) * scale;
           })""",
    )
    assert sizes, "the overview draws no chart"
    assert min(sizes) >= SMALLEST_LABEL_PX, min(sizes)
    expect(page.locator("svg.chart line.grid").first).to_be_attached()
    expect(page.locator("svg.chart polyline.previous")).to_have_count(1)

    # Each data table fits its region, or scrolls inside it; either way the region takes the keyboard's focus.
    regions = page.locator(".data-table")
    assert regions.count() >= 3
    for index in range(regions.count()):
        region = regions.nth(index)
        expect(region).to_have_attribute("tabindex", "0")
        expect(region).to_have_attribute("aria-label", re.compile(r"\(scrolls\)$"))
        fits = region.evaluate("element => element.scrollWidth <= element.clientWidth")
        assert fits, region.get_attribute("aria-label")
    # The panels beside them (stock, customers) fit as they are: no panel scrolls sideways.
    panels = page.locator(".panel")
    for index in range(panels.count()):
        assert panels.nth(index).evaluate("element => element.scrollWidth <= element.clientWidth"), index
    page.screenshot(path=str(artifacts / "admin-overview-1280.png"), full_page=True)

    page.goto(live_server + f"/admin/orders/{order_id}")
    expect(page.locator("address")).to_contain_text("Germany")  # the country's name, as at review and in mail
    page.get_by_role("button", name="Refund…").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Refund order #{order_id}?")
    expect(page.locator("#money-back")).to_contain_text("goes back to the test payment")
    expect(page.locator("#restocked")).to_contain_text("1 ×")
    page.screenshot(path=str(artifacts / "admin-refund-confirmation.png"), full_page=True)
    page.get_by_role("button", name=f"Yes, refund order #{order_id}").click()
    expect(page.locator("h1 .status")).to_have_text("Refunded")
