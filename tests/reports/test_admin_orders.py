"""Admin orders: the list's filters, search and pages; the order page's timeline and actions; a customer's page."""
import pytest

from tests.support.reports import day
from tests.support.web import session_csrf_token
from webapp.extensions import db
from webapp.models import Order, OrderStatus
from webapp.services.paging import page_of
from webapp.services.reports.order_search import OrderFilter, orders_query


def listed(admin_client, query: str) -> set[int]:
    """The order numbers a list URL shows."""
    page = admin_client.get(f"/admin/orders?{query}")
    assert page.status_code == 200
    table = page.text.split('id="orders"')[1].split("</table>")[0]
    return {int(part.split("<")[0]) for part in table.split(">#")[1:]}


def numbers(shop, *names: str) -> set[int]:
    return {shop.orders[name].id for name in names}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["o1", "o2", "o3", "o4", "o5", "o6", "o7", "o8"]),
        ("status=cancelled", ["o5", "o6"]),
        ("status=delivered", ["o1", "o8"]),
        ("status=nonsense", ["o1", "o2", "o3", "o4", "o5", "o6", "o7", "o8"]),
        (f"from={day(3)}&to={day(1)}", ["o3", "o4"]),
        (f"from={day(10)}", ["o1", "o2", "o3", "o4", "o5", "o6", "o7"]),
        (f"to={day(10)}", ["o6", "o7", "o8"]),
        ("q=dan@shop", ["o2", "o4", "o7"]),
        ("q=DAN%40SHOP.EXAMPLE.COM", ["o2", "o4", "o7"]),
        ("q=nobody@", []),
        ("q=%25", []),  # a % typed in the search is a character, not a wildcard
        ("q=%23999999999999999999", []),  # an order number larger than any id finds nothing
        (f"status=pending_payment&from={day(10)}&to={day(10)}", ["o7"]),
    ],
)
def test_the_list_filters_by_status_dates_and_email(small_shop, admin_client, query, expected):
    assert listed(admin_client, query) == numbers(small_shop, *expected)


@pytest.mark.parametrize("form", ["{}", "#{}", "# {}"])
def test_searching_an_order_number_finds_that_order(small_shop, admin_client, form):
    number = small_shop.orders["o3"].id
    assert listed(admin_client, "q=" + form.format(number).replace("#", "%23")) == {number}


def test_the_customer_filter_shows_one_customers_orders_and_names_them(small_shop, admin_client):
    page = admin_client.get(f"/admin/orders?customer={small_shop.cora.id}").text
    assert "Orders of" in page and "Cora Buyer" in page
    assert listed(admin_client, f"customer={small_shop.cora.id}") == numbers(small_shop, "o1", "o3", "o5", "o6", "o8")


def test_the_filtered_list_exports_what_it_shows(small_shop, csv_of):
    rows = csv_of(f"/admin/reports/export/orders.csv?status=cancelled&customer={small_shop.cora.id}")
    assert {int(row[0]) for row in rows[1:]} == numbers(small_shop, "o5", "o6")
    assert {row[4] for row in rows[1:]} == {"Cancelled"}


def test_pages_split_the_list_newest_first(small_shop):
    query = orders_query(OrderFilter())
    first, last = page_of(query, 1, 5), page_of(query, 2, 5)
    assert (first.total, first.pages, len(first.items), len(last.items)) == (8, 2, 5, 3)
    assert first.items[0].id in numbers(small_shop, "o1", "o2")
    assert last.items[-1].id == small_shop.orders["o8"].id


def test_the_order_page_shows_the_timeline_and_the_customer(small_shop, admin_client):
    order = small_shop.orders["o1"]
    page = admin_client.get(f"/admin/orders/{order.id}").text
    timeline = page.split('id="timeline"')[1].split("</ol>")[0]
    assert [word for word in ("Pending payment", "Paid", "Shipped", "Delivered") if word in timeline] == [
        "Pending payment", "Paid", "Shipped", "Delivered"]
    assert f"/admin/customers/{small_shop.cora.id}" in page


def post_action(admin_client, order: Order, action: str, note: str = ""):
    data = {"csrf_token": session_csrf_token(admin_client), "note": note}
    return admin_client.post(f"/admin/orders/{order.id}/{action}", data=data)


def test_shipping_with_a_tracking_note_records_it_in_the_timeline(small_shop, admin_client, admin):
    order = small_shop.orders["o2"]
    assert post_action(admin_client, order, "ship", "DHL 3S12345").status_code == 302
    db.session.expire_all()
    event = db.session.get(Order, order.id).events[-1]
    assert (event.to_status, event.note, event.actor_id) == ("shipped", "DHL 3S12345", admin.id)
    assert "DHL 3S12345" in admin_client.get(f"/admin/orders/{order.id}").text


@pytest.mark.parametrize(
    ("name", "action", "status"),
    [("o4", "deliver", OrderStatus.DELIVERED), ("o2", "cancel", OrderStatus.CANCELLED),
     ("o2", "refund", OrderStatus.REFUNDED), ("o7", "cancel", OrderStatus.CANCELLED)],
)
def test_each_action_moves_the_order_through_the_order_service(small_shop, admin_client, name, action, status):
    order = small_shop.orders[name]
    assert post_action(admin_client, order, action).status_code == 302
    db.session.expire_all()
    order = db.session.get(Order, order.id)
    assert order.state is status
    assert order.events[-1].actor_kind == "admin"


def test_an_action_the_order_no_longer_allows_is_refused_with_a_message(small_shop, admin_client):
    order = small_shop.orders["o8"]  # delivered
    response = post_action(admin_client, order, "refund")
    assert response.status_code == 409
    assert "cannot be refunded" in response.text


def test_a_customer_page_has_contact_lifetime_value_and_their_orders(small_shop, admin_client):
    page = admin_client.get(f"/admin/customers/{small_shop.cora.id}").text
    assert "cora@shop.example.com" in page
    assert "Keizersgracht 1" in page  # the address checkout saved
    assert 'id="lifetime-value">€120.00<' in page  # o1 + o8; refunded and cancelled orders are not revenue
    assert "paid orders of 5" in page
    table = page.split('id="orders"')[1].split("</table>")[0]
    assert {int(part.split("<")[0]) for part in table.split(">#")[1:]} == numbers(
        small_shop, "o1", "o3", "o5", "o6", "o8")


def test_the_customer_list_shows_orders_and_lifetime_value(small_shop, admin_client):
    page = admin_client.get("/admin/customers").text
    row = page.split("dan@shop.example.com")[1].split("</tr>")[0]
    assert ">3<" in row and "€150.00" in row


def test_an_unknown_customer_page_is_404(admin_client):
    assert admin_client.get("/admin/customers/999999").status_code == 404


@pytest.mark.parametrize(
    "url",
    ["/admin/orders/99999999999", "/admin/customers/99999999999", "/admin/sales/99999999999",
     "/admin/reports/export/product-days.csv?product=99999999999", "/admin/reports/export/product-days.csv?product=²"],
)
def test_an_id_no_row_can_have_is_404_not_a_database_error(admin_client, url):
    assert admin_client.get(url).status_code == 404


@pytest.mark.parametrize("customer", ["99999999999", "²", "-1", "x"])
def test_a_customer_filter_no_row_can_match_is_no_filter(admin_client, customer):
    assert admin_client.get(f"/admin/orders?customer={customer}").status_code == 200
