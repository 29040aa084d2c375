"""Every dashboard and report page runs a fixed number of queries, however many orders there are."""
import pytest

from tests.support.reports import day, queries_during

PAGES = [
    "/admin/",
    "/admin/orders",
    "/admin/orders?status=paid&from={month}",
    "/admin/customers",
    "/admin/sales",
    "/admin/sales?sort=units&dir=asc",
    "/admin/reports",
    "/admin/reports/sales?by=article_type",
    "/admin/reports/export/orders.csv",
    "/admin/reports/export/sales-by-product.csv",
]


@pytest.mark.parametrize("page", PAGES)
def test_a_page_runs_as_many_queries_for_50_orders_as_for_5(app, admin_client, many_orders, page):
    url = page.format(month=day(29))
    many_orders(5)
    with_5 = queries_during(app, admin_client, url)
    many_orders(45)
    with_50 = queries_during(app, admin_client, url)
    assert len(with_50) == len(with_5), "\n".join(with_50)


def test_the_order_page_loads_lines_and_history_up_front(app, admin_client, small_shop):
    few = queries_during(app, admin_client, f"/admin/orders/{small_shop.orders['o7'].id}")  # placed only
    many = queries_during(app, admin_client, f"/admin/orders/{small_shop.orders['o1'].id}")  # four events
    assert len(many) == len(few)


def test_the_customer_and_product_pages_do_not_query_per_order(app, admin_client, small_shop):
    quiet = queries_during(app, admin_client, f"/admin/customers/{small_shop.dan.id}")
    busy = queries_during(app, admin_client, f"/admin/customers/{small_shop.cora.id}")
    assert len(busy) == len(quiet)
    one_buyer = queries_during(app, admin_client, f"/admin/sales/{small_shop.jeans.id}")
    two_buyers = queries_during(app, admin_client, f"/admin/sales/{small_shop.tee.id}")
    assert len(two_buyers) == len(one_buyer)
