"""Order pages: the customer's list and timeline under /account, the admin's list and actions."""
import pytest
from sqlalchemy import event

from tests.support.web import session_csrf_token
from webapp.extensions import db
from webapp.models import OrderStatus
from webapp.services.buying import orders
from webapp.services.buying.orders import Actor, ActorKind

SHOP = Actor(ActorKind.ADMIN)


def test_my_orders_lists_the_customers_own_orders_with_their_status(client, auth, customer, order_for, make_user):
    paid, pending = order_for(paid=True), order_for()
    someone_else = order_for(user=make_user())
    auth.login(customer)
    page = client.get("/account/orders").text
    assert f"Order #{paid.id}" in page
    assert f"Order #{pending.id}" in page
    assert f"Order #{someone_else.id}" not in page
    assert "Paid (confirmed)" in page
    assert "Pending payment" in page


def test_an_order_page_shows_lines_address_and_timeline(client, auth, customer, order_for):
    order = order_for(paid=True, name="Cord Trousers", price_cents=4500, quantity=2)
    orders.change_status(order, OrderStatus.SHIPPED, SHOP, "Tracking 3S123")
    auth.login(customer)
    page = client.get(f"/account/orders/{order.id}").text
    assert "Cord Trousers" in page
    assert "€90.00" in page
    assert "Keizersgracht 1" in page
    timeline = page.split('id="timeline"')[1].split("</ol>")[0]
    assert [word for word in ("Pending payment", "Paid", "Shipped") if word in timeline] == [
        "Pending payment", "Paid", "Shipped"]
    assert "Tracking 3S123" in timeline
    assert "Cora Buyer" in timeline  # who placed it


def test_another_customers_order_page_is_404(client, auth, order_for, make_user):
    order = order_for()
    auth.login(make_user())
    assert client.get(f"/account/orders/{order.id}").status_code == 404


def test_a_pending_order_offers_to_pay_and_to_cancel(client, auth, customer, order_for):
    order = order_for()
    auth.login(customer)
    page = client.get(f"/account/orders/{order.id}").text
    assert f"/checkout/orders/{order.id}/pay" in page
    assert "Cancel the order" in page


def test_the_admin_sees_every_order_and_filters_by_status(client, auth, admin, customer, order_for, make_user):
    paid, pending = order_for(paid=True), order_for(user=make_user(name="Other Buyer"))
    auth.login(admin)
    everything = client.get("/admin/orders").text
    assert f"#{paid.id}<" in everything
    assert f"#{pending.id}<" in everything
    only_paid = client.get("/admin/orders?status=paid").text
    assert f"#{paid.id}<" in only_paid
    assert f"#{pending.id}<" not in only_paid
    assert client.get("/admin/orders?status=nonsense").status_code == 200


def queries_to_get(app, client, url: str) -> list[str]:
    """The SQL one page view runs, in a fresh app context (as a real request has)."""
    statements = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", record)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
    return statements


def test_the_admin_order_list_does_not_query_per_order(app, client, auth, admin, order_for, make_user):
    order_for(user=make_user())
    auth.login(admin)
    with_one = queries_to_get(app, client, "/admin/orders")
    for _ in range(4):
        order_for(user=make_user())
    assert len(queries_to_get(app, client, "/admin/orders")) == len(with_one)


@pytest.mark.parametrize(
    ("paid", "offered", "not_offered"),
    [(True, ["ship", "cancel", "refund"], ["deliver"]), (False, ["cancel"], ["ship", "deliver", "refund"])],
)
def test_the_admin_order_page_offers_only_the_allowed_actions(
    client, auth, admin, order_for, paid, offered, not_offered
):
    order = order_for(paid=paid)
    auth.login(admin)
    page = client.get(f"/admin/orders/{order.id}").text
    for action in offered:
        assert f"/admin/orders/{order.id}/{action}" in page
    for action in not_offered:
        assert f"/admin/orders/{order.id}/{action}" not in page


def test_admin_actions_need_a_csrf_token(client, auth, admin, order_for):
    order = order_for(paid=True)
    auth.login(admin)
    assert client.post(f"/admin/orders/{order.id}/ship").status_code == 400
    with_token = client.post(f"/admin/orders/{order.id}/ship", data={"csrf_token": session_csrf_token(client)})
    assert with_token.status_code == 302
