"""Cancel and refund are never one click: a confirmation page says what will happen, and only its POST acts."""
import pytest

from tests.support.buying import fresh, place_order
from tests.support.web import csrf_from
from webapp.extensions import db
from webapp.models import OrderStatus, ProductSize
from webapp.services.buying import orders, payments
from webapp.services.buying.orders import Actor, ActorKind

S = OrderStatus


@pytest.fixture
def paid_order(customer, make_product):
    """Cora's paid order: 2 × Linen Shirt M (of 5) at €30.00 and 1 × Straw Hat at €15.00, €75.00 in all."""
    shirt = make_product(name="Linen Shirt", price_cents=3000, sizes={"S": 3, "M": 5})
    hat = make_product(name="Straw Hat", price_cents=1500, stock=4)
    order = place_order(customer, (shirt.sizes[1], 2), (hat, 1))
    payments.pay_with_test_payment(order)
    return order


def sizes_stock(order) -> dict[str, int]:
    """The stock now of each size the order holds, by product and size."""
    db.session.expire_all()
    return {f"{line.product_name} {line.size_label}".strip(): db.session.get(ProductSize, line.size_id).stock
            for line in order.lines}


# --- The customer --------------------------------------------------------------------------------

def test_the_order_page_links_to_the_confirmation_instead_of_cancelling(client, auth, customer, paid_order):
    auth.login(customer)
    page = client.get(f"/account/orders/{paid_order.id}").text
    assert f'href="/account/orders/{paid_order.id}/cancel/confirm"' in page
    assert f'action="/account/orders/{paid_order.id}/cancel"' not in page


def test_the_customers_confirmation_says_what_comes_back_and_cancels_nothing(client, auth, customer, paid_order):
    before = sizes_stock(paid_order)
    auth.login(customer)
    response = client.get(f"/account/orders/{paid_order.id}/cancel/confirm")
    assert response.status_code == 200
    page = response.text
    assert f"Cancel order #{paid_order.id}?" in page
    assert "<strong>€75.00</strong> goes back to the test payment" in page
    assert "2 × Linen Shirt, Size M" in page
    assert "1 × Straw Hat" in page
    assert f'action="/account/orders/{paid_order.id}/cancel"' in page
    assert fresh(paid_order).state is S.PAID
    assert sizes_stock(paid_order) == before


def test_the_confirming_post_cancels_and_puts_the_stock_back(client, auth, customer, paid_order):
    auth.login(customer)
    page = client.get(f"/account/orders/{paid_order.id}/cancel/confirm").text
    response = client.post(f"/account/orders/{paid_order.id}/cancel", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 302
    assert fresh(paid_order).state is S.CANCELLED
    assert sizes_stock(paid_order) == {"Linen Shirt M": 5, "Straw Hat One size": 4}


def test_the_cancelling_post_needs_its_csrf_token(client, auth, customer, paid_order):
    auth.login(customer)
    assert client.post(f"/account/orders/{paid_order.id}/cancel").status_code == 400
    assert fresh(paid_order).state is S.PAID


def test_an_unpaid_order_confirms_that_nothing_is_refunded(client, auth, customer, order_for):
    order = order_for(name="Wool Scarf")
    auth.login(customer)
    page = client.get(f"/account/orders/{order.id}/cancel/confirm").text
    assert "Nothing was paid, so nothing is refunded." in page
    assert "1 × Wool Scarf" in page


def test_an_order_that_can_no_longer_be_cancelled_says_why_on_its_confirmation(client, auth, customer, paid_order):
    orders.change_status(paid_order, S.SHIPPED, Actor(ActorKind.ADMIN))
    auth.login(customer)
    response = client.get(f"/account/orders/{paid_order.id}/cancel/confirm")
    assert response.status_code == 409
    assert f"Order #{paid_order.id} is shipped, so it cannot be cancelled." in response.text


def test_another_customers_confirmation_is_404(client, auth, make_user, paid_order):
    auth.login(make_user())
    assert client.get(f"/account/orders/{paid_order.id}/cancel/confirm").status_code == 404


# --- The admin -----------------------------------------------------------------------------------

@pytest.mark.parametrize("action", ["cancel", "refund"])
def test_the_admin_order_page_asks_for_confirmation_of(client, auth, admin, paid_order, action):
    auth.login(admin)
    page = client.get(f"/admin/orders/{paid_order.id}").text
    assert f'method="get" action="/admin/orders/{paid_order.id}/{action}/confirm"' in page
    assert f'method="post" action="/admin/orders/{paid_order.id}/{action}"' not in page


@pytest.mark.parametrize(("action", "heading"), [("cancel", "Cancel order"), ("refund", "Refund order")])
def test_the_admins_confirmation_shows_the_refund_and_the_stock_and_changes_nothing(
    client, auth, admin, paid_order, action, heading
):
    auth.login(admin)
    response = client.get(f"/admin/orders/{paid_order.id}/{action}/confirm?note=Customer+called")
    assert response.status_code == 200
    page = response.text
    assert f"{heading} #{paid_order.id}?" in page
    assert "<strong>€75.00</strong> goes back" in page
    assert "2 × Linen Shirt, Size M" in page
    assert 'value="Customer called"' in page
    assert f'method="post" action="/admin/orders/{paid_order.id}/{action}"' in page
    assert fresh(paid_order).state is S.PAID


@pytest.mark.parametrize(("action", "status"), [("cancel", S.CANCELLED), ("refund", S.REFUNDED)])
def test_the_admins_confirming_post_makes_the_change_with_its_note(client, auth, admin, paid_order, action, status):
    auth.login(admin)
    page = client.get(f"/admin/orders/{paid_order.id}/{action}/confirm").text
    response = client.post(f"/admin/orders/{paid_order.id}/{action}",
                           data={"csrf_token": csrf_from(page), "note": "Damaged in transit"})
    assert response.status_code == 302
    order = fresh(paid_order)
    assert order.state is status
    assert "Damaged in transit" in order.events[-1].note
    assert sizes_stock(paid_order) == {"Linen Shirt M": 5, "Straw Hat One size": 4}


@pytest.mark.parametrize("action", ["ship", "deliver", "nonsense"])
def test_only_cancel_and_refund_have_a_confirmation_page(client, auth, admin, paid_order, action):
    auth.login(admin)
    assert client.get(f"/admin/orders/{paid_order.id}/{action}/confirm").status_code == 404


def test_a_refund_of_an_unpaid_order_is_refused_on_its_confirmation(client, auth, admin, order_for):
    order = order_for()
    auth.login(admin)
    response = client.get(f"/admin/orders/{order.id}/refund/confirm")
    assert response.status_code == 409
    assert "cannot be refunded" in response.text


def test_an_unpaid_order_with_a_coupon_says_its_use_is_given_back(client, auth, admin, customer, make_product,
                                                                   make_coupon):
    coupon = make_coupon()
    order = place_order(customer, (make_product(price_cents=5000), 1), coupon_code=coupon.code)
    auth.login(admin)
    page = client.get(f"/admin/orders/{order.id}/cancel/confirm").text
    assert f"The use of coupon {coupon.code} is given back." in page


def test_an_unpaid_stripe_order_confirms_that_its_payment_page_is_closed_first(client, auth, customer, stripe_order):
    order, _session = stripe_order(name="Silk Scarf")
    auth.login(customer)
    page = client.get(f"/account/orders/{order.id}/cancel/confirm").text
    assert "The Stripe payment page is closed first" in page
    assert "Nothing was paid, so nothing is refunded." in page
