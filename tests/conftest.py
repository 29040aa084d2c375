"""Fixtures: one per real thing (app on a migrated database, client, users, products, data).

Every database test runs on SQLite, and also on PostgreSQL when TEST_DATABASE_URL is set.
The schema is always built by running the migrations, never by create_all().
"""
from __future__ import annotations

import io
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image

from tests.support.scratch import scratch_app
from webapp.extensions import db
from webapp.models import Product, Role, User
from webapp.models.catalog import ONE_SIZE
from webapp.services.accounts.users import create_user
from webapp.services.catalog.media import store_product_image
from webapp.services.catalog.sizes import size_rows

REPO_ROOT = Path(__file__).resolve().parent.parent
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if TEST_DATABASE_URL else [])
PASSWORD = "correct-horse-42"


def shared_data_dir() -> Path:
    return Path(os.environ.get("SHOP_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))


def build_app(backend: str, instance: Path, **overrides: object) -> Flask:
    """The app on a freshly migrated database of this backend."""
    return scratch_app(instance, TEST_DATABASE_URL if backend == "postgresql" else None, **overrides)


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="session")
def migrated_app(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    app = build_app(backend, tmp_path_factory.mktemp(f"instance-{backend}"))
    yield app
    with app.app_context():
        db.engine.dispose()


def _empty_all_tables(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
    shutil.rmtree(app.config["MEDIA_ROOT"], ignore_errors=True)
    # What the look-alike index and the photo search wrote ($INSTANCE_DIR/recommender, /uploads).
    for folder in ("recommender", "uploads"):
        shutil.rmtree(Path(app.config["INSTANCE_DIR"]) / folder, ignore_errors=True)


@pytest.fixture
def app(migrated_app: Flask) -> Iterator[Flask]:
    """The app on a migrated, empty database; rows, media and recommender files are wiped after each test."""
    with migrated_app.app_context():
        yield migrated_app
    _empty_all_tables(migrated_app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF_PATTERN.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


def session_csrf_token(client: FlaskClient) -> str:
    """A token valid for this client's session: logged in, the header's logout form has one."""
    for url in ("/", "/auth/login"):
        match = CSRF_PATTERN.search(client.get(url).text)
        if match:
            return match.group(1)
    raise AssertionError("no page offered a CSRF token")


def post_form(client: FlaskClient, page_url: str, data: dict, action: str | None = None, **kwargs):
    """Submit a form the way a browser does: load the page, take its CSRF token, POST."""
    page = client.get(page_url)
    return client.post(action or page_url, data={"csrf_token": csrf_from(page.text), **data}, **kwargs)


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    counter = iter(range(1, 10_000))

    def make(role: Role = Role.CUSTOMER, email: str | None = None, name: str = "Test Person") -> User:
        return create_user(email or f"user{next(counter)}@shop.example.com", name, PASSWORD, role)

    return make


class Auth:
    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def login(self, user: User, password: str = PASSWORD, **kwargs):
        return post_form(
            self.client, "/auth/login", {"email": user.email, "password": password}, **kwargs
        )


@pytest.fixture
def auth(client: FlaskClient) -> Auth:
    return Auth(client)


@pytest.fixture
def customer(make_user: Callable[..., User]) -> User:
    return make_user(Role.CUSTOMER, email="cora@shop.example.com", name="Cora Buyer")


@pytest.fixture
def admin(make_user: Callable[..., User]) -> User:
    return make_user(Role.ADMIN, email="ada@shop.example.com", name="Ada Boss")


def jpeg_bytes(colour: tuple[int, int, int] = (200, 30, 30), size: tuple[int, int] = (60, 80)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.fixture
def make_product(app: Flask) -> Callable[..., Product]:
    """make_product(**fields): one size holding `stock` (10), or the sizes given as sizes={"S": 2, "M": 0}."""
    counter = iter(range(1, 100_000))

    def make(**fields: object) -> Product:
        number = next(counter)
        sku = str(fields.pop("sku", f"T-{number:04d}"))
        stock = fields.pop("stock", 10)
        sizes = size_rows(fields.pop("sizes", None) or {ONE_SIZE: stock})
        values = {
            "name": f"Test Product {number}",
            "gender": "Men",
            "master_category": "Apparel",
            "sub_category": "Topwear",
            "article_type": "Tshirts",
            "base_colour": "Red",
            "season": "Summer",
            "usage": "Casual",
            "year": 2020,
            "price_cents": 1999,
            "image_name": store_product_image(sku, jpeg_bytes(), ".jpg"),
            **fields,
        }
        product = Product(sku=sku, sizes=sizes, **values)
        db.session.add(product)
        db.session.commit()
        return product

    return make
