"""What the cart, the review and the confirmation show: pictures on the lines, counts said properly, the
country by name, the delivery address and where the confirmation was mailed."""
import pytest
from sqlalchemy import select

from tests.support.buying import HOME_FORM, add_to_cart, checkout_through_pages, place_order
from tests.support.web import session_csrf_token
from webapp.extensions import db
from webapp.models import Order
from webapp.services.buying import payments
from webapp.services.buying.countries import country_name, shipping_choices
from webapp.templating import counted


@pytest.mark.parametrize(
    ("count", "noun", "plural", "said"),
    [(0, "item", None, "0 items"), (1, "item", None, "1 item"), (2, "item", None, "2 items"),
     (1200, "item", None, "1,200 items"), (1, "new notification", None, "1 new notification"),
     (3, "box", "boxes", "3 boxes")],
)
def test_a_count_is_said_with_its_noun_singular_for_one(count, noun, plural, said):
    assert counted(count, noun, plural) == said


@pytest.mark.parametrize(("code", "name"), [("DE", "Germany"), ("NL", "Netherlands"), ("nl", "Netherlands"),
                                            ("XX", "XX"), ("", "")])
def test_a_country_is_shown_by_its_name(code, name):
    assert country_name(code) == name


def test_the_address_form_offers_the_euro_area_by_name():
    assert shipping_choices()[:3] == [("AT", "Austria"), ("BE", "Belgium"), ("FI", "Finland")]
    assert len(shipping_choices()) == 11


@pytest.fixture
def shopper(client, auth, customer):
    auth.login(customer)
    return customer


@pytest.mark.parametrize(("quantity", "said"), [(1, "Subtotal (1 item)"), (2, "Subtotal (2 items)")])
def test_the_cart_counts_its_items_in_words(client, shopper, make_product, quantity, said):
    add_to_cart(client, make_product().id, quantity)
    assert said in client.get("/cart/").text


def test_cart_and_review_lines_show_the_products_picture(client, shopper, make_product):
    product = make_product(name="Pictured Tee")
    add_to_cart(client, product.id, 1)
    picture = f'<img class="line-thumb" src="/media/products/{product.image_name}"'
    assert picture in client.get("/cart/").text
    client.post("/checkout/", data={"csrf_token": session_csrf_token(client), **HOME_FORM})
    review = client.get("/checkout/review").text
    assert picture in review
    assert "Netherlands" in review
    assert "Subtotal (1 item)" in review


def test_the_country_is_a_name_on_the_order_pages_of_customer_and_admin(client, auth, customer, admin, order_for):
    order = order_for()
    auth.login(customer)
    assert "Amsterdam<br>Netherlands" in client.get(f"/account/orders/{order.id}").text
    client.post("/auth/logout", data={"csrf_token": session_csrf_token(client)})
    auth.login(admin)
    assert "Amsterdam<br>Netherlands" in client.get(f"/admin/orders/{order.id}").text
    assert "Amsterdam<br>Netherlands" in client.get(f"/admin/customers/{customer.id}").text


def test_the_confirmation_shows_the_delivery_address_and_where_it_was_mailed(client, shopper, make_product):
    add_to_cart(client, make_product().id, 1)
    checkout_through_pages(client)
    order = db.session.scalar(select(Order))
    payments.pay_with_test_payment(order)
    page = client.get(f"/checkout/orders/{order.id}/complete").text
    assert "We emailed you a confirmation at <strong>cora@shop.example.com</strong>." in page
    delivery = page.split('id="delivery-address"')[1].split("</div>")[0]
    assert "Keizersgracht 1" in delivery
    assert "Netherlands" in delivery


def test_an_order_awaiting_payment_says_where_the_confirmation_will_go(client, shopper, customer, make_product):
    order = place_order(customer, (make_product(), 1))
    page = client.get(f"/checkout/orders/{order.id}/complete").text
    assert "Once it is confirmed we email you at <strong>cora@shop.example.com</strong>." in page
