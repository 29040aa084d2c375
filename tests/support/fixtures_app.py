"""Fixtures: the app on a migrated database per backend, a client, users, products.

The schema is always built by running the migrations, never by create_all(). Each process migrates
once per backend; after every test the rows, the files the shop wrote and the app's caches are reset.
"""
from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.support.databases import (
    BACKENDS,
    TEST_DATABASE_URL,
    ScratchShop,
    build_app,
    create_database_if_missing,
    drop_database,
    recreate_database,
    worker_database_url,
    xdist_worker,
)
from tests.support.paths import scratch_dir
from tests.support.products import product_maker
from tests.support.web import PASSWORD, Auth
from webapp.extensions import db
from webapp.models import Product, Role, User
from webapp.services.accounts.users import create_user


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """This process's PostgreSQL database: under xdist <name>_<worker>, made afresh and dropped at the end."""
    worker = xdist_worker()
    if worker is None:
        create_database_if_missing(TEST_DATABASE_URL)
        yield TEST_DATABASE_URL
        return
    url = worker_database_url(TEST_DATABASE_URL, worker)
    recreate_database(url)
    yield url
    drop_database(url)


@pytest.fixture(scope="session")
def scratch_shop(backend: str, request: pytest.FixtureRequest,
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScratchShop]:
    instance = scratch_dir(f"{xdist_worker() or 'main'}-{backend}", tmp_path_factory.mktemp(f"instance-{backend}"))
    database_url = request.getfixturevalue("postgres_url") if backend == "postgresql" else None
    app = build_app(instance, database_url)
    yield ScratchShop(app)
    with app.app_context():
        db.engine.dispose()
    shutil.rmtree(instance, ignore_errors=True)


@pytest.fixture(scope="session")
def migrated_app(scratch_shop: ScratchShop) -> Flask:
    return scratch_shop.app


@pytest.fixture
def app(scratch_shop: ScratchShop, request: pytest.FixtureRequest) -> Iterator[Flask]:
    """The app on a migrated, empty database; rows, written files and app caches are reset after each test."""
    kept_for = scratch_shop.kept_for
    if kept_for is not None and kept_for not in request.fixturenames:
        pytest.fail(f"the module keeps the rows of {kept_for!r} for its read-only tests; this test does not use "
                    "them and would see them: use the fixture, or move the test to another module", pytrace=False)
    with scratch_shop.app.app_context():
        yield scratch_shop.app
    scratch_shop.reset(rows=kept_for is None)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    """make_user(role, email, name): a user made by the accounts service, password PASSWORD.

    TestingConfig's PASSWORD_HASH_METHOD makes the hash quick; tests/test_auth.py proves scrypt.
    """
    counter = iter(range(1, 10_000))

    def make(role: Role = Role.CUSTOMER, email: str | None = None, name: str = "Test Person") -> User:
        return create_user(email or f"user{next(counter)}@shop.example.com", name, PASSWORD, role)

    return make


@pytest.fixture
def auth(client: FlaskClient) -> Auth:
    return Auth(client)


@pytest.fixture
def customer(make_user: Callable[..., User]) -> User:
    return make_user(Role.CUSTOMER, email="cora@shop.example.com", name="Cora Buyer")


@pytest.fixture
def admin(make_user: Callable[..., User]) -> User:
    return make_user(Role.ADMIN, email="ada@shop.example.com", name="Ada Boss")


@pytest.fixture
def admin_client(client: FlaskClient, auth: Auth, admin: User) -> FlaskClient:
    auth.login(admin)
    return client


@pytest.fixture
def make_product(app: Flask) -> Callable[..., Product]:
    """make_product(**fields): product_maker's products, in the test's app."""
    return product_maker()
