"""Reports: the order summary and history of a date range, and sales by product attribute."""
import pytest

from tests.support.reports import day
from webapp.services.reports import figures
from webapp.services.reports.date_ranges import DateRange

TEN_DAYS = DateRange(day(10), day(0))
TEN_DAYS_ARGS = f"from={day(10)}&to={day(0)}"


def test_the_order_summary_counts_placed_and_paid_orders_revenue_and_units(small_shop):
    report = figures.order_report(TEN_DAYS)
    assert (report.placed, report.sales, report.revenue_cents, report.average_order_cents) == (7, 3, 19000, 6333)
    assert figures.units_sold(TEN_DAYS) == 5


def test_the_summary_page_shows_the_same_figures(small_shop, admin_client):
    page = admin_client.get(f"/admin/reports?{TEN_DAYS_ARGS}").text
    for element, figure in [("summary-placed", "7"), ("summary-sales", "3"), ("summary-revenue", "€190.00"),
                            ("summary-average", "€63.33"), ("summary-units", "5")]:
        assert f'id="{element}">{figure}<' in page


def test_orders_by_status_in_the_range(small_shop, csv_of):
    assert csv_of(f"/admin/reports/export/orders-by-status.csv?{TEN_DAYS_ARGS}") == [
        ["Status", "Orders", "Value (EUR)"],
        ["Pending payment", "1", "60.00"], ["Paid (confirmed)", "1", "130.00"], ["Shipped", "1", "20.00"],
        ["Delivered", "1", "40.00"], ["Cancelled", "2", "150.00"], ["Refunded", "1", "80.00"],
    ]


def test_the_order_history_has_a_row_for_every_day(small_shop, csv_of):
    rows = csv_of(f"/admin/reports/export/orders-by-day.csv?{TEN_DAYS_ARGS}")
    assert rows[0] == ["Day", "Orders placed", "Paid orders", "Revenue (EUR)", "Average order (EUR)"]
    assert len(rows) == 1 + 11
    busy = [row for row in rows[1:] if row[1] != "0"]
    assert busy == [
        [str(day(10)), "2", "0", "0.00", "0.00"],
        [str(day(8)), "1", "0", "0.00", "0.00"],
        [str(day(3)), "1", "1", "20.00", "20.00"],
        [str(day(1)), "1", "0", "0.00", "0.00"],
        [str(day(0)), "2", "2", "170.00", "85.00"],
    ]


ORDER_LINES_HEADER = ["Order", "Placed", "Customer", "Email", "Status", "Country", "Coupon", "Discount (EUR)",
                      "Shipping (EUR)", "Order total (EUR)", "Product", "Article", "Size", "Quantity",
                      "Unit price (EUR)", "Line total (EUR)"]


def test_the_orders_csv_has_a_row_per_line_with_the_orders_figures_on_its_first(small_shop, csv_of):
    rows = csv_of(f"/admin/reports/export/orders.csv?from={day(3)}&to={day(0)}")
    o1, o2, o3, o4 = (str(small_shop.orders[name].id) for name in ("o1", "o2", "o3", "o4"))
    dan, cora = ["Dan Shopper", "dan@shop.example.com"], ["Cora Buyer", "cora@shop.example.com"]
    today, yesterday, three_days_ago = (f"{day(offset)} 10:00:00" for offset in (0, 1, 3))
    assert rows == [
        ORDER_LINES_HEADER,
        [o2, today, *dan, "Paid (confirmed)", "Netherlands", "", "0.00", "0.00", "130.00",
         "Blue Jeans", "S-0002", "One size", "1", "50.00", "50.00"],
        [o2, today, *dan, "Paid (confirmed)", "Netherlands", "", "", "", "",
         "Black Heels", "S-0003", "One size", "1", "80.00", "80.00"],
        [o1, today, *cora, "Delivered", "Netherlands", "", "0.00", "0.00", "40.00",
         "Red Tee", "S-0001", "One size", "2", "20.00", "40.00"],
        [o3, yesterday, *cora, "Refunded", "Netherlands", "", "0.00", "0.00", "80.00",
         "Black Heels", "S-0003", "One size", "1", "80.00", "80.00"],
        [o4, three_days_ago, *dan, "Shipped", "Netherlands", "", "0.00", "0.00", "20.00",
         "Red Tee", "S-0001", "One size", "1", "20.00", "20.00"],
    ]


def test_every_order_of_the_range_is_in_the_orders_csv(small_shop, csv_of):
    rows = csv_of(f"/admin/reports/export/orders.csv?{TEN_DAYS_ARGS}")
    expected = {small_shop.orders[name].id for name in ("o1", "o2", "o3", "o4", "o5", "o6", "o7")}
    assert {int(row[0]) for row in rows[1:]} == expected


SALES_BY = {
    "gender": [["Men", "4", "110.00", "3", "57.9"], ["Women", "1", "80.00", "1", "42.1"]],
    "master_category": [["Apparel", "4", "110.00", "3", "57.9"], ["Footwear", "1", "80.00", "1", "42.1"]],
    "sub_category": [["Shoes", "1", "80.00", "1", "42.1"], ["Topwear", "3", "60.00", "2", "31.6"],
                     ["Bottomwear", "1", "50.00", "1", "26.3"]],
    "article_type": [["Heels", "1", "80.00", "1", "42.1"], ["Tshirts", "3", "60.00", "2", "31.6"],
                     ["Jeans", "1", "50.00", "1", "26.3"]],
    "base_colour": [["Black", "1", "80.00", "1", "42.1"], ["Red", "3", "60.00", "2", "31.6"],
                    ["Blue", "1", "50.00", "1", "26.3"]],
}


@pytest.mark.parametrize(("dimension", "expected"), SALES_BY.items())
def test_sales_by_each_attribute(small_shop, csv_of, dimension, expected):
    rows = csv_of(f"/admin/reports/export/sales-by-{dimension.replace('_', '-')}.csv?{TEN_DAYS_ARGS}")
    assert rows[0][1:] == ["Units", "Revenue (EUR)", "Order lines", "Share of revenue"]
    assert rows[1:] == expected


@pytest.mark.parametrize("dimension", SALES_BY)
def test_each_breakdown_page_has_its_chart_and_table(small_shop, admin_client, dimension):
    page = admin_client.get(f"/admin/reports/sales?by={dimension}&{TEN_DAYS_ARGS}").text
    assert '<svg class="chart"' in page
    assert f'id="sales-by-{dimension.replace("_", "-")}"' in page
    assert SALES_BY[dimension][0][0] in page


def test_an_unknown_breakdown_is_a_400_that_names_the_known_ones(admin_client):
    response = admin_client.get("/admin/reports/sales?by=price")
    assert response.status_code == 400
    assert "article_type" in response.text


def test_a_range_reaching_further_back_takes_in_older_sales(small_shop):
    rows = figures.sales_by("article_type", DateRange(day(45), day(0)))
    assert (rows[0].value, rows[0].units, rows[0].revenue_cents) == ("Heels", 2, 16000)
