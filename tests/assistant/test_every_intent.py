"""Every intent through the real endpoint, POST /assistant/messages: what it answers and what it changes."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.support.assistant import say
from webapp.extensions import db
from webapp.models import Feedback
from webapp.services.buying.cart import SessionCart
from webapp.services.shop_settings import Settings, save_settings

RETURNS = "Send it back unworn within 14 days; we pay the postage."


@pytest.fixture
def shop(make_product, make_deal, make_coupon):
    """Two red dresses, blue jeans in two sizes, a deal on jeans, a public and a private coupon, saved settings."""
    save_settings(Settings(495, 5000, "Delivered in 1 to 3 working days.", RETURNS))
    products = {
        "summer": make_product(name="Red Summer Dress", gender="Women", sub_category="Dress", article_type="Dresses",
                               base_colour="Red", price_cents=4500),
        "party": make_product(name="Red Party Dress", gender="Women", sub_category="Dress", article_type="Dresses",
                              base_colour="Red", usage="Party", price_cents=2500),
        "jeans": make_product(name="Blue Slim Jeans", gender="Men", sub_category="Bottomwear", article_type="Jeans",
                              base_colour="Blue", price_cents=3999, sizes={"30": 2, "32": 5}),
    }
    make_deal(amount=20, value="Jeans", name="Denim days")
    make_coupon("WELCOME10", kind="percent", amount=10, is_public=True)
    make_coupon("STAFFONLY", kind="percent", amount=50)
    return products


@pytest.mark.parametrize(("text", "intent", "in_reply"), [
    ("hello there!", "greeting", "What are you looking for today?"),
    ("ok thanks, bye", "goodbye", "Goodbye!"),
    ("red dresses under 50", "search", "I found 2 red dresses up to €50.00:"),
    ("more like this one", "similar", "Which product do you mean?"),
    ("add the second one", "add_to_cart", "Which product shall I add?"),
    ("remove the jeans", "remove_from_cart", "Your cart is empty, so there is nothing to remove."),
    ("what's in my cart", "cart", "Your cart is empty."),
    ("any offers on jeans?", "deals", "Denim days: 20% off"),
    ("apply WELCOME10", "apply_coupon", "Your cart is empty: add something first"),
    ("where is my order", "order_status", "Log in first"),
    ("cancel my last order", "cancel_order", "Log in first"),
    ("what is your return policy", "faq_returns", RETURNS),
    ("how much is shipping", "faq_shipping", "Shipping is €4.95 per order, free when your goods come to €50.00"),
    ("I want to leave feedback", "feedback", "Please tell me what you would like the shop to know"),
    ("can I talk to a person", "human", "Which email address can the shop answer you at?"),
    ("tell me a joke about pirates", "unknown", "I can help with"),
])
def test_each_intent_answers_a_guest_through_http(client, shop, text, intent, in_reply):
    answer = say(client, text)
    assert answer["intent"] == intent
    assert in_reply in answer["reply"]
    assert set(answer) >= {"reply", "intent", "slots", "products", "suggestions", "actions"}


def test_a_search_answers_cards_with_prices_after_deals_the_filters_and_the_catalogue_link(client, shop):
    answer = say(client, "blue jeens for men")
    assert answer["slots"] == {"articleType": "Jeans", "baseColour": "Blue", "gender": "Men"}
    (card,) = answer["products"]
    jeans = shop["jeans"]
    assert card == {"id": jeans.id, "name": "Blue Slim Jeans", "price_cents": 3199, "list_price_cents": 3999,
                    "url": f"/products/{jeans.id}", "image_url": f"/media/products/{jeans.image_name}",
                    "has_sizes": True, "in_stock": True}
    assert answer["search_url"] == "/products?gender=Men&article_type=Jeans&base_colour=Blue&in_stock=1"


def test_the_deals_answer_names_public_coupons_only(client, shop):
    reply = say(client, "any deals?")["reply"]
    assert "Coupon WELCOME10: 10% off" in reply
    assert "STAFFONLY" not in reply


def test_a_one_size_product_is_added_at_once_and_the_action_carries_the_cart_count(client, shop):
    say(client, "red dresses")
    answer = say(client, "add the second one")
    summer = shop["summer"]
    assert answer["actions"] == [{"type": "cart_add", "product_id": summer.id, "size_id": summer.sizes[0].id,
                                  "size": "One size", "quantity": 1, "cart_count": 1}]
    with client.session_transaction() as session:
        assert SessionCart(session).quantities() == {summer.sizes[0].id: 1}


def test_a_product_with_sizes_asks_which_size_before_adding(client, shop):
    say(client, "blue jeans")
    question = say(client, "add it")
    assert question["reply"] == "Which size of “Blue Slim Jeans”? It comes in 30, 32."
    assert question["suggestions"] == ["size 30", "size 32"]
    assert question["actions"] == []
    answer = say(client, "the 32")
    thirty_two = shop["jeans"].sizes[1]
    assert answer["actions"][0] | {"cart_count": None} == {"type": "cart_add", "product_id": shop["jeans"].id,
                                                           "size_id": thirty_two.id, "size": "32", "quantity": 1,
                                                           "cart_count": None}
    assert answer["reply"] == "Added 1 × “Blue Slim Jeans” in size 32 to your cart. Your cart has 1 item."


def test_a_size_named_with_the_request_needs_no_question(client, shop):
    say(client, "blue jeans")
    answer = say(client, "add 2 of these in size 30")
    assert answer["actions"][0]["size"] == "30"
    assert answer["actions"][0]["quantity"] == 2


def test_more_than_the_stock_of_a_size_is_refused_with_the_cart_services_reason(client, shop):
    say(client, "blue jeans")
    say(client, "add 3 of these")
    answer = say(client, "size 30")
    assert answer["reply"] == "Only 2 of “Blue Slim Jeans” in size 30 in stock."
    assert answer["actions"] == []


def test_removing_names_the_product_by_its_type(client, shop):
    say(client, "red dresses")
    say(client, "add the first one")
    say(client, "blue jeans")
    say(client, "add it")
    say(client, "size 32")
    answer = say(client, "remove the jeans")
    assert [action["type"] for action in answer["actions"]] == ["cart_remove"]
    assert answer["actions"][0]["product_id"] == shop["jeans"].id
    assert answer["actions"][0]["cart_count"] == 1


def test_a_customers_feedback_goes_to_the_feedback_inbox(client, auth, customer, shop):
    auth.login(customer)
    answer = say(client, "the delivery was late and the box was wet")
    (item,) = db.session.scalars(select(Feedback)).all()
    assert answer["actions"] == [{"type": "feedback_sent", "feedback_id": item.id}]
    assert (item.email, item.message, item.conversation) == (
        customer.email, "the delivery was late and the box was wet", "")


def test_a_guest_is_asked_for_an_email_before_the_feedback_is_sent(client, shop):
    say(client, "the delivery was late")
    answer = say(client, "it is guest@example.org")
    (item,) = db.session.scalars(select(Feedback)).all()
    assert (item.email, item.message, item.user_id) == ("guest@example.org", "the delivery was late", None)
    assert answer["actions"][0]["type"] == "feedback_sent"


def test_a_request_for_a_person_reaches_the_inbox_with_the_conversation(client, auth, customer, shop):
    auth.login(customer)
    say(client, "red dresses under 50")
    answer = say(client, "I need to speak to a human")
    (item,) = db.session.scalars(select(Feedback)).all()
    assert answer["actions"] == [{"type": "handoff", "feedback_id": item.id}]
    assert item.subject == "A customer asks for a person (shopping assistant)"
    assert item.conversation.splitlines()[:2] == ["You: red dresses under 50",
                                                  "Assistant: I found 2 red dresses up to €50.00:"]
    assert item.conversation.splitlines()[-1] == "You: I need to speak to a human"
