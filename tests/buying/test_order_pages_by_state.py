"""What the order and payment pages say follows the order's status and payment method."""
import pytest

from tests.support.buying import HOME_FORM, add_to_cart
from tests.support.web import session_csrf_token
from webapp.models import OrderStatus
from webapp.services.buying import orders
from webapp.services.buying.orders import Actor


@pytest.fixture
def order_in(customer, order_for):
    """order_in(status): the customer's test-payment order, moved to that status."""

    def make(status: OrderStatus):
        order = order_for(paid=status is not OrderStatus.PENDING_PAYMENT)
        if status is OrderStatus.CANCELLED:
            orders.change_status(order, status, Actor.of(customer))
        return order

    return make


@pytest.mark.parametrize(
    ("status", "pay_now", "payment_returned"),
    [(OrderStatus.PENDING_PAYMENT, True, False), (OrderStatus.PAID, False, True),
     (OrderStatus.CANCELLED, False, False)],
)
def test_the_customers_order_page_offers_payment_only_while_it_is_awaited(
    client, auth, customer, order_in, status, pay_now, payment_returned
):
    order = order_in(status)
    auth.login(customer)
    page = client.get(f"/account/orders/{order.id}").text
    assert ("Pay now" in page, "Your payment will be returned" in page) == (pay_now, payment_returned)


@pytest.mark.parametrize(
    ("status", "message"),
    [(OrderStatus.PENDING_PAYMENT, "waiting for the payment confirmation"),
     (OrderStatus.PAID, "Your payment is confirmed"), (OrderStatus.CANCELLED, "This order is cancelled")],
)
def test_the_return_page_says_where_the_order_stands(client, auth, customer, order_in, status, message):
    order = order_in(status)
    auth.login(customer)
    assert message in client.get(f"/checkout/orders/{order.id}/complete").text


@pytest.mark.parametrize(
    ("status", "message"),
    [(OrderStatus.PENDING_PAYMENT, "(test payment)</button>"), (OrderStatus.PAID, "There is nothing left to pay")],
)
def test_the_pay_page_offers_the_test_payment_until_the_order_is_paid(
    client, auth, customer, order_in, status, message
):
    order = order_in(status)
    auth.login(customer)
    assert message in client.get(f"/checkout/orders/{order.id}/pay").text


def test_the_pay_page_of_a_stripe_order_sends_to_stripe(client, auth, customer, stripe_order):
    order, _session = stripe_order()
    auth.login(customer)
    assert "on Stripe</button>" in client.get(f"/checkout/orders/{order.id}/pay").text


def test_the_admin_sees_how_an_order_is_paid(client, auth, admin, order_for, request):
    by_test = order_for()  # before Stripe is set up
    by_stripe, _session = request.getfixturevalue("stripe_order")()
    auth.login(admin)
    assert "paid by test payment" in client.get(f"/admin/orders/{by_test.id}").text
    assert "paid by Stripe" in client.get(f"/admin/orders/{by_stripe.id}").text


def test_the_timeline_names_the_payment_provider_as_who_confirmed_payment(client, auth, customer, order_in):
    order = order_in(OrderStatus.PAID)
    auth.login(customer)
    timeline = client.get(f"/account/orders/{order.id}").text.split('id="timeline"')[1].split("</ol>")[0]
    assert "by the payment provider" in timeline


@pytest.mark.parametrize(("stripe", "says"), [(False, "no money is taken"), (True, "Stripe's secure page")])
def test_the_review_page_says_how_the_order_will_be_paid(
    client, auth, customer, make_product, request, stripe, says
):
    if stripe:
        request.getfixturevalue("stripe_standin")
    auth.login(customer)
    add_to_cart(client, make_product().id)
    client.post("/checkout/", data={"csrf_token": session_csrf_token(client), **HOME_FORM})
    page = client.get("/checkout/review").text
    assert says in page
    assert ("Place order and pay</button>" in page) is stripe
