"""The storefront on a phone (390×844) and a desktop (1280×900), in a real browser: the menu drawer, the
"Filter & sort" drawer with filters applied without a reload, two cards per row, Add to cart on the first
screen, the wishlist heart, and the same pages without JavaScript. Screenshots land in test-artifacts/."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser_sessions import admin_state, register_shopper

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def top_and_bottom(locator) -> tuple[float, float]:
    box = locator.bounding_box()
    return box["y"], box["y"] + box["height"]


@pytest.mark.parametrize(("size", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
@pytest.mark.parametrize("name", ["home", "catalogue", "product"])
def test_screenshots_of_the_storefront_at_both_sizes(browser, live_server, artifacts, name, size, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(live_server + ("/" if name == "home" else "/products"))
    if name == "product":
        page.locator(".card a").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]  # nothing sticks out
    page.screenshot(path=str(artifacts / f"layout-{name}-{size}.png"))
    context.close()


def test_the_phone_header_is_compact_and_its_menu_is_a_drawer(phone, live_server, artifacts):
    phone.goto(live_server + "/products")
    _top, header_bottom = top_and_bottom(phone.locator(".site-header"))
    assert header_bottom <= 110
    women = phone.locator("#site-menu").get_by_role("link", name="Women", exact=True)
    expect(women).not_to_be_visible()

    menu = phone.get_by_role("link", name="Menu", exact=True)
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(women).to_be_visible()
    phone.screenshot(path=str(artifacts / "phone-menu.png"))
    phone.keyboard.press("Escape")
    expect(women).not_to_be_visible()

    menu.click()
    women.click()
    expect(phone).to_have_url(re.compile(r"gender=Women"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Women's products")


def test_phone_listing_shows_products_first_two_per_row(phone, live_server):
    phone.goto(live_server + "/products")
    cards = phone.locator(".card")
    first_top, _ = top_and_bottom(cards.nth(0))
    second_top, _ = top_and_bottom(cards.nth(1))
    third_top, _ = top_and_bottom(cards.nth(2))
    assert first_top < 300
    assert second_top == first_top and third_top > first_top
    expect(phone.locator("#filter-panel")).not_to_be_in_viewport()


def test_phone_filter_drawer_filters_without_a_reload(phone, live_server, artifacts):
    phone.goto(live_server + "/products")
    phone.evaluate("window.sameDocument = true")
    total = int(phone.locator("#result-count").inner_text().split()[0])

    phone.get_by_role("link", name="Filter & sort").click()
    drawer = phone.locator("#filter-panel")
    expect(drawer).to_be_in_viewport()
    drawer.locator('[data-facet="gender"]').get_by_role("checkbox", name=re.compile(r"^\s*Women \(")).check()
    expect(phone).to_have_url(re.compile(r"gender=Women"))
    expect(drawer).to_be_in_viewport()  # still open, for the next tick
    phone.screenshot(path=str(artifacts / "phone-filter-drawer.png"))
    drawer.get_by_role("button", name=re.compile(r"^Show \d+ products?$")).click()
    expect(drawer).not_to_be_in_viewport()

    filtered = int(phone.locator("#result-count").inner_text().split()[0])
    assert 0 < filtered < total
    expect(phone.get_by_role("heading", level=1)).to_have_text("Women's products")
    expect(phone.locator("#active-filters")).to_contain_text("Women")
    assert phone.evaluate("window.sameDocument") is True  # the page was not reloaded

    phone.locator("#active-filters").get_by_role("link", name="Remove Women").click()
    expect(phone).not_to_have_url(re.compile(r"gender=Women"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("All products")
    phone.go_back()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Women's products")


def test_a_long_facet_can_be_searched(browser, live_server):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(live_server + "/products")
    types = page.locator('[data-facet="article_type"]')
    types.get_by_role("searchbox", name="Find a type").fill("sung")
    expect(types.locator(".facet-option:visible")).to_have_count(1)
    expect(types.locator(".facet-option:visible")).to_contain_text("Sunglasses")
    context.close()


def test_phone_product_page_has_add_to_cart_on_the_first_screen(phone, live_server, artifacts):
    phone.goto(live_server + "/products?master_category=Apparel&in_stock=1")
    phone.locator(".card a").first.click()
    add = phone.get_by_role("button", name="Add to cart")
    _top, bottom = top_and_bottom(add)
    assert bottom <= PHONE["height"]
    phone.screenshot(path=str(artifacts / "phone-product.png"))

    phone.locator("#size-picker label:not(.sold-out)").first.click()
    add.click()
    expect(phone).to_have_url(re.compile(r"/cart/$"))
    expect(phone.locator("#cart-count")).to_have_text("1")


def test_search_suggests_as_you_type(browser, live_server):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(live_server + "/")
    page.locator("header").get_by_role("searchbox", name="Search products").fill("tshi")
    suggestions = page.locator(".suggestions")
    expect(suggestions).to_be_visible()
    expect(suggestions.get_by_role("link").first).to_have_text(re.compile(r"^Tshirts"))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"article_type=Tshirts"))
    context.close()


def test_the_heart_saves_without_a_reload_and_the_saved_page_lists_it(browser, live_server):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    register_shopper(page, live_server, "heart")
    page.goto(live_server + "/products")
    page.evaluate("window.sameDocument = true")
    card = page.locator(".card").first
    name = card.locator("h3").inner_text()
    heart = card.get_by_role("button", name=f"Save {name}")
    heart.click()
    expect(heart).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("window.sameDocument") is True

    page.goto(live_server + "/account/saved")
    expect(page.locator(".card h3")).to_have_text([name])
    unsave = page.locator(".card").first.get_by_role("button", name=f"Save {name}")
    unsave.click()
    expect(unsave).to_have_attribute("aria-pressed", "false")  # the request is answered
    page.goto(live_server + "/account/saved")
    expect(page.locator("#no-saved")).to_be_visible()
    context.close()


def test_without_javascript_the_drawers_and_filters_still_work(browser, live_server):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/products")
    page.get_by_role("link", name="Filter & sort").click()  # a #filter-panel link: :target opens it
    drawer = page.locator("#filter-panel")
    expect(drawer).to_be_in_viewport()
    drawer.locator('[data-facet="gender"]').get_by_role("checkbox", name=re.compile(r"^\s*Men \(")).check()
    drawer.get_by_role("button", name=re.compile(r"^Show \d+ products?$")).click()
    expect(page).to_have_url(re.compile(r"gender=Men"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Men's products")

    page.get_by_role("link", name="Menu", exact=True).click()
    expect(page.locator("#site-menu").get_by_role("link", name="Women", exact=True)).to_be_visible()
    context.close()


def test_the_admin_menu_is_one_row_on_a_phone(browser, live_server, artifacts):
    context = browser.new_context(viewport=PHONE, storage_state=admin_state(browser, live_server))
    page = context.new_page()
    page.goto(live_server + "/admin/")
    menu = page.get_by_role("navigation", name="Administration")
    _top, bottom = top_and_bottom(menu)
    assert bottom < 200  # the overview starts on the first screen, not below a column of links
    expect(page.get_by_role("heading", level=1)).to_be_in_viewport()
    page.screenshot(path=str(artifacts / "phone-admin.png"))
    context.close()
