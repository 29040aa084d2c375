"""Conversations as a customer, through HTTP: shopping to the checkout review, and cancelling an order."""
from __future__ import annotations

from sqlalchemy import select

from tests.support.assistant import say
from tests.support.buying import HOME_FORM, TOTAL_FIELD, fresh, place_order
from tests.support.web import session_csrf_token
from webapp.extensions import db
from webapp.models import OrderEvent, OrderStatus, Role
from webapp.services.buying.cart import AccountCart
from webapp.services.shop_settings import Settings, save_settings

UNKNOWN_12345 = "I cannot find an order #12345 in your account. Check the number on your order confirmation."


def test_search_refine_add_the_second_total_coupon_and_the_review_shows_the_same_total(
        client, auth, customer, make_product, make_coupon):
    save_settings(Settings(495, 5000, "Delivered in 2 days.", "Returns within 30 days."))
    make_coupon("SAVE10", kind="fixed", amount=1000)
    evening = make_product(name="Red Evening Dress", gender="Women", article_type="Dresses", price_cents=4500)
    make_product(name="Red Maxi Dress", gender="Women", article_type="Dresses", price_cents=2500,
                 sizes={"S": 2, "M": 2})
    make_product(name="Red Kids Dress", gender="Girls", article_type="Dresses", price_cents=1500)
    make_product(name="Red Dress Gown", gender="Women", article_type="Dresses", price_cents=9000)
    auth.login(customer)

    first = say(client, "red dresses")
    assert [p["name"] for p in first["products"]] == ["Red Dress Gown", "Red Kids Dress", "Red Maxi Dress",
                                                      "Red Evening Dress"]
    refined = say(client, "for women under 50")
    assert refined["slots"] == {"articleType": "Dresses", "baseColour": "Red", "gender": "Women", "max_price": 50}
    assert [p["name"] for p in refined["products"]] == ["Red Maxi Dress", "Red Evening Dress"]

    added = say(client, "add the second one")
    assert added["actions"][0]["product_id"] == evening.id
    assert AccountCart(customer.id).quantities() == {evening.sizes[0].id: 1}

    total = say(client, "what's my total with shipping")
    assert total["reply"].endswith("Goods €45.00, shipping €4.95: total €49.95.")

    coupon = say(client, "apply save10")
    assert coupon["actions"] == [{"type": "coupon_applied", "code": "SAVE10", "discount_cents": 1000,
                                  "total_cents": 3995}]
    assert say(client, "how much is it all")["reply"].endswith(
        "Goods €45.00, coupon SAVE10 −€10.00, shipping €4.95: total €39.95.")

    client.post("/checkout/", data={"csrf_token": session_csrf_token(client), **HOME_FORM})
    review = client.get("/checkout/review").text
    assert TOTAL_FIELD.search(review).group(1) == "3995"


def test_where_is_my_order_then_cancel_it_with_a_confirmation_writes_an_order_event(client, auth, customer,
                                                                                   make_product):
    order = place_order(customer, (make_product(name="Linen Shirt", price_cents=3000), 1))
    auth.login(customer)

    status = say(client, "where is my order")
    assert status["reply"].startswith(f"Order #{order.id} of ")
    assert "Pending payment, 1 item, €30.00." in status["reply"]

    question = say(client, "cancel my last order")
    assert question["reply"].endswith("Shall I cancel it? Answer yes to cancel it, or no to keep it.")
    assert question["slots"] == {"order": order.id}
    assert fresh(order).status == OrderStatus.PENDING_PAYMENT

    done = say(client, "yes please")
    assert done["actions"] == [{"type": "order_cancelled", "order": order.id}]
    assert fresh(order).status == OrderStatus.CANCELLED
    event = db.session.scalars(select(OrderEvent).where(OrderEvent.order_id == order.id)
                               .order_by(OrderEvent.id.desc())).first()
    assert (event.from_status, event.to_status, event.actor_kind, event.actor_id, event.note) == (
        "pending_payment", "cancelled", "customer", customer.id, "Cancelled through the shopping assistant")


def test_answering_no_keeps_the_order(client, auth, customer, make_product):
    order = place_order(customer, (make_product(), 1))
    auth.login(customer)
    say(client, f"cancel order {order.id}")
    assert say(client, "no, keep it")["reply"] == "All right, your order stays as it is."
    assert fresh(order).status == OrderStatus.PENDING_PAYMENT


def test_an_order_that_has_shipped_cannot_be_cancelled_and_says_why(client, auth, customer, bought, make_product):
    order = bought(make_product(), status=OrderStatus.SHIPPED)
    auth.login(customer)
    answer = say(client, f"cancel order {order.id}")
    assert answer["reply"] == f"Order #{order.id} is shipped, so it cannot be cancelled."
    assert fresh(order).status == OrderStatus.SHIPPED


def test_someone_elses_order_number_gets_the_same_answer_as_an_unknown_one(client, auth, customer, make_user,
                                                                          make_product):
    other = make_user(Role.CUSTOMER, email="other@shop.example.com")
    theirs = place_order(other, (make_product(), 1))
    auth.login(customer)
    for text in (f"status of order {theirs.id}", f"cancel order {theirs.id}"):
        assert say(client, text)["reply"] == UNKNOWN_12345.replace("12345", str(theirs.id))
    assert say(client, "status of order 12345")["reply"] == UNKNOWN_12345
    assert fresh(theirs).status == OrderStatus.PENDING_PAYMENT


def test_a_guest_asking_for_orders_is_asked_to_log_in(client, customer, make_product):
    order = place_order(customer, (make_product(), 1))
    for text in ("where is my order", f"status of order {order.id}", f"cancel order {order.id}"):
        answer = say(client, text)
        assert answer["reply"] == ("Log in first and I can tell you about your orders (I only talk about orders "
                                   "with their owner).")
        assert answer["actions"] == []
    assert fresh(order).status == OrderStatus.PENDING_PAYMENT


def test_show_more_pages_through_the_last_search_and_cheaper_goes_below_what_was_shown(client, make_product):
    for n in range(8):
        make_product(name=f"Black Tee {n}", base_colour="Black", price_cents=1000 + 100 * n)
    first = say(client, "black tshirts")
    assert first["reply"].startswith("Here are 1–6 of 8 black tshirts:")
    more = say(client, "show more")
    assert more["reply"].startswith("Here are 7–8 of 8 black tshirts:")
    assert [p["name"] for p in more["products"]] == ["Black Tee 1", "Black Tee 0"]
    cheaper = say(client, "cheaper")
    assert cheaper["slots"]["max_price"] == 9.99
    assert cheaper["reply"] == "I found no black tshirts up to €9.99 in stock. Try fewer filters or another colour."


def test_a_shoe_size_is_answered_by_its_number(client, make_product):
    boots = make_product(name="Trail Boots", master_category="Footwear", sub_category="Shoes",
                         article_type="Casual Shoes", sizes={"EU 41": 1, "EU 42": 2})
    say(client, "casual shoes")
    assert say(client, "add the first one")["reply"] == "Which size of “Trail Boots”? It comes in EU 41, EU 42."
    answer = say(client, "the 42")
    assert answer["actions"][0]["size_id"] == boots.sizes[1].id


def test_something_like_what_i_bought_starts_from_the_last_product_bought(client, auth, customer, bought,
                                                                           indexed_catalogue):
    product = indexed_catalogue[5]
    bought(product)
    auth.login(customer)
    answer = say(client, "something like what I bought")
    assert answer["reply"].startswith(f"Products that look like “{product.name}”:")


def test_the_conversation_state_stays_small_in_the_session_cookie(client, make_product):
    make_product(name="Plain Tee")
    for n in range(30):
        say(client, f"plain tshirts under {n + 10} " + "please " * 60)
    cookie = client.get_cookie("session")
    assert len(cookie.value) < 3000
