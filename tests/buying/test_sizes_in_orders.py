"""Orders keep the size bought: reserved from that size, frozen on the line, given back to it when called off."""
import pytest
from sqlalchemy import select

from tests.support.buying import HOME_FORM, add_to_cart, place_order
from tests.support.web import session_csrf_token
from webapp.extensions import db
from webapp.models import OrderStatus, OutboxMail, ProductSize
from webapp.services.buying import orders, payments
from webapp.services.buying.orders import Actor, ActorKind
from webapp.services.catalog import admin as catalog_admin

S = OrderStatus
SHOP = Actor(ActorKind.ADMIN)


@pytest.fixture
def boot(make_product):
    """A boot in EU 41 (3 left) and EU 42 (5 left)."""
    return make_product(name="Chelsea Boot", price_cents=8000, master_category="Footwear",
                        sizes={"EU 41": 3, "EU 42": 5})


def stock(product) -> dict[str, int]:
    db.session.expire_all()
    return {size.label: size.stock for size in db.session.get(type(product), product.id).sizes}


def test_an_order_takes_stock_from_the_size_bought_and_freezes_its_label(customer, boot):
    order = place_order(customer, (boot.sizes[1], 2))
    assert stock(boot) == {"EU 41": 3, "EU 42": 3}
    (line,) = order.lines
    assert (line.size_id, line.size_label, line.size_text) == (boot.sizes[1].id, "EU 42", "Size EU 42")
    assert line.quantity == 2


def test_two_sizes_in_one_order_are_two_lines(customer, boot):
    order = place_order(customer, (boot.sizes[0], 1), (boot.sizes[1], 1))
    assert [line.size_label for line in order.lines] == ["EU 41", "EU 42"]
    assert stock(boot) == {"EU 41": 2, "EU 42": 4}


@pytest.mark.parametrize(
    ("paid", "to"),
    [(False, S.CANCELLED), (True, S.CANCELLED), (True, S.REFUNDED)],
    ids=["cancelled unpaid", "cancelled after payment", "refunded"],
)
def test_an_order_called_off_gives_each_line_back_to_its_own_size(customer, boot, paid, to):
    order = place_order(customer, (boot.sizes[0], 1), (boot.sizes[1], 2))
    if paid:
        payments.pay_with_test_payment(order)
    orders.change_status(order, to, SHOP)
    assert stock(boot) == {"EU 41": 3, "EU 42": 5}


def test_a_size_removed_since_keeps_the_line_and_takes_nothing_back(customer, boot):
    order = place_order(customer, (boot.sizes[0], 3))
    removed = boot.sizes[0]
    catalog_admin.remove_size(removed)
    orders.change_status(order, S.CANCELLED, SHOP)
    db.session.expire_all()
    (line,) = order.lines
    assert (line.size_id, line.size_label) == (None, "EU 41")
    assert db.session.get(ProductSize, removed.id) is None
    assert stock(boot) == {"EU 42": 5}


def test_the_customers_order_page_and_mail_name_the_size(client, auth, customer, boot):
    order = place_order(customer, (boot.sizes[1], 1))
    payments.pay_with_test_payment(order)
    auth.login(customer)
    page = client.get(f"/account/orders/{order.id}").text
    assert '<span class="line-size">Size EU 42</span>' in page
    (confirmation,) = db.session.scalars(select(OutboxMail.body))
    assert "1 × Chelsea Boot (Size EU 42)  €80.00" in confirmation


def test_an_admin_sees_the_size_of_every_line(client, auth, admin, customer, boot):
    order = place_order(customer, (boot.sizes[0], 1))
    auth.login(admin)
    assert '<span class="line-size">Size EU 41</span>' in client.get(f"/admin/orders/{order.id}").text


def test_the_review_refuses_a_size_sold_out_since_it_was_added(client, auth, customer, boot):
    auth.login(customer)
    add_to_cart(client, boot.id, 2, size_id=boot.sizes[0].id)
    catalog_admin.adjust_stock(boot.sizes[0], -3)
    client.post("/checkout/", data={"csrf_token": session_csrf_token(client), **HOME_FORM})
    response = client.get("/checkout/review", follow_redirects=True)
    assert response.request.path == "/cart/"
    assert "“Chelsea Boot” in size EU 41 has sold out. Remove it to check out." in response.text
