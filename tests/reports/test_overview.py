"""The admin overview: sales today, 7 and 30 days against the periods before, by status, per day, latest orders."""
from tests.support.reports import day
from webapp.services.reports import figures

PERIODS_CSV = "/admin/reports/export/sales-by-period.csv"


def test_each_period_against_the_one_before_matches_the_hand_computed_shop(small_shop, csv_of):
    assert csv_of(PERIODS_CSV) == [
        ["Period", "Days", "Revenue (EUR)", "Previous period (EUR)", "Change", "Paid orders", "Previous period",
         "Change", "Average order (EUR)"],
        ["Today", str(day(0)), "170.00", "0.00", "", "2", "0", "", "85.00"],
        ["Last 7 days", f"{day(6)} to {day(0)}", "190.00", "0.00", "", "3", "0", "", "63.33"],
        ["Last 30 days", f"{day(29)} to {day(0)}", "190.00", "80.00", "137.5", "3", "1", "200.0", "63.33"],
    ]


def test_the_last_30_days_by_status_count_every_order_placed(small_shop):
    month = figures.sales_overview().last_30_days
    assert [(row.status.value, row.orders, row.value_cents) for row in month.by_status] == [
        ("pending_payment", 1, 6000), ("paid", 1, 13000), ("shipped", 1, 2000), ("delivered", 1, 4000),
        ("cancelled", 2, 15000), ("refunded", 1, 8000),
    ]


def test_the_daily_revenue_has_every_day_of_the_last_30(small_shop):
    days = figures.sales_overview().last_30_days.days
    assert len(days) == 30
    assert days[-1].day == day(0)
    busy = {row.day: (row.placed, row.sales, row.revenue_cents) for row in days if row.placed}
    assert busy == {day(0): (2, 2, 17000), day(1): (1, 0, 0), day(3): (1, 1, 2000), day(8): (1, 0, 0),
                    day(10): (2, 0, 0)}


def test_the_overview_page_shows_sales_chart_statuses_and_latest_orders(small_shop, admin_client):
    page = admin_client.get("/admin/").text
    assert "€170.00" in page
    assert "+137.5 %" in page
    assert '<svg class="chart"' in page and 'role="img"' in page
    assert 'id="orders-by-status"' in page and 'id="orders-by-day"' in page
    latest = page.split('id="orders"')[1].split("</table>")[0]
    assert f"#{small_shop.orders['o1'].id}<" in latest
    assert "Dan Shopper" in latest


def test_the_overview_keeps_its_catalogue_figures(small_shop, admin_client):
    page = admin_client.get("/admin/").text
    for figure in ("active products", "sold out", "units in stock", "Catalogue by category", "Low stock"):
        assert figure in page


def test_an_empty_shop_has_an_overview_without_changes_or_charts(admin_client):
    page = admin_client.get("/admin/").text
    assert "€0.00" in page
    assert "nothing to chart" in page
