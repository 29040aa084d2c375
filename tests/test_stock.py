"""Selling out and coming back in stock are decided in one place and announced once, after the commit."""
import pytest

from webapp.extensions import db
from webapp.models.catalog import LOW_STOCK_THRESHOLD, Product
from webapp.services.catalog import admin as catalog_admin
from webapp.services.catalog.stock import announce_stock_crossings, crossed_zero, stock_moved
from webapp.signals import products_changed


@pytest.fixture
def heard(app):
    """The product ids of every products_changed announcement during the test."""
    announcements: list[list[int]] = []
    with products_changed.connected_to(lambda _app, product_ids: announcements.append(product_ids), app):
        yield announcements


@pytest.mark.parametrize(
    ("before", "after", "crossed"),
    [
        (1, 0, True),  # the last one sold
        (5, 0, True),
        (0, 3, True),  # back in stock
        (5, 4, False),
        (4, 5, False),
        (0, 0, False),
    ],
)
def test_stock_crosses_zero_when_a_product_sells_out_or_comes_back(before, after, crossed):
    assert crossed_zero(before, after) is crossed


def test_a_crossing_is_announced_only_after_the_commit(app, heard):
    stock_moved(7, stock=0, delta=-2)
    assert heard == []
    announce_stock_crossings()
    assert heard == [[7]]


def test_each_product_is_announced_once_however_often_it_crossed(app, heard):
    stock_moved(7, stock=0, delta=-1)
    stock_moved(7, stock=1, delta=1)
    stock_moved(3, stock=2, delta=2)
    announce_stock_crossings()
    assert heard == [[3, 7]]


def test_a_move_that_crosses_nothing_is_not_announced(app, heard):
    stock_moved(7, stock=4, delta=-1)
    announce_stock_crossings()
    assert heard == []


@pytest.mark.parametrize(("stock", "delta", "announced"), [(3, -3, True), (0, 5, True), (3, -1, False), (3, 2, False)])
def test_an_admins_stock_adjustment_announces_a_crossing(make_product, heard, stock, delta, announced):
    product = make_product(stock=stock)
    assert catalog_admin.adjust_stock(product, delta) == stock + delta
    assert heard == ([[product.id]] if announced else [])


def test_a_refused_adjustment_changes_and_announces_nothing(make_product, heard):
    product = make_product(stock=2)
    with pytest.raises(catalog_admin.CatalogError, match="Only 2 in stock"):
        catalog_admin.adjust_stock(product, -3)
    db.session.expire_all()
    assert (product.stock, heard) == (2, [])


@pytest.mark.parametrize(
    ("stock", "state"),
    [(0, "Out of stock"), (1, "Only 1 left"), (LOW_STOCK_THRESHOLD, f"Only {LOW_STOCK_THRESHOLD} left"),
     (LOW_STOCK_THRESHOLD + 1, "In stock")],
)
def test_a_product_page_says_only_n_left_up_to_the_low_stock_threshold(stock, state):
    assert Product(stock=stock).stock_state == state


def test_the_dashboard_names_the_low_stock_threshold(client, auth, admin):
    auth.login(admin)
    assert f"low stock (≤ {LOW_STOCK_THRESHOLD})" in client.get("/admin/").text
