"""Selling out and coming back in stock are decided in one place and announced once, after the commit.

Stock is per size; a product is in stock while any of its sizes is."""
import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models.catalog import LOW_STOCK_THRESHOLD, Product, ProductSize
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


@pytest.fixture
def one_size(make_product):
    """A product of one size with no stock yet, and that size: moves are reported as its stock changes."""
    return make_product(stock=0).sizes[0]


def test_a_crossing_is_announced_only_after_the_commit(app, heard, one_size):
    stock_moved(one_size.product_id, one_size.id, stock=0, delta=-2)
    assert heard == []
    announce_stock_crossings()
    assert heard == [[one_size.product_id]]


def test_each_product_is_announced_once_however_often_it_crossed(app, heard, make_product):
    first, second = make_product(stock=0).sizes[0], make_product(stock=0).sizes[0]
    stock_moved(second.product_id, second.id, stock=0, delta=-1)
    stock_moved(second.product_id, second.id, stock=1, delta=1)
    stock_moved(first.product_id, first.id, stock=2, delta=2)
    announce_stock_crossings()
    assert heard == [sorted([first.product_id, second.product_id])]


def test_a_move_that_crosses_nothing_is_not_announced(app, heard, one_size):
    stock_moved(one_size.product_id, one_size.id, stock=4, delta=-1)
    announce_stock_crossings()
    assert heard == []


@pytest.mark.parametrize(
    ("other_size_stock", "announced"),
    [(0, True),  # the product's last stock: it sold out
     (5, False)],  # another size still sells: the product stays in stock
)
def test_a_size_selling_out_is_the_product_selling_out_only_if_no_other_size_has_stock(
    app, heard, make_product, other_size_stock, announced
):
    product = make_product(sizes={"S": 0, "M": other_size_stock})
    small = product.sizes[0]
    stock_moved(product.id, small.id, stock=0, delta=-1)
    announce_stock_crossings()
    assert heard == ([[product.id]] if announced else [])


@pytest.mark.parametrize(("stock", "delta", "announced"), [(3, -3, True), (0, 5, True), (3, -1, False), (3, 2, False)])
def test_an_admins_stock_adjustment_announces_a_crossing(make_product, heard, stock, delta, announced):
    product = make_product(stock=stock)
    assert catalog_admin.adjust_stock(product.sizes[0], delta) == stock + delta
    assert heard == ([[product.id]] if announced else [])


def test_a_refused_adjustment_changes_and_announces_nothing(make_product, heard):
    product = make_product(sizes={"M": 2})
    with pytest.raises(catalog_admin.CatalogError, match="Only 2 in stock in size M"):
        catalog_admin.adjust_stock(product.sizes[0], -3)
    db.session.expire_all()
    assert (product.sizes[0].stock, heard) == (2, [])


@pytest.mark.parametrize(
    ("stock", "state"),
    [(0, "Out of stock"), (1, "Only 1 left"), (LOW_STOCK_THRESHOLD, f"Only {LOW_STOCK_THRESHOLD} left"),
     (LOW_STOCK_THRESHOLD + 1, "In stock")],
)
def test_a_size_says_only_n_left_up_to_the_low_stock_threshold(stock, state):
    assert ProductSize(label="M", stock=stock).stock_state == state


@pytest.mark.parametrize(
    ("sizes", "in_stock", "state"),
    [
        ({"One size": 2}, True, "Only 2 left"),  # one size: its own state is the product's
        ({"S": 0, "M": 2}, True, "In stock"),  # a choice of sizes: each size says its own
        ({"S": 0, "M": 0}, False, "Out of stock"),
    ],
)
def test_a_product_is_in_stock_while_any_size_is(make_product, sizes, in_stock, state):
    product = make_product(sizes=sizes)
    in_stock_by_sql = db.session.scalar(select(Product.in_stock).where(Product.id == product.id))
    assert (product.in_stock, bool(in_stock_by_sql), product.stock_state) == (in_stock, in_stock, state)


def test_the_dashboard_names_the_low_stock_threshold(client, auth, admin):
    auth.login(admin)
    assert f"low stock (≤ {LOW_STOCK_THRESHOLD})" in client.get("/admin/").text
