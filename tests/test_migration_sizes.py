"""Migration 0008_sizes on a database with data: today's stock becomes one size, carts and order lines follow it,
and the downgrade adds the sizes back up."""
from datetime import datetime

import flask_migrate
import pytest
from sqlalchemy import text

from webapp.extensions import db

BEFORE_SIZES = "0007_outbox_parking"
WHEN = {"when": datetime(2026, 11, 30, 10)}
ROWS_BEFORE_SIZES = [
    "INSERT INTO users (id, email, name, password_hash, role, created_at) "
    "VALUES (1, 'old@shop.example.com', 'Old Customer', 'x', 'customer', :when)",
    "INSERT INTO products (id, sku, name, gender, master_category, sub_category, article_type, base_colour, season, "
    "usage, price_cents, stock, is_active, is_featured, created_at, updated_at) VALUES "
    "(1, 'OLD-1', 'Old Tee', 'Men', 'Apparel', 'Topwear', 'Tshirts', 'Red', '', '', 1999, 7, true, false, "
    ":when, :when), "
    "(2, 'OLD-2', 'Old Cap', 'Men', 'Accessories', 'Headwear', 'Caps', 'Red', '', '', 999, 0, true, false, "
    ":when, :when)",
    "INSERT INTO cart_items (user_id, product_id, quantity, added_at) VALUES (1, 1, 2, :when)",
    "INSERT INTO orders (id, user_id, status, currency, total_cents, checkout_token, payment_method, ship_name, "
    "ship_line1, ship_line2, ship_postal_code, ship_city, ship_country, discount_cents, created_at, updated_at) "
    "VALUES (1, 1, 'paid', 'eur', 1999, 'old-token-000000000000', 'test', 'Old', 'Street 1', '', '1000', 'City', "
    "'NL', 0, :when, :when)",
    "INSERT INTO order_lines (order_id, product_id, product_name, sku, unit_price_cents, quantity) "
    "VALUES (1, 1, 'Old Tee', 'OLD-1', 1999, 1)",
]


@pytest.fixture
def migrated_with_data(app):
    """The database of the release before sizes, with a customer's cart and order, upgraded to now."""
    db.session.remove()
    flask_migrate.downgrade(revision=BEFORE_SIZES)
    with db.engine.begin() as conn:
        for statement in ROWS_BEFORE_SIZES:
            conn.execute(text(statement), WHEN)
    flask_migrate.upgrade()
    yield
    db.session.remove()


def rows(sql: str) -> list[tuple]:
    with db.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(sql))]


def test_each_products_stock_becomes_the_stock_of_its_one_size(migrated_with_data):
    assert rows("SELECT product_id, label, position, stock FROM product_sizes ORDER BY product_id") == [
        (1, "One size", 0, 7), (2, "One size", 0, 0)]


def test_carts_and_order_lines_point_at_that_size(migrated_with_data):
    (tee_size,) = rows("SELECT id FROM product_sizes WHERE product_id = 1")
    assert rows("SELECT user_id, size_id, quantity FROM cart_items") == [(1, tee_size[0], 2)]
    assert rows("SELECT size_id, size_label FROM order_lines") == [(tee_size[0], "One size")]
    assert rows("SELECT shipping_cents, total_cents FROM orders") == [(0, 1999)]
    assert rows("SELECT description FROM products ORDER BY id") == [("",), ("",)]


def test_the_downgrade_adds_each_products_sizes_up_and_joins_their_cart_lines(migrated_with_data):
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO product_sizes (product_id, label, position, stock) VALUES (1, 'XL', 1, 3)"))
        conn.execute(text("INSERT INTO cart_items (user_id, size_id, quantity, added_at) "
                          "SELECT 1, id, 1, :when FROM product_sizes WHERE label = 'XL'"), WHEN)
    flask_migrate.downgrade(revision=BEFORE_SIZES)
    try:
        assert rows("SELECT id, stock FROM products ORDER BY id") == [(1, 10), (2, 0)]
        assert rows("SELECT user_id, product_id, quantity FROM cart_items") == [(1, 1, 3)]
    finally:
        flask_migrate.upgrade()
