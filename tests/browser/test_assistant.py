"""The assistant's widget in a real browser: open it from the corner, ask, add a product from its card, and
the header's cart count follows. Runs under the shop's CSP (no inline script), so a blocked script fails it."""
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_guest_asks_the_widget_and_adds_a_product_from_its_card(page, live_server, artifacts):
    problems: list[str] = []  # scripts the CSP blocked, script errors, and failed requests other than the icon
    page.on("console", lambda message: problems.append(message.text)
            if message.type == "error" and "Failed to load resource" not in message.text else None)
    page.on("response", lambda response: problems.append(f"{response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith("/favicon.ico") else None)
    page.goto(live_server + "/")
    expect(page.locator("#cart-count")).to_have_text("0")

    page.get_by_role("link", name="Ask our assistant").click()
    panel = page.get_by_role("region", name="Shopping assistant")
    expect(panel).to_be_visible()
    page.get_by_label("Your message").fill("watches")
    page.get_by_label("Your message").press("Enter")
    cards = panel.locator(".assistant-card")
    expect(cards.first).to_be_visible()
    expect(panel.locator(".assistant-line.from-assistant").last).to_contain_text("watches")
    name = cards.first.locator(".assistant-card-name").inner_text().split(". ", 1)[1]
    page.screenshot(path=str(artifacts / "assistant-results.png"))

    cards.first.get_by_role("button", name="Add to cart").click()
    expect(panel.locator(".assistant-line.from-assistant").last).to_contain_text(f"Added 1 × “{name}” to your cart.")
    expect(page.locator("#cart-count")).to_have_text("1")
    page.screenshot(path=str(artifacts / "assistant-added.png"))

    page.get_by_role("link", name="Cart").click()
    expect(page.get_by_text(name).first).to_be_visible()
    assert problems == []
