"""Checkout throughput: orders per second through the test-payment path. Measures and prints; not a test.

Each order is what a customer's browser does, through the app (Flask's test client, no network):
add a size to the cart, open the review page, place the order (that size's stock reserved), pay with the test payment
(the same confirmation as Stripe's webhook: status change, event, notification, mail to the
outbox folder). A second figure runs the same steps as direct service calls, without HTTP.

    .venv/bin/python bench/bench_checkout.py                      # SQLite in a temporary folder
    .venv/bin/python bench/bench_checkout.py --database postgresql://postgres@127.0.0.1/bench_db
        (the PostgreSQL database is WIPED: give it one made for this)
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from tests.support.scratch import scratch_app
from webapp.extensions import db
from webapp.models import Product
from webapp.services.accounts.users import create_user
from webapp.services.buying import cart, checkout, payments
from webapp.services.buying.cart import AccountCart
from webapp.services.catalog.sizes import APPAREL_SIZES, size_rows
from webapp.services.pricing.promotions import load_live_deals
from webapp.services.shop_settings import current_settings

PASSWORD = "bench-password-42"  # noqa: S105 - a throwaway account in a temporary database
ADDRESS = checkout.Address(full_name="Bench Buyer", line1="Damrak 1", postal_code="1012 LG", city="Amsterdam",
                           country="NL")
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
TOKEN = re.compile(r'name="checkout_token" value="([^"]+)"')
TOTAL = re.compile(r'name="total_cents" value="(\d+)"')


def build(database: str | None, instance: Path):
    """20 T-shirts in six sizes each, with stock enough for any run."""
    app = scratch_app(instance, database)
    with app.app_context():
        for number in range(20):
            db.session.add(Product(sku=f"B-{number}", name=f"Bench Tee {number}", gender="Men",
                                   master_category="Apparel", sub_category="Topwear", article_type="Tshirts",
                                   price_cents=1999 + 100 * number,
                                   sizes=size_rows(dict.fromkeys(APPAREL_SIZES, 10_000_000))))
        db.session.commit()
    return app


def size_for(number: int) -> tuple[int, int]:
    """The product id and size id order `number` buys: products in turn, each time the next size."""
    product_id = 1 + number % 20
    return product_id, (product_id - 1) * len(APPAREL_SIZES) + 1 + (number // 20) % len(APPAREL_SIZES)


def through_pages(app, orders: int, email: str) -> list[float]:
    """One customer's browser, order after order; returns seconds per order."""
    with app.app_context():
        user = create_user(email, "Bench Pages", PASSWORD)
        checkout.save_address(user.id, ADDRESS)
    client = app.test_client()
    page = client.get("/auth/login").text
    client.post("/auth/login", data={"csrf_token": CSRF.search(page).group(1), "email": email, "password": PASSWORD})
    csrf = CSRF.search(client.get("/").text).group(1)
    timings = []
    for number in range(orders):
        start = time.perf_counter()
        product_id, size_id = size_for(number)
        client.post("/cart/add", data={"csrf_token": csrf, "product_id": product_id, "size_id": size_id, "quantity": 1})
        review = client.get("/checkout/review").text
        form = {"csrf_token": csrf, "checkout_token": TOKEN.search(review).group(1),
                "total_cents": TOTAL.search(review).group(1)}
        placed = client.post("/checkout/place", data=form)
        assert placed.status_code == 302, placed.status_code
        paid = client.post(placed.headers["Location"], data={"csrf_token": csrf})
        assert paid.status_code == 302, paid.status_code
        timings.append(time.perf_counter() - start)
    return timings


def through_services(app, orders: int) -> list[float]:
    timings = []
    with app.app_context():
        user = create_user("services@bench.example.com", "Bench Services", PASSWORD)
        checkout.save_address(user.id, ADDRESS)
        store = AccountCart(user.id)
        for number in range(orders):
            start = time.perf_counter()
            product_id, size_id = size_for(number)
            cart.add(store, product_id, 1, size_id)
            deals, shipping = load_live_deals(), current_settings().shipping_rate
            total = checkout.totals(cart.load(store, deals), shipping).total_cents
            order = checkout.place_order(user, checkout.new_checkout_token(), total, deals, shipping=shipping)
            payments.pay_with_test_payment(order)
            timings.append(time.perf_counter() - start)
    return timings


def report(label: str, timings: list[float]) -> None:
    total = sum(timings)
    print(f"{label:<34} {len(timings):>5} orders in {total:6.2f} s = {len(timings) / total:7.1f} orders/s"
          f"   (median {statistics.median(timings) * 1000:5.1f} ms, p95 "
          f"{sorted(timings)[int(len(timings) * 0.95)] * 1000:5.1f} ms per order)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=300)
    parser.add_argument("--database", help="a PostgreSQL URL the benchmark may wipe (default: SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = build(args.database, Path(folder))
        backend = "PostgreSQL" if args.database else "SQLite (file)"
        print(f"Checkout throughput, test-payment path, {backend}, one client, mail to the outbox folder")
        through_pages(app, 10, "warm-up@bench.example.com")  # templates compiled, statements cached
        report("pages (add, review, place, pay)", through_pages(app, args.orders, "pages@bench.example.com"))
        report("services only (no HTTP)", through_services(app, args.orders))
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
