"""Buying in a real browser: look through the gallery, pick a size, check out with the test payment, see the
order confirmed in that size."""
import re

import pytest
from playwright.sync_api import expect

from tests.support.browser_sessions import continue_with_an_address
from webapp.demo.seed import DEMO_ACCOUNTS

pytestmark = pytest.mark.browser
CUSTOMER_EMAIL, _NAME, CUSTOMER_PASSWORD, _ROLE = DEMO_ACCOUNTS[1]


def test_customer_picks_a_size_buys_with_the_test_payment_and_is_notified(page, live_server, artifacts):
    page.goto(live_server + "/auth/login")
    page.get_by_label("Email").fill(CUSTOMER_EMAIL)
    page.get_by_label("Password").fill(CUSTOMER_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/account/$"))

    page.goto(live_server + "/products?master_category=Apparel&in_stock=1")
    page.locator(".card a").first.click()
    page.wait_for_load_state()  # the gallery is the page's script: let it arrive first
    product_name = page.get_by_role("heading", level=1).inner_text()

    # The gallery: a thumbnail shows its picture large, the large picture opens full size, arrows step through.
    thumbs = page.locator("[data-gallery-thumb]")
    expect(thumbs).to_have_count(3)
    thumbs.nth(1).click()
    expect(thumbs.nth(1)).to_have_attribute("aria-current", "true")
    assert page.locator("#gallery-image").get_attribute("src") == thumbs.nth(1).get_attribute("href")
    page.locator("[data-gallery-view]").click()
    lightbox = page.locator("#lightbox")
    expect(lightbox).to_be_visible()
    page.keyboard.press("ArrowRight")
    assert page.locator("#lightbox-image").get_attribute("src") == thumbs.nth(2).get_attribute("href")
    page.screenshot(path=str(artifacts / "buying-gallery.png"), full_page=True)
    page.keyboard.press("Escape")
    expect(lightbox).to_be_hidden()

    # Without a size the form does not go; the first size in stock does.
    page.get_by_role("button", name="Add to cart").click()
    expect(page).to_have_url(re.compile(r"/products/\d+$"))
    size = page.locator("#size-picker label:not(.sold-out)").first
    size_label = size.locator(".size-label").inner_text()
    size.click()
    page.get_by_role("button", name="Add to cart").click()
    expect(page).to_have_url(re.compile(r"/cart/$"))
    expect(page.get_by_text(f"Added 1 × “{product_name}” in size {size_label} to your cart.")).to_be_visible()
    expect(page.locator(".line-size")).to_have_text(f"Size {size_label}")
    expect(page.locator("#delivery-returns")).to_contain_text("Returns.")
    expect(page.locator("#cart-count")).to_have_text("1")

    page.get_by_role("link", name="Check out").click()
    continue_with_an_address(page, "Cora Customer")
    expect(page.get_by_role("heading", name="Review your order")).to_be_visible()
    expect(page.get_by_text("Test payment").first).to_be_visible()
    expect(page.locator("#review-shipping")).to_be_visible()
    page.get_by_role("button", name="Place order").click()

    page.get_by_role("button", name=re.compile(r"^Pay .* \(test payment\)$")).click()
    expect(page.locator("#order-state")).to_contain_text("Your payment is confirmed")
    expect(page.locator(".status")).to_have_text("Paid (confirmed)")
    expect(page.locator(".line-size")).to_have_text(f"Size {size_label}")
    expect(page.locator("#cart-count")).to_have_text("0")
    expect(page.locator("#unread-count")).to_have_text("1")
    expect(page.locator("#emailed")).to_have_text(f"We emailed you a confirmation at {CUSTOMER_EMAIL}.")
    expect(page.locator("#delivery-address")).to_contain_text("Netherlands")
    page.screenshot(path=str(artifacts / "buying-order-confirmed.png"), full_page=True)

    # Opening the notifications is reading them: the page marks what was new, the bell drops to nothing.
    page.locator(".bell").click()
    expect(page.locator("#notifications li.unread")).to_contain_text("is confirmed. Thank you!")
    expect(page.locator("#unread-count")).to_have_count(0)
    page.screenshot(path=str(artifacts / "buying-notifications.png"), full_page=True)
    page.reload()
    expect(page.locator("#notifications li.unread")).to_have_count(0)

    # Cancelling takes two steps: the confirmation says what comes back, and only its button cancels.
    page.locator("#notifications a").first.click()
    page.get_by_role("link", name="Cancel the order…").click()
    expect(page.locator("#money-back")).to_contain_text("goes back to the test payment")
    expect(page.locator("#restocked")).to_contain_text(f"1 × {product_name}, Size {size_label}")
    page.screenshot(path=str(artifacts / "buying-cancel-confirmation.png"), full_page=True)
    page.get_by_role("button", name="Yes, cancel the order").click()
    expect(page.locator(".status")).to_have_text("Cancelled")
