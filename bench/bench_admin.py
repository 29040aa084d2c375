"""Admin pages on a big shop: median server time per page over 50,000 orders. Measures and prints; not a test.

It builds a throwaway shop (SQLite in a temporary folder, or a PostgreSQL database it may wipe),
fills it with bulk inserts (deterministic for a given seed and end day: a year of orders from a
few thousand customers over a catalogue in the Kaggle taxonomy, with the history a real order
has: placed, paid, shipped, delivered, some cancelled or refunded), rebuilds the daily sales
table the way `flask reports rebuild` does, then requests every admin page N times through the
app's test client, logged in as an admin, and prints the median and the slowest time per page.

    .venv/bin/python bench/bench_admin.py                      # SQLite in a temporary folder
    .venv/bin/python bench/bench_admin.py --database postgresql://postgres@127.0.0.1/bench_db
        (the PostgreSQL database is WIPED: give it one made for this)
"""
from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask
from sqlalchemy import insert, text
from werkzeug.security import generate_password_hash

from tests.support.scratch import scratch_app
from webapp.extensions import db
from webapp.models import Order, OrderEvent, OrderLine, PaymentMethod, Product, ProductSize, User
from webapp.models.catalog import ONE_SIZE
from webapp.services.reports import ledger

PASSWORD = "bench-password-42"  # noqa: S105 - throwaway accounts in a temporary database
ADMIN_EMAIL = "boss@bench.example.com"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
BATCH = 5_000

# (gender, masterCategory, subCategory, articleType, base price in cents): the Kaggle taxonomy, abridged.
TAXONOMY = [
    ("Men", "Apparel", "Topwear", "Tshirts", 1999), ("Women", "Apparel", "Topwear", "Tops", 2499),
    ("Men", "Apparel", "Topwear", "Shirts", 3499), ("Women", "Apparel", "Dress", "Dresses", 4999),
    ("Men", "Apparel", "Bottomwear", "Jeans", 3999), ("Women", "Apparel", "Bottomwear", "Skirts", 2999),
    ("Unisex", "Apparel", "Bottomwear", "Shorts", 1999), ("Men", "Footwear", "Shoes", "Casual Shoes", 5999),
    ("Women", "Footwear", "Shoes", "Heels", 6499), ("Unisex", "Footwear", "Sandal", "Sandals", 2999),
    ("Men", "Footwear", "Shoes", "Sports Shoes", 7499), ("Women", "Accessories", "Bags", "Handbags", 4499),
    ("Unisex", "Accessories", "Bags", "Backpacks", 3999), ("Men", "Accessories", "Watches", "Watches", 7999),
    ("Unisex", "Accessories", "Headwear", "Caps", 1499), ("Women", "Accessories", "Eyewear", "Sunglasses", 2999),
]
COLOURS = ["Black", "White", "Blue", "Navy Blue", "Red", "Green", "Grey", "Pink", "Brown", "Beige", "Yellow"]
CITIES = [("Amsterdam", "NL", "1015 CJ"), ("Berlin", "DE", "10115"), ("Paris", "FR", "75002"),
          ("Madrid", "ES", "28013"), ("Rome", "IT", "00184"), ("Vienna", "AT", "1010")]


@dataclass(frozen=True)
class Shape:
    orders: int
    customers: int
    products: int
    end: date
    seed: int


# --- Building the shop ----------------------------------------------------------------------------

def _batched(rows: Iterator[dict], size: int = BATCH) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _bulk(model: type[db.Model], rows: Iterator[dict]) -> None:
    for batch in _batched(rows):
        db.session.execute(insert(model), batch)


def _products(shape: Shape, rng: random.Random) -> list[dict]:
    rows = []
    for number in range(1, shape.products + 1):
        gender, master, sub, article, base = TAXONOMY[number % len(TAXONOMY)]
        colour = rng.choice(COLOURS)
        rows.append({
            "id": number, "sku": f"BX-{number:05d}", "name": f"{colour} {article} {number}", "gender": gender,
            "master_category": master, "sub_category": sub, "article_type": article, "base_colour": colour,
            "season": rng.choice(["Summer", "Winter", "Fall", "Spring"]), "usage": "Casual", "year": 2025,
            "price_cents": base + 500 * rng.randrange(8), "stock": rng.randrange(0, 40),
        })
    return rows


def _customers(shape: Shape, start: datetime) -> Iterator[dict]:
    quick_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1")
    yield {"id": 1, "email": ADMIN_EMAIL, "name": "Bench Boss", "password_hash": quick_hash, "role": "admin",
           "created_at": start}
    for number in range(2, shape.customers + 2):
        yield {"id": number, "email": f"customer{number}@bench.example.com", "name": f"Customer {number}",
               "password_hash": quick_hash, "role": "customer", "created_at": start}


def _status_path(rng: random.Random, age: timedelta) -> list[tuple[str, timedelta]]:
    """The statuses an order went through, each with its delay after placing; older orders got further."""
    roll = rng.random()
    if age < timedelta(hours=1):
        return [("paid", timedelta(minutes=2))] if roll < 0.5 else []
    if roll < 0.04:
        return [("cancelled", timedelta(minutes=60))]  # never paid: the payment page expired
    path = [("paid", timedelta(minutes=rng.randrange(1, 30)))]
    if roll < 0.07:
        return [*path, ("cancelled", timedelta(hours=rng.randrange(2, 20)))]
    if roll < 0.09:
        return [*path, ("refunded", timedelta(days=rng.randrange(1, 5)))]
    shipped, delivered = timedelta(days=rng.uniform(0.5, 2)), timedelta(days=rng.uniform(2.5, 6))
    return [*path, *[(status, delay) for status, delay in (("shipped", shipped), ("delivered", delivered))
                     if delay < age]]


def _orders(shape: Shape, rng: random.Random, products: list[dict], start: datetime) -> tuple[list, list, list]:
    now = datetime.combine(shape.end, datetime.max.time()).replace(microsecond=0) - timedelta(hours=1)
    span = (now - start).total_seconds()
    # A long-tailed catalogue: a few products sell often, most rarely.
    weights = [1 / (rank ** 0.8) for rank in range(1, len(products) + 1)]
    orders, lines, events = [], [], []
    for number in range(1, shape.orders + 1):
        # The shop grows over the year: later days have more orders (sqrt bends the uniform draw later).
        created = start + timedelta(seconds=int(span * rng.random() ** 0.8))
        user_id = rng.randrange(2, shape.customers + 2)
        picks = rng.choices(products, weights, k=rng.choice((1, 1, 2, 2, 3, 4)))
        chosen = {product["id"]: product for product in picks}
        # Each product has one size, numbered like the product.
        order_lines = [{"order_id": number, "product_id": pid, "product_name": p["name"], "sku": p["sku"],
                        "size_id": pid, "size_label": ONE_SIZE,
                        "unit_price_cents": p["price_cents"], "quantity": rng.choice((1, 1, 1, 1, 2, 3))}
                       for pid, p in sorted(chosen.items())]
        path = _status_path(rng, now - created)
        city, country, postal = CITIES[user_id % len(CITIES)]
        orders.append({
            "id": number, "user_id": user_id, "status": path[-1][0] if path else "pending_payment", "currency": "eur",
            "total_cents": sum(line["unit_price_cents"] * line["quantity"] for line in order_lines),
            "checkout_token": f"bench-{number:08d}", "payment_method": PaymentMethod.TEST.value,
            "payment_reference": f"test-{number}" if path and path[0][0] == "paid" else None,
            "ship_name": f"Customer {user_id}", "ship_line1": f"Street {user_id}", "ship_line2": "",
            "ship_postal_code": postal, "ship_city": city, "ship_country": country,
            "created_at": created, "updated_at": created + (path[-1][1] if path else timedelta()),
        })
        lines.extend(order_lines)
        events.append({"order_id": number, "created_at": created, "actor_kind": "customer", "actor_id": user_id,
                       "from_status": None, "to_status": "pending_payment", "note": "Order placed"})
        previous = "pending_payment"
        for status, delay in path:
            kind = {"paid": "payment"}.get(status, "admin")
            events.append({"order_id": number, "created_at": created + delay, "actor_kind": kind,
                           "actor_id": 1 if kind == "admin" else None, "from_status": previous, "to_status": status,
                           "note": "Tracking 3S" + str(number) if status == "shipped" else ""})
            previous = status
    return orders, lines, events


def fill(app: Flask, shape: Shape) -> None:
    """Bulk-insert the shop's history, then rebuild the daily sales table from it."""
    rng = random.Random(shape.seed)
    start = datetime.combine(shape.end - timedelta(days=364), datetime.min.time())
    with app.app_context():
        products = _products(shape, rng)
        _bulk(Product, ({key: value for key, value in p.items() if key != "stock"} for p in products))
        _bulk(ProductSize, ({"id": p["id"], "product_id": p["id"], "label": ONE_SIZE, "position": 0,
                             "stock": p["stock"]} for p in products))
        _bulk(User, _customers(shape, start))
        orders, lines, events = _orders(shape, rng, products, start)
        _bulk(Order, iter(orders))
        _bulk(OrderLine, iter(lines))
        _bulk(OrderEvent, iter(events))
        if db.engine.dialect.name == "postgresql":
            # Explicit ids leave the sequences behind; later inserts (an admin action) would collide.
            for table in ("products", "product_sizes", "users", "orders", "order_lines", "order_events"):
                db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                                        f"(SELECT max(id) FROM {table}))"))
        db.session.commit()
        ledger.rebuild()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
        else:
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        print(f"Filled: {len(orders):,} orders, {len(lines):,} lines, {len(events):,} events, "
              f"{shape.customers:,} customers, {shape.products:,} products, {start:%Y-%m-%d} to {shape.end}")


# --- Measuring ------------------------------------------------------------------------------------

def admin_pages(shape: Shape) -> list[tuple[str, str]]:
    year = f"from={shape.end - timedelta(days=364)}&to={shape.end}"
    busy_product, busy_customer, an_order = 1, 2, shape.orders // 2
    return [
        ("overview", "/admin/"),
        ("orders, first page", "/admin/orders"),
        ("orders, page 200", "/admin/orders?page=200"),
        ("orders, status + dates", f"/admin/orders?status=delivered&{year}"),
        ("orders, search by email", "/admin/orders?q=customer77@bench"),
        ("orders, search by number", f"/admin/orders?q=%23{an_order}"),
        ("order detail", f"/admin/orders/{an_order}"),
        ("customers", "/admin/customers"),
        ("customer page", f"/admin/customers/{busy_customer}"),
        ("sales per product, 30 days", "/admin/sales"),
        ("sales per product, a year", f"/admin/sales?{year}&sort=revenue"),
        ("product sales, a year", f"/admin/sales/{busy_product}?{year}"),
        ("report: orders, 30 days", "/admin/reports"),
        ("report: orders, a year", f"/admin/reports?{year}"),
        *[(f"report: sales by {by}, a year", f"/admin/reports/sales?by={by}&{year}")
          for by in ("gender", "master_category", "sub_category", "article_type", "base_colour")],
        ("csv: sales per product, a year", f"/admin/reports/export/sales-by-product.csv?{year}"),
        ("csv: orders by day, a year", f"/admin/reports/export/orders-by-day.csv?{year}"),
        ("catalogue", "/admin/products"),
    ]


def measure(app: Flask, shape: Shape, repeat: int) -> list[tuple[str, float, float]]:
    client = app.test_client()
    page = client.get("/auth/login").text
    client.post("/auth/login", data={"csrf_token": CSRF.search(page).group(1), "email": ADMIN_EMAIL,
                                     "password": PASSWORD})
    results = []
    for label, url in admin_pages(shape):
        timings = []
        for _ in range(repeat + 1):  # the first request compiles templates and warms caches: not counted
            started = time.perf_counter()
            response = client.get(url)
            response.get_data()  # a streamed CSV is produced while it is read: count all of it
            timings.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
        results.append((label, statistics.median(timings[1:]) * 1000, max(timings[1:]) * 1000))
    return results


def big_export(app: Flask, shape: Shape) -> tuple[int, float]:
    """The largest export: every order of the year, streamed. Returns (bytes, seconds)."""
    client = app.test_client()
    page = client.get("/auth/login").text
    client.post("/auth/login", data={"csrf_token": CSRF.search(page).group(1), "email": ADMIN_EMAIL,
                                     "password": PASSWORD})
    started = time.perf_counter()
    body = client.get(f"/admin/reports/export/orders.csv?from={shape.end - timedelta(days=364)}&to={shape.end}").data
    return len(body), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=50_000)
    parser.add_argument("--customers", type=int, default=3_000)
    parser.add_argument("--products", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=15, help="requests per page (the median is printed)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--end", type=date.fromisoformat, default=datetime.now(UTC).date(),
                        help="the last day of the year of orders (default: today, UTC)")
    parser.add_argument("--database", help="a PostgreSQL URL the benchmark may wipe (default: SQLite)")
    args = parser.parse_args()
    shape = Shape(args.orders, args.customers, args.products, args.end, args.seed)
    with tempfile.TemporaryDirectory() as folder:
        app = scratch_app(Path(folder), args.database)
        started = time.perf_counter()
        fill(app, shape)
        print(f"Generated and rebuilt in {time.perf_counter() - started:.1f} s")
        backend = "PostgreSQL" if args.database else "SQLite (file)"
        print(f"Admin pages, {backend}, median and slowest of {args.repeat} requests through the test client")
        for label, median, slowest in measure(app, shape, args.repeat):
            print(f"  {label:<38} {median:7.1f} ms   (slowest {slowest:6.1f} ms)")
        size, seconds = big_export(app, shape)
        print(f"  {'csv: every order of the year':<38} {seconds * 1000:7.1f} ms   ({size / 1e6:.1f} MB, streamed)")
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
