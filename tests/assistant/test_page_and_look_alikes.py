"""The full page without JavaScript, look-alikes from the stored lists, and a photo into the chat."""
from __future__ import annotations

import io
import re

from tests.support.assistant import say
from tests.support.search import drawing, encoded
from tests.support.web import session_csrf_token
from webapp.extensions import db
from webapp.models import Product
from webapp.services.pricing.promotions import load_live_deals
from webapp.services.pricing.rule import unit_price_cents
from webapp.services.visual_search.neighbour_lists import similar_products


def test_the_page_greets_and_offers_suggestions(client):
    page = client.get("/assistant").text
    assert "Hello! What are you looking for today?" in page
    assert 'value="red dresses under 50"' in page


def test_the_page_form_posts_and_the_page_shows_the_answer_with_cards_that_add_to_the_cart(client, make_product):
    tee = make_product(name="Green Basic Tee", base_colour="Green")
    response = client.post("/assistant", data={"csrf_token": session_csrf_token(client), "text": "green tshirts"})
    assert response.status_code == 200
    assert "You:</strong>\n        <span class=\"assistant-text\">green tshirts</span>" in response.text
    assert "I found 1 green tshirts" in response.text
    assert f'name="product_id" value="{tee.id}"' in response.text
    assert 'href="/products?article_type=Tshirts&amp;base_colour=Green&amp;in_stock=1"' in response.text
    assert "1. Green Basic Tee" in client.get("/assistant").text  # the conversation and its cards stay


def test_the_page_refuses_an_empty_message_and_a_missing_token_with_a_400(client):
    session_csrf_token(client)
    assert client.post("/assistant", data={"text": "hi"}).status_code == 400
    refused = client.post("/assistant", data={"csrf_token": session_csrf_token(client), "text": "  "})
    assert refused.status_code == 400
    assert "Type a message first." in refused.text


def test_the_widget_is_on_shop_pages_for_guests_and_customers_not_for_admins(client, auth, admin, make_product):
    product = make_product()
    page = client.get(f"/products/{product.id}").text
    assert f'data-page-product="{product.id}"' in page
    assert '<script src="/static/js/assistant.js" defer></script>' in page
    auth.login(admin)
    assert 'id="assistant"' not in client.get("/").text


def test_more_like_this_answers_the_stored_look_alikes_and_cheaper_keeps_those_that_cost_less(
        client, indexed_catalogue):
    deals = load_live_deals()
    say(client, "red tshirts for men")
    reference = Product.query.filter_by(base_colour="Red", article_type="Tshirts").one()
    stored = [look.product.id for look in similar_products(reference.id, limit=20)]
    answer = say(client, "more like the first one")
    assert answer["intent"] == "similar"
    assert [p["id"] for p in answer["products"]] == stored[:6]
    cheaper = say(client, "similar but cheaper")
    own = unit_price_cents(reference, deals)
    expected = [i for i in stored if unit_price_cents(db.session.get(Product, i), deals) < own][:6]
    assert [p["id"] for p in cheaper["products"]] == expected


def test_similar_on_the_product_page_the_chat_was_opened_on(client, indexed_catalogue):
    product = indexed_catalogue[3]
    answer = say(client, "anything similar?", product_id=product.id)
    assert answer["reply"].startswith(f"Products that look like “{product.name}”:")


def test_a_photo_in_the_chat_runs_the_photo_search(photo_client, indexed_catalogue):
    client = photo_client
    photo = (io.BytesIO(encoded(drawing((200, 30, 30), "Tshirts"))), "red.jpg")
    response = client.post("/assistant/photo", data={"photo": photo}, content_type="multipart/form-data",
                           headers={"X-CSRFToken": session_csrf_token(client), "Accept": "application/json"})
    assert response.status_code == 200, response.text
    answer = response.get_json()
    assert answer["intent"] == "similar"
    assert re.match(r"Products that look like your photo:", answer["reply"])
    assert len(answer["products"]) == 5


def test_a_file_that_is_not_a_picture_is_refused_as_json(photo_client, indexed_catalogue):
    client = photo_client
    response = client.post("/assistant/photo", data={"photo": (io.BytesIO(b"not a picture"), "notes.jpg")},
                           content_type="multipart/form-data",
                           headers={"X-CSRFToken": session_csrf_token(client), "Accept": "application/json"})
    assert response.status_code == 400
    assert set(response.get_json()) == {"error"}
