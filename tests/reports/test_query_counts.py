"""Every dashboard and report page runs a fixed number of queries, however many orders there are.

The shop is built once for the module (tests.support.fixtures_reports.growing_shop) and only read.
"""
import pytest

from tests.support.reports import day

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


def url_of(page: str) -> str:
    return page.format(month=day(29))


@pytest.fixture(scope="module")
def fifty_orders(growing_shop):
    """The shop with 50 orders, and what each page ran when it had 5 (measured before the other 45 were sold)."""
    with_5 = {page: growing_shop.queries(url_of(page)) for page in PAGES}
    growing_shop.grow()
    return growing_shop, with_5


@pytest.mark.parametrize("page", PAGES)
def test_a_page_runs_as_many_queries_for_50_orders_as_for_5(fifty_orders, page):
    shop, queries_with_5 = fifty_orders
    with_5 = queries_with_5[page]
    with_50 = shop.queries(url_of(page))
    assert len(with_50) == len(with_5), "\n".join(with_50)


def test_the_order_page_loads_lines_and_history_up_front(fifty_orders):
    shop, _ = fifty_orders
    few = shop.queries(f"/admin/orders/{shop.placed}")  # one line, placed only
    many = shop.queries(f"/admin/orders/{shop.delivered}")  # two lines, four events
    assert len(many) == len(few)


def test_the_customer_and_product_pages_do_not_query_per_order(fifty_orders):
    shop, _ = fifty_orders
    quiet = shop.queries(f"/admin/customers/{shop.quiet}")
    busy = shop.queries(f"/admin/customers/{shop.busy}")
    assert len(busy) == len(quiet)
    one_buyer = shop.queries(f"/admin/sales/{shop.one_buyer}")
    many_buyers = shop.queries(f"/admin/sales/{shop.many_buyers}")
    assert len(many_buyers) == len(one_buyer)
