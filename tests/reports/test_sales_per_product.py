"""Sales per product: a sortable table over a date range, and each product's own page."""
import pytest

from tests.support.reports import ROUTES, S, day, sell
from webapp.services.catalog import admin as catalog_admin

MONTH_ARGS = f"from={day(29)}&to={day(0)}"


def test_sales_per_product_matches_the_hand_computed_shop(small_shop, csv_of):
    rows = csv_of(f"/admin/reports/export/sales-by-product.csv?{MONTH_ARGS}")
    assert rows[0] == ["Product", "Article", "Type", "Units", "Revenue (EUR)", "Orders", "Last sold"]
    assert [[row[0], row[3], row[4], row[5], row[6]] for row in rows[1:]] == [
        ["Black Heels", "1", "80.00", "1", str(day(0))],
        ["Red Tee", "3", "60.00", "2", str(day(0))],
        ["Blue Jeans", "1", "50.00", "1", str(day(0))],
    ]


@pytest.mark.parametrize(
    ("sort", "direction", "names"),
    [
        ("revenue", "desc", ["Black Heels", "Red Tee", "Blue Jeans"]),
        ("revenue", "asc", ["Blue Jeans", "Red Tee", "Black Heels"]),
        ("units", "desc", ["Red Tee", "Blue Jeans", "Black Heels"]),  # a tie keeps the catalogue's order
        ("orders", "desc", ["Red Tee", "Blue Jeans", "Black Heels"]),
        ("name", "asc", ["Black Heels", "Blue Jeans", "Red Tee"]),
        ("nonsense", "desc", ["Black Heels", "Red Tee", "Blue Jeans"]),  # unknown: by revenue
    ],
)
def test_the_table_sorts_by_each_column(small_shop, csv_of, sort, direction, names):
    rows = csv_of(f"/admin/reports/export/sales-by-product.csv?{MONTH_ARGS}&sort={sort}&dir={direction}")
    assert [row[0] for row in rows[1:]] == names


def test_the_page_shows_totals_sort_links_and_links_to_each_product(small_shop, admin_client):
    page = admin_client.get(f"/admin/sales?{MONTH_ARGS}").text
    assert "3 products sold 5 units for €190.00" in page
    assert 'aria-sort="descending"' in page
    assert f"/admin/sales/{small_shop.tee.id}?from={day(29)}" in page
    assert "sort=units" in page


def test_an_older_range_finds_older_sales(small_shop, csv_of):
    rows = csv_of(f"/admin/reports/export/sales-by-product.csv?from={day(45)}&to={day(30)}")
    assert [[row[0], row[3], row[4]] for row in rows[1:]] == [["Black Heels", "1", "80.00"]]


def test_a_product_page_has_its_daily_sales(small_shop, csv_of):
    rows = csv_of(f"/admin/reports/export/product-days.csv?product={small_shop.tee.id}&{MONTH_ARGS}")
    assert rows[0] == ["Day", "Units", "Revenue (EUR)", "Orders"]
    assert len(rows) == 1 + 30
    assert [row for row in rows[1:] if row[1] != "0"] == [[str(day(3)), "1", "20.00", "1"],
                                                        [str(day(0)), "2", "40.00", "1"]]


def test_a_product_page_lists_its_buyers_best_first(small_shop, csv_of):
    rows = csv_of(f"/admin/reports/export/product-buyers.csv?product={small_shop.tee.id}&{MONTH_ARGS}")
    assert [row[:5] for row in rows[1:]] == [["Cora Buyer", "cora@shop.example.com", "2", "40.00", "1"],
                                            ["Dan Shopper", "dan@shop.example.com", "1", "20.00", "1"]]


def test_the_product_page_shows_totals_chart_and_buyers(small_shop, admin_client):
    page = admin_client.get(f"/admin/sales/{small_shop.tee.id}?{MONTH_ARGS}").text
    assert 'id="product-units">3<' in page
    assert 'id="product-revenue">€60.00<' in page
    assert '<svg class="chart"' in page
    assert f"/admin/customers/{small_shop.cora.id}" in page


def test_an_unknown_product_page_is_404(admin_client):
    assert admin_client.get("/admin/sales/999999").status_code == 404


def test_a_product_export_without_a_product_is_404(admin_client):
    assert admin_client.get("/admin/reports/export/product-days.csv").status_code == 404


@pytest.fixture
def sized_tee(make_product, make_user):
    """A €20.00 tee in S, M, L, XL: paid M × 2 + L × 1 and S × 1; M × 5 cancelled; XL sold, then removed."""
    tee = make_product(name="Sized Tee", price_cents=2000, sizes={"S": 9, "M": 9, "L": 9, "XL": 1})
    small, medium, large, extra = tee.sizes
    buyer = make_user()
    sell(buyer, (medium, 2), (large, 1), on=day(0), route=ROUTES[S.PAID])
    sell(buyer, (small, 1), on=day(1), route=ROUTES[S.DELIVERED])
    sell(buyer, (medium, 5), on=day(1), route=ROUTES[S.CANCELLED])
    sell(buyer, (extra, 1), on=day(2), route=ROUTES[S.PAID])
    catalog_admin.remove_size(extra)
    return tee


def test_a_product_page_counts_its_sales_per_size_in_the_order_of_its_run(sized_tee, csv_of):
    rows = csv_of(f"/admin/reports/export/product-sizes.csv?product={sized_tee.id}&{MONTH_ARGS}")
    assert rows == [["Size", "Units", "Revenue (EUR)", "Orders"],
                    ["S", "1", "20.00", "1"], ["M", "2", "40.00", "1"], ["L", "1", "20.00", "1"],
                    ["XL", "1", "20.00", "1"]]  # removed since: last


def test_the_product_page_shows_the_sizes_table(sized_tee, admin_client):
    page = admin_client.get(f"/admin/sales/{sized_tee.id}?{MONTH_ARGS}").text
    assert 'id="product-sizes"' in page and "Sales per size" in page
