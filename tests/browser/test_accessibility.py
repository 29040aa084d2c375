"""No serious or critical accessibility violations (axe-core, injected into the real page) on the pages a
shopper and an admin use most, at phone (390×844) and desktop (1280×900) size.

axe-core is the copy bundled by the axe-playwright-python package (pinned in requirements-dev.txt), so the
suite needs no npm; only its axe.min.js is used, injected by the test itself.
"""
from __future__ import annotations

from importlib.resources import files

import pytest

from tests.support.browser_sessions import admin_state, shopper_at_review_state

pytestmark = pytest.mark.browser
AXE = files("axe_playwright_python") / "axe.min.js"
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
SERIOUS = ("serious", "critical")
# (page, path, who is looking); "product" is the first product of the catalogue page.
PAGES = [
    pytest.param("home", "/", None, id="home"),
    pytest.param("catalogue", "/products", None, id="catalogue"),
    pytest.param("product", None, None, id="product"),
    pytest.param("photo search", "/search/photo", None, id="photo search"),
    pytest.param("login", "/auth/login", None, id="login"),
    pytest.param("register", "/auth/register", None, id="register"),
    pytest.param("cart", "/cart/", "shopper", id="cart"),
    pytest.param("checkout review", "/checkout/review", "shopper", id="checkout review"),
    pytest.param("customer dashboard", "/account/", "shopper", id="customer dashboard"),
    pytest.param("admin overview", "/admin/", "admin", id="admin overview"),
]


@pytest.fixture(scope="module")
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def states(browser, live_server) -> dict:
    return {None: None, "shopper": shopper_at_review_state(browser, live_server),
            "admin": admin_state(browser, live_server)}


def serious_violations(page, axe_source: str) -> list[str]:
    page.evaluate(axe_source)
    violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
            for v in violations if v["impact"] in SERIOUS]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("name", "path", "who"), PAGES)
def test_page_has_no_serious_accessibility_violations(browser, live_server, states, axe_source, artifacts,
                                                      name, path, who, size):
    # bypass_csp: the shop's CSP rightly refuses injected scripts; axe is the test's, not the page's.
    context = browser.new_context(viewport=SIZES[size], storage_state=states[who], bypass_csp=True)
    page = context.new_page()
    try:
        if path is None:
            page.goto(live_server + "/products")
            path = page.locator(".card a").first.get_attribute("href")
        page.goto(live_server + path)
        found = serious_violations(page, axe_source)
        if found:
            page.screenshot(path=str(artifacts / f"axe-{name.replace(' ', '-')}-{size}.png"), full_page=True)
        assert found == [], f"{name} at {size} size:\n" + "\n".join(found)
    finally:
        context.close()
