"""`flask seed-demo`: a real-looking demo catalogue and two logins; running it again adds nothing.

Seeding draws 432 pictures, so the demo shop is seeded once per backend and copied back for each test.
"""
import pytest
from flask import Flask
from sqlalchemy import func, select

from tests.support.databases import ScratchShop, Snapshot
from tests.support.web import post_form
from webapp.demo.seed import DEMO_ACCOUNTS, SeedResult, seed_demo
from webapp.extensions import db
from webapp.models import Product, Role, User


@pytest.fixture(scope="module")
def first_seeding(scratch_shop: ScratchShop) -> tuple[SeedResult, Snapshot]:
    """What seeding an empty shop reports, and the rows and files it leaves."""
    snapshot, result = scratch_shop.scene(seed_demo)
    return result, snapshot


@pytest.fixture
def seeded(app: Flask, scratch_shop: ScratchShop, first_seeding: tuple[SeedResult, Snapshot]) -> SeedResult:
    """The shop just after its first seeding; returns what that seeding reported."""
    result, snapshot = first_seeding
    assert scratch_shop.restore(snapshot), "the demo shop is copied into an empty database"
    return result


def test_seeding_creates_the_demo_catalogue_with_pictures(seeded):
    assert seeded.products_created >= 120
    types = db.session.scalar(select(func.count(func.distinct(Product.article_type))))
    assert types >= 12
    assert db.session.scalar(select(func.count()).where(Product.image_name.is_(None))) == 0
    assert db.session.scalar(select(func.count()).where(Product.is_featured.is_(True))) > 0


def test_seeding_creates_one_admin_and_one_customer(seeded):
    assert seeded.accounts_created == 2
    roles = sorted(db.session.scalars(select(User.role)))
    assert roles == [Role.ADMIN.value, Role.CUSTOMER.value]


def test_seeding_twice_adds_nothing_and_keeps_changes(seeded):
    first = db.session.scalar(select(Product).order_by(Product.id))
    first.sizes[0].stock = 99
    db.session.commit()
    again = seed_demo()
    assert (again.products_created, again.accounts_created, again.promotions_created) == (0, 0, 0)
    assert db.session.scalar(select(func.count()).select_from(Product)) == seeded.products_created
    assert db.session.get(Product, first.id).sizes[0].stock == 99


def test_the_command_prints_the_demo_logins(seeded, runner):
    output = runner.invoke(args=["seed-demo"]).output
    for email, _name, password, _role in DEMO_ACCOUNTS:
        assert email in output and password in output


def test_demo_logins_work(seeded, client):
    email, _name, password, _role = DEMO_ACCOUNTS[1]
    response = post_form(client, "/auth/login", {"email": email, "password": password}, follow_redirects=True)
    assert response.request.path == "/account/"


def test_seeding_adds_a_live_deal_and_a_welcome_coupon(seeded, client):
    assert seeded.promotions_created == 2
    sandals = db.session.scalar(select(Product).where(Product.article_type == "Sandals", Product.in_stock))
    html = client.get(f"/products/{sandals.id}").text
    assert "Sandal season" in html
