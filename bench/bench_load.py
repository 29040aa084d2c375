"""Load: the shop as production runs it, under 32 concurrent shoppers for 60 s. Measures and prints; not a test.

What it starts, all on loopback: gunicorn with gunicorn.conf.py (4 workers x 4 threads, ProductionConfig:
SECRET_KEY, an https SHOP_URL, PostgreSQL, Redis), `flask worker` for the background jobs, and the Stripe
stand-in of the tests (tests/support/stripe_standin.py) with a payment page: paying there completes the
Checkout Session and the stand-in sends the shop a signed checkout.session.completed webhook, as Stripe
does (retried while the shop does not answer 2xx, and one event in ten delivered twice, since Stripe
delivers at least once). Before that it empties the database, migrates it, seeds the demo catalogue
(`flask seed-demo`, run with the development config: it refuses production), builds the look-alike index
and creates one account with a saved address per client.

Each client is a thread with its own requests.Session (its own cookies and kept-alive connections), logged
in before the clock starts, and loops: home, a filtered listing, two product pages, add a size in stock to
the cart, the cart, and every third round checkout (review, place the order, pay on the stand-in's page,
the order page Stripe sends the customer back to). A request that meets a reset connection is sent once
more (what a browser or a load balancer does; placing an order is safe to repeat, its checkout token makes
it one order) and counted as a retry; errors are what still failed, a 5xx, or an answer no page gives.
A size that sells out between the product page and the order is the shop's refusal, counted apart.

With --kill-workers N, N of the 4 gunicorn workers get SIGKILL halfway through; the master starts new ones.

After the run it waits for the webhooks still owed, then checks the database: every order a client paid for
exists and is paid; one order per checkout (token) and per Checkout Session, payment confirmed once per
order; for every size, stock at the start - units in pending and paid orders = stock now, never negative.

    .venv/bin/python bench/bench_load.py                     # steady
    .venv/bin/python bench/bench_load.py --kill-workers 2    # 2 of 4 workers killed at 30 s
    options: --database postgresql+psycopg://postgres@127.0.0.1:5432/shop_load (WIPED: give it one made for
    this)  --redis redis://127.0.0.1:6379/7 (FLUSHED)  --clients 32  --seconds 60  --warmup 5

Bounded (clients, seconds, a timeout on every request) and loopback only; every process it started is
stopped on exit and on Ctrl-C.
"""
from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import queue
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "bench"))

from timing import percentiles  # noqa: E402

from tests.support.stripe_standin import StripeStandIn  # noqa: E402 - after the path is set

DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/shop_load"
REDIS = "redis://127.0.0.1:6379/7"
WORKERS, THREADS = 4, 4
LOOPBACK = ("127.0.0.1", "localhost", "::1")
REQUEST_TIMEOUT = 30  # seconds; no request of the run can hang it
WEBHOOK_SECRET = "whsec_bench_load"  # noqa: S105 - a throwaway secret shared by the shop and the stand-in
PASSWORD = "bench-load-Quartz-Lantern-97"  # noqa: S105 - throwaway accounts in a wiped database
CHECKOUT_EVERY = 3  # rounds
REPLAY_EVERY = 10  # webhooks
SHOP_KINDS = ("home", "listing", "product", "add to cart", "cart", "review", "place order", "order page")
PAY_KIND = "pay (stand-in)"
LISTINGS = (
    "/products?gender=Women&master_category=Apparel",
    "/products?gender=Men&in_stock=1&sort=price_asc",
    "/products?master_category=Footwear&price_max=80",
    "/products?master_category=Accessories&sort=name",
    "/products?gender=Women&master_category=Footwear&in_stock=1",
    "/products?gender=Men&master_category=Apparel&price_min=20&price_max=60",
    "/products?gender=Unisex",
    "/products?q=shirt",
)
PRODUCT_LINK = re.compile(r'href="/products/(\d+)"')
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
ADD_FORM = re.compile(r'<form[^>]*action="/cart/add".*?</form>', re.DOTALL)
PRODUCT_FIELD = re.compile(r'name="product_id" value="(\d+)"')
SIZE_FIELD = re.compile(r'name="size_id" value="(\d+)"([^>]*)>')
TOKEN = re.compile(r'name="checkout_token" value="([^"]+)"')
TOTAL = re.compile(r'name="total_cents" value="(\d+)"')
REMOVE = re.compile(r'action="(/cart/items/\d+/remove)"')


# --- The Stripe stand-in, with a payment page that sends webhooks ------------------------------------------

class PayingStandIn(StripeStandIn):
    """The tests' Stripe stand-in plus what Stripe's hosted page does: GET /pay/<session> pays it.

    Paying completes the session and queues a signed checkout.session.completed for the shop's webhook.
    """

    def __init__(self) -> None:
        super().__init__()
        self.deliveries: queue.Queue[dict[str, Any]] = queue.Queue()

    def _create_session(self, form: dict[str, str]) -> dict[str, Any]:
        session = super()._create_session(form)
        session["success_url"] = form.get("success_url")  # where the page sends the customer once paid
        return session

    def _route(self, method: str, path: str, form: dict[str, str]) -> tuple[int, dict]:
        parts = path.strip("/").split("/")
        if method == "GET" and len(parts) == 2 and parts[0] == "pay":
            return self._pay_page(parts[1])
        return super()._route(method, path, form)

    def _pay_page(self, session_id: str) -> tuple[int, dict]:
        from tests.support.buying import stripe_event  # imports the app's models: after the environment is set

        session = self.sessions.get(session_id)
        if session is None:
            return 404, {"error": {"message": f"No such checkout.session: '{session_id}'"}}
        if session["status"] == "open":  # paying twice (a retried page) pays once
            self.deliveries.put(stripe_event("checkout.session.completed", self.pay(session_id)))
        return 200, {"paid": True, "order_id": int(session["metadata"]["order_id"]),
                     "success_url": session["success_url"]}


@dataclass
class WebhookStats:
    delivered: int = 0
    replayed: int = 0
    retried: int = 0
    refused: list[str] = field(default_factory=list)
    events: itertools.count = field(default_factory=lambda: itertools.count(1))  # shared by the delivery threads
    lock: threading.Lock = field(default_factory=threading.Lock)


def deliver_webhooks(standin: PayingStandIn, url: str, stats: WebhookStats, stop: threading.Event) -> None:
    """One of Stripe's delivery threads: POST each event signed, retrying with growing pauses until a 2xx."""
    from tests.support.buying import stripe_signature

    client = requests.Session()
    while not (stop.is_set() and standin.deliveries.empty()):
        try:
            event = standin.deliveries.get(timeout=0.2)
        except queue.Empty:
            continue
        with stats.lock:
            copies = 2 if next(stats.events) % REPLAY_EVERY == 0 else 1
        for _ in range(copies):
            _deliver(client, url, event, stats, stripe_signature)
        with stats.lock:
            stats.delivered += 1
            stats.replayed += copies - 1
        standin.deliveries.task_done()


def _deliver(client: requests.Session, url: str, event: dict, stats: WebhookStats, sign: Any) -> None:
    payload = json.dumps(event)
    for attempt in range(12):
        try:
            answer = client.post(url, data=payload, timeout=REQUEST_TIMEOUT, headers={
                "Content-Type": "application/json", "Stripe-Signature": sign(payload, secret=WEBHOOK_SECRET)})
            if answer.status_code < 300:
                return
            if answer.status_code < 500:
                with stats.lock:
                    stats.refused.append(f"{event['id']}: {answer.status_code} {answer.text[:200]}")
                return
        except requests.RequestException:
            pass
        with stats.lock:
            stats.retried += 1
        time.sleep(min(0.25 * 2**attempt, 5))
    with stats.lock:
        stats.refused.append(f"{event['id']}: not delivered after 12 attempts")


# --- The processes ---------------------------------------------------------------------------------------

class Processes:
    """Everything the bench starts, stopped in reverse order whatever happens."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.running: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("ab")
        # A session of its own: Ctrl-C reaches the bench, which then stops these in order.
        process = subprocess.Popen(argv, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        self.running.append((name, process))
        return process

    def stop_all(self) -> None:
        for _name, process in reversed(self.running):
            if process.poll() is None:
                process.terminate()
        for _name, process in reversed(self.running):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.running.clear()


def run_command(argv: list[str], env: dict[str, str], logs: Path, name: str) -> None:
    with (logs / f"{name}.log").open("ab") as log:
        done = subprocess.run(argv, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, check=False,
                              timeout=900)
    if done.returncode:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}); see {logs / (name + '.log')}")


def children_of(pid: int) -> list[int]:
    """The live child processes of `pid` (gunicorn's workers), from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(stat.parent.name))
    return sorted(found)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_ready(base: str, server: subprocess.Popen, seconds: int = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited while starting; see its log")
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        time.sleep(0.3)
    raise SystemExit("gunicorn did not become ready")


# --- Setting up the shop ----------------------------------------------------------------------------------

def refuse_remote(url: str, what: str) -> None:
    if urlsplit(url).hostname not in LOOPBACK:
        raise SystemExit(f"{what} must be on loopback, not {urlsplit(url).hostname}")


def shop_environment(args: argparse.Namespace, instance: Path, standin_url: str) -> dict[str, str]:
    """Production settings, as a pod gets them from its ConfigMap and Secret."""
    return {
        **os.environ,
        "SHOP_CONFIG": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "SHOP_URL": "https://shop.example.com",
        "DATABASE_URL": args.database,
        "REDIS_URL": args.redis,
        "INSTANCE_DIR": str(instance),
        "STRIPE_SECRET_KEY": "sk_test_bench_load",
        "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "STRIPE_API_BASE": standin_url,
        "WEB_CONCURRENCY": str(WORKERS),
        "GUNICORN_THREADS": str(THREADS),
        "DB_POOL_SIZE": str(THREADS),
        "MALLOC_ARENA_MAX": "2",  # as the Dockerfile sets it
        # No photo search in the mix; product pages read stored look-alikes. No weights to download offline.
        "RECOMMENDER_WEIGHTS": "fallback",
        "JOBS_QUEUE": "bench-load",
    }


def wipe(args: argparse.Namespace) -> None:
    from redis import Redis
    from sqlalchemy import create_engine, text

    engine = create_engine(args.database)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    Redis.from_url(args.redis).flushdb()


def prepare_shop(env: dict[str, str], logs: Path, clients: int) -> list[str]:
    """Schema, demo catalogue, look-alike index, and one account with an address per client; their emails."""
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    run_command([*flask, "db", "upgrade"], env, logs, "migrate")
    run_command([*flask, "seed-demo"], {**env, "SHOP_CONFIG": "development"}, logs, "seed")
    run_command([*flask, "recommender", "index"], env, logs, "index")
    os.environ.update(env)  # the app's config classes read the environment when first imported
    from webapp import create_app
    from webapp.extensions import db
    from webapp.services.accounts.users import create_user
    from webapp.services.buying import checkout

    app = create_app()
    emails = [f"shopper-{number:02d}@bench.example.com" for number in range(clients)]
    with app.app_context():
        for email in emails:
            user = create_user(email, email.split("@")[0], PASSWORD)
            checkout.save_address(user.id, checkout.Address("Bench Shopper", "Damrak 1", "1012 LG", "Amsterdam", "NL"))
        db.engine.dispose()
    return emails


# --- The clients ------------------------------------------------------------------------------------------

@dataclass
class Record:
    """What every client saw, under one lock."""

    window: tuple[float, float] = (0.0, 0.0)  # perf_counter start and end of the measured minute
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    error_kinds: Counter = field(default_factory=Counter)
    retries: Counter = field(default_factory=Counter)
    sold_out: Counter = field(default_factory=Counter)
    checkout_tokens: set[str] = field(default_factory=set)
    paid_orders: set[int] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def measured(self, started: float, ended: float) -> bool:
        return self.window[0] <= started and ended <= self.window[1]


class Unexpected(Exception):
    """An answer no page of the shop gives on this path: an error of the run."""


class Stopped(Exception):
    """The measured time is over: the client leaves, wherever it is (an order may stay unpaid, as in life)."""


class LoopbackSession(requests.Session):
    """A client's cookies and kept-alive connections, sending Secure cookies back over http to loopback.

    Production marks the session cookie Secure; browsers treat http://127.0.0.1 as a secure context and
    send it there, but requests never sends a Secure cookie over http (a policy set on the jar is lost when
    a request's cookies are merged), so the bench unmarks the cookies it receives, and only these.
    """

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        response = super().send(request, **kwargs)
        for cookie in self.cookies:
            cookie.secure = False
        return response


class Shopper:
    def __init__(self, base: str, standin: str, email: str, record: Record, stop: threading.Event,
                 seed: int) -> None:
        self.base, self.standin, self.email, self.record, self.stop = base, standin, email, record, stop
        self.http = LoopbackSession()
        self.random = random.Random(seed)
        self.csrf = ""
        self.products: list[int] = []

    def run(self) -> None:
        try:
            self.log_in()
            for round_number in itertools.count(1):
                if self.stop.is_set():
                    return
                self.browse_and_add()
                if round_number % CHECKOUT_EVERY == 0 and not self.stop.is_set():
                    self.check_out()
        except Stopped:
            pass
        except Unexpected as exc:
            with self.record.lock:
                self.record.errors.append(f"{self.email}: {exc}")
                self.record.error_kinds[str(exc).split(":")[0]] += 1
        finally:
            self.http.close()

    def request(self, kind: str, method: str, url: str, expect: tuple[int, ...], **kwargs: Any) -> requests.Response:
        """One timed request; a reset connection is tried once more. Unexpected on anything else."""
        for attempt in (1, 2):
            if self.stop.is_set():
                raise Stopped
            started = time.perf_counter()
            try:
                answer = self.http.request(method, url, timeout=REQUEST_TIMEOUT, allow_redirects=False, **kwargs)
            except requests.ConnectionError as exc:
                with self.record.lock:
                    self.record.retries[kind] += 1
                if attempt == 2:
                    raise Unexpected(f"{kind}: connection failed twice: {exc}") from exc
                continue
            except requests.Timeout as exc:
                raise Unexpected(f"{kind}: no answer in {REQUEST_TIMEOUT} s") from exc
            ended = time.perf_counter()
            with self.record.lock:
                if self.record.measured(started, ended):
                    self.record.times[kind].append((ended - started) * 1000)
            if answer.status_code not in expect:
                raise Unexpected(f"{kind}: {method} {urlsplit(url).path} answered {answer.status_code}")
            return answer
        raise AssertionError("unreachable")

    def page(self, kind: str, path: str, expect: tuple[int, ...] = (200,)) -> str:
        text = self.request(kind, "GET", self.base + path, expect).text
        self.products += [int(found) for found in PRODUCT_LINK.findall(text)][:24]
        self.products = self.products[-60:]
        return text

    def post(self, kind: str, path: str, data: dict[str, Any], expect: tuple[int, ...]) -> requests.Response:
        return self.request(kind, "POST", self.base + path, expect, data={"csrf_token": self.csrf, **data})

    def log_in(self) -> None:
        form = self.request("login", "GET", f"{self.base}/auth/login", (200,)).text
        self.request("login", "POST", f"{self.base}/auth/login", (302,),
                     data={"csrf_token": CSRF.search(form).group(1), "email": self.email, "password": PASSWORD})
        self.csrf = CSRF.search(self.page("home", "/")).group(1)  # the token rotates at login

    def browse_and_add(self) -> None:
        self.page("home", "/")
        self.page("listing", self.random.choice(LISTINGS))
        choice = None
        for _ in range(2):
            product_id = self.random.choice(self.products)
            choice = in_stock_size(self.page("product", f"/products/{product_id}"), product_id, self.random) or choice
        if choice:
            product_id, size_id = choice
            answer = self.post("add to cart", "/cart/add", {"product_id": product_id, "size_id": size_id,
                                                            "quantity": 1}, (302, 400))
            if answer.status_code == 400:  # sold out since the product page showed it
                with self.record.lock:
                    self.record.sold_out["add to cart"] += 1
        self.page("cart", "/cart/")

    def check_out(self) -> None:
        review = self.request("review", "GET", f"{self.base}/checkout/review", (200, 302))
        if review.status_code == 302:  # empty, or a line sold out: the cart says which
            self.empty_cart("review")
            return
        token = TOKEN.search(review.text).group(1)
        form = {"checkout_token": token, "total_cents": TOTAL.search(review.text).group(1)}
        with self.record.lock:
            self.record.checkout_tokens.add(token)
        placed = self.post("place order", "/checkout/place", form, (303, 409))
        if placed.status_code == 409:
            self.empty_cart("place order")
            return
        location = placed.headers["Location"]
        if not location.startswith(self.standin + "/pay/"):
            raise Unexpected(f"place order: sent to {location}, not to Stripe's page")
        paid = self.request(PAY_KIND, "GET", location, (200,)).json()
        with self.record.lock:
            self.record.paid_orders.add(paid["order_id"])
        self.page("order page", urlsplit(paid["success_url"]).path)

    def empty_cart(self, where: str) -> None:
        with self.record.lock:
            self.record.sold_out[where] += 1
        for remove in REMOVE.findall(self.page("cart", "/cart/")):
            self.post("cart", remove, {}, (302,))


def in_stock_size(html: str, product_id: int, rng: random.Random) -> tuple[int, int] | None:
    """A size of this product the page offers (not disabled), as (product id, size id); None when sold out."""
    for form in ADD_FORM.findall(html):
        found = PRODUCT_FIELD.search(form)
        if found and int(found.group(1)) == product_id:
            sizes = [int(size) for size, rest in SIZE_FIELD.findall(form) if "disabled" not in rest]
            return (product_id, rng.choice(sizes)) if sizes else None
    return None


# --- Killing workers --------------------------------------------------------------------------------------

@dataclass
class Kill:
    at_seconds: float
    count: int
    killed: list[int] = field(default_factory=list)
    back_after: float | None = None  # seconds until the master had all its workers again


def kill_workers(master: subprocess.Popen, kill: Kill, started: float, stop: threading.Event) -> None:
    if stop.wait(max(0.0, started + kill.at_seconds - time.perf_counter())):
        return
    before = children_of(master.pid)
    for pid in before[: kill.count]:
        os.kill(pid, signal.SIGKILL)
        kill.killed.append(pid)
    killed_at = time.perf_counter()
    while not stop.is_set():
        workers = [pid for pid in children_of(master.pid) if pid not in kill.killed]
        if len(workers) >= WORKERS:
            kill.back_after = time.perf_counter() - killed_at
            return
        time.sleep(0.1)


# --- Checks -----------------------------------------------------------------------------------------------

def stock_by_size() -> dict[int, int]:
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import ProductSize

    return {size_id: stock for size_id, stock in db.session.execute(select(ProductSize.id, ProductSize.stock))}


def check_database(app: Any, record: Record, standin: PayingStandIn, initial: dict[int, int]) -> list[str]:
    """Lines for the report; failures start with FAIL."""
    from sqlalchemy import func, select

    from webapp.extensions import db
    from webapp.models import Order, OrderEvent, OrderLine
    from webapp.models.orders import OrderStatus

    lines = []
    with app.app_context():
        orders = db.session.execute(select(Order.id, Order.status, Order.checkout_token, Order.stripe_session_id)).all()
        by_status = Counter(order.status for order in orders)
        lines.append("orders: " + ", ".join(f"{count} {status}" for status, count in sorted(by_status.items())))
        paid_states = {status.value for status in OrderStatus.paid_for()}
        status_of = {order.id: order.status for order in orders}
        lost = sorted(order_id for order_id in record.paid_orders if status_of.get(order_id) not in paid_states)
        lines.append(_verdict(not lost, f"orders clients paid for: {len(record.paid_orders)}, in the database and "
                              f"paid: {len(record.paid_orders) - len(lost)}" + (f"; lost or unpaid: {lost[:20]}" if lost
                                                                                 else "")))
        tokens = Counter(order.checkout_token for order in orders)
        foreign = [token for token in tokens if token not in record.checkout_tokens]
        lines.append(_verdict(max(tokens.values(), default=1) == 1 and not foreign,
                              f"checkouts submitted: {len(record.checkout_tokens)}, orders: {len(orders)}, "
                              f"orders per checkout token at most {max(tokens.values(), default=0)}, "
                              f"orders from no client's checkout: {len(foreign)}"))
        sessions = Counter(order.stripe_session_id for order in orders if order.stripe_session_id)
        per_order = Counter(session["metadata"]["order_id"] for session in standin.sessions.values())
        lines.append(_verdict(max(sessions.values(), default=1) == 1 and max(per_order.values(), default=1) == 1,
                              f"Checkout Sessions: {len(standin.sessions)} created at the stand-in, "
                              f"{sum(sessions.values())} on orders; orders per session at most "
                              f"{max(sessions.values(), default=0)}, sessions per order at most "
                              f"{max(per_order.values(), default=0)}"))
        confirmations = Counter(db.session.scalars(select(OrderEvent.order_id).where(
            OrderEvent.to_status == OrderStatus.PAID.value)))
        lines.append(_verdict(max(confirmations.values(), default=1) == 1,
                              f"payments confirmed: {sum(confirmations.values())} events, at most "
                              f"{max(confirmations.values(), default=0)} per order"))
        kept = [OrderStatus.PENDING_PAYMENT.value, *paid_states]
        sold = {size_id: units for size_id, units in db.session.execute(
            select(OrderLine.size_id, func.sum(OrderLine.quantity)).join(Order)
            .where(Order.status.in_(kept)).group_by(OrderLine.size_id))}
        now = stock_by_size()
        wrong = [size for size, stock in initial.items() if stock - sold.get(size, 0) != now.get(size)]
        negative = [size for size, stock in now.items() if stock < 0]
        lines.append(_verdict(not wrong and not negative,
                              f"stock: {len(initial)} sizes, {sum(sold.values())} units in pending and paid orders; "
                              f"start - sold != now for {len(wrong)} sizes {wrong[:10]}, negative for {len(negative)}, "
                              f"sizes sold out now: {sum(1 for stock in now.values() if stock == 0)}"))
        db.engine.dispose()
    return lines


def _verdict(ok: bool, text: str) -> str:
    return ("ok    " if ok else "FAIL  ") + text


# --- The run ----------------------------------------------------------------------------------------------

def report(record: Record, seconds: float, webhooks: WebhookStats, kill: Kill | None) -> None:
    print(f"\n{'kind':<18} {'requests':>9} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'retried':>8}")
    everything: list[float] = []
    for kind in (*SHOP_KINDS, PAY_KIND):
        times = record.times.get(kind, [])
        if kind != PAY_KIND:
            everything += times
        p50, p95, p99 = percentiles(times)
        print(f"{kind:<18} {len(times):>9} {len(times) / seconds:>7.1f} {p50:>8.0f} {p95:>8.0f} {p99:>8.0f} "
              f"{record.retries.get(kind, 0):>8}")
    p50, p95, p99 = percentiles(everything)
    print(f"{'shop, all kinds':<18} {len(everything):>9} {len(everything) / seconds:>7.1f} {p50:>8.0f} {p95:>8.0f} "
          f"{p99:>8.0f} {sum(count for kind, count in record.retries.items() if kind != PAY_KIND):>8}")
    print(f"\nerrors: {len(record.errors)}" + (f" {dict(record.error_kinds)}" if record.errors else ""))
    for line in record.errors[:10]:
        print(f"  {line}")
    print(f"refused as sold out (the shop's answer, not errors): {dict(record.sold_out) or 0}")
    print(f"webhooks: {webhooks.delivered} events delivered ({webhooks.replayed} of them twice), "
          f"{webhooks.retried} deliveries retried, {len(webhooks.refused)} refused {webhooks.refused[:5]}")
    if kill:
        back = f"{kill.back_after:.1f} s later" if kill.back_after is not None else "not within the run"
        print(f"killed workers {kill.killed} at {kill.at_seconds:.0f} s; gunicorn had forked {WORKERS} workers "
              f"again {back} (each then loads the app before it serves)")


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default=DATABASE, help="PostgreSQL URL on loopback; it is WIPED")
    parser.add_argument("--redis", default=REDIS, help="Redis URL on loopback; the database is FLUSHED")
    parser.add_argument("--clients", type=int, default=32, choices=range(1, 129), metavar="1..128")
    parser.add_argument("--seconds", type=int, default=60, choices=range(5, 601), metavar="5..600")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of load before the clock starts")
    parser.add_argument("--kill-workers", type=int, default=0, choices=range(WORKERS), help="kill N workers halfway")
    return parser.parse_args()


def stop_on_sigterm() -> None:
    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


@contextlib.contextmanager
def started(processes: Processes, standin: PayingStandIn) -> Iterator[None]:
    try:
        yield
    finally:
        processes.stop_all()
        standin.stop()


def main() -> None:
    args = parse_arguments()
    refuse_remote(args.database, "--database")
    refuse_remote(args.redis, "--redis")
    stop_on_sigterm()
    with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
        instance, logs = Path(folder) / "instance", Path(folder) / "logs"
        logs.mkdir()
        standin = PayingStandIn()
        standin.start()
        processes = Processes(logs)
        with started(processes, standin):
            run(args, instance, logs, standin, processes)


def run(args: argparse.Namespace, instance: Path, logs: Path, standin: PayingStandIn, processes: Processes) -> None:
    env = shop_environment(args, instance, standin.url)
    print(f"Load: gunicorn {WORKERS} workers x {THREADS} threads, production settings, PostgreSQL, Redis, "
          f"Stripe stand-in; {args.clients} clients, {args.seconds} s after {args.warmup} s of warm-up"
          + (f"; {args.kill_workers} workers killed at {args.seconds / 2:.0f} s" if args.kill_workers else ""))
    wipe(args)
    started_setup = time.perf_counter()
    emails = prepare_shop(env, logs, args.clients)
    from webapp import create_app

    app = create_app()
    with app.app_context():
        initial = stock_by_size()
    print(f"set up in {time.perf_counter() - started_setup:.0f} s: {len(initial)} sizes on sale; "
          f"load average before the run {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = processes.start("gunicorn", [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
                                          "--bind", f"127.0.0.1:{port}", "wsgi:app"], env)
    processes.start("worker", [sys.executable, "-m", "flask", "--app", "wsgi", "worker"], env)
    wait_until_ready(base, server)

    record, stop, webhooks = Record(), threading.Event(), WebhookStats()
    delivery_stop = threading.Event()
    deliverers = [threading.Thread(target=deliver_webhooks, args=(standin, f"{base}/stripe/webhook", webhooks,
                                                                  delivery_stop), daemon=True) for _ in range(4)]
    shoppers = [Shopper(base, standin.url, email, record, stop, seed=number) for number, email in enumerate(emails)]
    threads = [threading.Thread(target=shopper.run, daemon=True) for shopper in shoppers]
    clock = time.perf_counter() + args.warmup
    record.window = (clock, clock + args.seconds)
    kill = Kill(args.seconds / 2, args.kill_workers) if args.kill_workers else None
    killer = threading.Thread(target=kill_workers, args=(server, kill, clock, stop), daemon=True) if kill else None
    for thread in (*deliverers, *threads, *([killer] if killer else [])):
        thread.start()
    try:
        time.sleep(max(0.0, record.window[1] - time.perf_counter()))
    finally:
        stop.set()
        for thread in threads:
            thread.join(REQUEST_TIMEOUT + 5)
    drained = time.perf_counter()
    standin.deliveries.join()
    delivery_stop.set()
    for thread in deliverers:
        thread.join(10)
    print(f"clients stopped; the last webhooks arrived {time.perf_counter() - drained:.1f} s later")
    report(record, args.seconds, webhooks, kill)
    print("\nchecks in the database:")
    for line in check_database(app, record, standin, initial):
        print(f"  {line}")


if __name__ == "__main__":
    main()
