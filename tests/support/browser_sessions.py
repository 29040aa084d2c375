"""Browser sessions the accessibility and layout tests start from: a fresh customer with a cart at checkout
review, the demo admin. Saved as Playwright storage states, so each page check opens a new context."""
from __future__ import annotations

import re
from itertools import count
from typing import Any

from playwright.sync_api import Browser, expect

from webapp.demo.seed import DEMO_ACCOUNTS

ADMIN_EMAIL, _ADMIN_NAME, ADMIN_PASSWORD, _ADMIN_ROLE = DEMO_ACCOUNTS[0]
SHOPPER_PASSWORD = "Seven-Green-Owls-2026"
_numbers = count(1)


def log_in(page: Any, base: str, email: str, password: str) -> None:
    page.goto(base + "/auth/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile(r"/auth/login"))


def register_shopper(page: Any, base: str, tag: str) -> str:
    """A new customer account (so no other test's cart or orders show); returns its email."""
    email = f"shopper-{tag}-{next(_numbers)}@example.com"
    page.goto(base + "/auth/register")
    page.get_by_label("Your name").fill("Sam Shopper")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(SHOPPER_PASSWORD)
    page.get_by_label("Repeat password").fill(SHOPPER_PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).not_to_have_url(re.compile(r"/auth/register"))
    return email


def add_first_product_in_stock(page: Any, base: str) -> str:
    """Put one of the first product in stock (its first size in stock) in the cart; returns the product's path."""
    page.goto(base + "/products?master_category=Apparel&in_stock=1")
    path = page.locator(".card a").first.get_attribute("href")
    page.goto(base + path)
    sizes = page.locator("#size-picker label:not(.sold-out)")
    if sizes.count():
        sizes.first.click()
    page.get_by_role("button", name="Add to cart").click()
    expect(page).to_have_url(re.compile(r"/cart/$"))
    return path


def continue_with_an_address(page: Any, name: str, country: str = "NL") -> None:
    """On the checkout's address form: fill a delivery address in Amsterdam's street layout and go on."""
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Street and number").fill("Keizersgracht 1")
    page.get_by_label("Postal code").fill("1015 CJ")
    page.get_by_label("City").fill("Amsterdam")
    page.get_by_label("Country").select_option(country)
    page.get_by_role("button", name="Continue to review").click()


def reach_checkout_review(page: Any, base: str) -> None:
    page.goto(base + "/checkout/")
    continue_with_an_address(page, "Sam Shopper")
    expect(page.get_by_role("heading", name="Review your order")).to_be_visible()


def shopper_at_review_state(browser: Browser, base: str) -> dict:
    context = browser.new_context()
    page = context.new_page()
    register_shopper(page, base, "review")
    add_first_product_in_stock(page, base)
    reach_checkout_review(page, base)
    state = context.storage_state()
    context.close()
    return state


def admin_state(browser: Browser, base: str) -> dict:
    context = browser.new_context()
    page = context.new_page()
    log_in(page, base, ADMIN_EMAIL, ADMIN_PASSWORD)
    state = context.storage_state()
    context.close()
    return state
