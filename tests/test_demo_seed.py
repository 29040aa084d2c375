"""`flask seed-demo`: a real-looking demo catalogue and two logins; running it again adds nothing."""
from sqlalchemy import func, select

from webapp.demo.seed import DEMO_ACCOUNTS, seed_demo
from webapp.extensions import db
from webapp.models import Product, Role, User


def test_seeding_creates_the_demo_catalogue_with_pictures(app):
    result = seed_demo()
    assert result.products_created >= 120
    types = db.session.scalar(select(func.count(func.distinct(Product.article_type))))
    assert types >= 12
    assert db.session.scalar(select(func.count()).where(Product.image_name.is_(None))) == 0
    assert db.session.scalar(select(func.count()).where(Product.is_featured.is_(True))) > 0


def test_seeding_creates_one_admin_and_one_customer(app):
    seed_demo()
    roles = sorted(db.session.scalars(select(User.role)))
    assert roles == [Role.ADMIN.value, Role.CUSTOMER.value]


def test_seeding_twice_adds_nothing_and_keeps_changes(app):
    seed_demo()
    first = db.session.scalar(select(Product).order_by(Product.id))
    first.sizes[0].stock = 99
    db.session.commit()
    again = seed_demo()
    assert (again.products_created, again.accounts_created, again.promotions_created) == (0, 0, 0)
    assert db.session.scalar(select(func.count()).select_from(Product)) >= 120
    assert db.session.get(Product, first.id).sizes[0].stock == 99


def test_the_command_prints_the_demo_logins(runner):
    output = runner.invoke(args=["seed-demo"]).output
    for _email, _name, password, _role in DEMO_ACCOUNTS:
        assert _email in output and password in output


def test_demo_logins_work(client, app):
    seed_demo()
    email, _name, password, _role = DEMO_ACCOUNTS[1]
    from tests.support.web import post_form

    response = post_form(client, "/auth/login", {"email": email, "password": password}, follow_redirects=True)
    assert response.request.path == "/account/"


def test_seeding_adds_a_live_deal_and_a_welcome_coupon(app, client):
    assert seed_demo().promotions_created == 2
    sandals = db.session.scalar(select(Product).where(Product.article_type == "Sandals", Product.in_stock))
    html = client.get(f"/products/{sandals.id}").text
    assert "Sandal season" in html
