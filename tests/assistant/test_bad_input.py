"""Bad input to the assistant: a clear 4xx (JSON) or an honest answer, nothing changed, and the next message works."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.support.assistant import say
from tests.support.web import session_csrf_token
from webapp.extensions import db
from webapp.models import CartItem, Feedback

NOT_JSON = 'Send your message as JSON: {"text": "..."}.'


@pytest.fixture
def shop(make_product):
    return make_product(name="Plain Tee", article_type="Tshirts")


def nothing_changed(client) -> None:
    assert db.session.scalar(select(func.count()).select_from(Feedback)) == 0
    assert db.session.scalar(select(func.count()).select_from(CartItem)) == 0
    with client.session_transaction() as session:
        assert not session.get("cart_sizes")
    assert say(client, "hello")["intent"] == "greeting"


@pytest.mark.parametrize(("body", "error"), [
    ({"text": ""}, "Type a message first."),
    ({"text": "   \n\t "}, "Type a message first."),
    ({"text": "a" * 10_000}, "Please keep a message to at most 500 characters."),
    ({"text": "hi\x00there"}, "The message contains a character we cannot accept (NUL)."),
    ({"text": 42}, NOT_JSON),
    ({"text": ["hi"]}, NOT_JSON),
    ({"message": "hi"}, NOT_JSON),
    (["hi"], NOT_JSON),
    ("hi", NOT_JSON),
])
def test_a_message_that_cannot_be_read_is_a_400_that_says_why(client, shop, body, error):
    response = client.post("/assistant/messages", json=body, headers={"X-CSRFToken": session_csrf_token(client)})
    assert (response.status_code, response.get_json()) == (400, {"error": error})
    nothing_changed(client)


def test_a_body_that_is_not_json_is_a_400(client, shop):
    response = client.post("/assistant/messages", data="text=hi", content_type="application/json",
                           headers={"X-CSRFToken": session_csrf_token(client)})
    assert (response.status_code, response.get_json()) == (400, {"error": NOT_JSON})
    nothing_changed(client)


@pytest.mark.parametrize("headers", [{}, {"X-CSRFToken": "forged-token"}])
def test_a_message_without_a_valid_csrf_token_is_refused_as_json(client, shop, headers):
    session_csrf_token(client)
    response = client.post("/assistant/messages", json={"text": "add it"}, headers=headers)
    assert response.status_code == 400
    assert response.get_json() == {"error": "Your session expired or the request came from another site. Reload the "
                                            "page and try again."}
    nothing_changed(client)


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "👗👠👜", "{{ 7*7 }}", "\u202eevil"])
def test_html_emoji_and_code_get_an_honest_answer_as_text(client, shop, text):
    answer = say(client, text)
    assert answer["intent"] == "unknown"
    assert answer["reply"].startswith("I'm not sure what you mean. I can help with")
    nothing_changed(client)


def test_sql_in_a_message_is_only_words(client, shop):
    answer = say(client, "'; DROP TABLE products; --")
    assert answer["reply"] == "Your cart is empty, so there is nothing to remove."  # "drop" reads as remove
    assert say(client, "plain tee")["products"][0]["name"] == "Plain Tee"
    nothing_changed(client)


def test_the_full_page_shows_a_message_with_html_as_text(client, shop):
    message = "<b>bold</b> <script>x()</script>"
    client.post("/assistant", data={"csrf_token": session_csrf_token(client), "text": message})
    page = client.get("/assistant").text
    assert "&lt;b&gt;bold&lt;/b&gt; &lt;script&gt;x()&lt;/script&gt;" in page
    assert "<script>x()" not in page


def test_a_five_hundred_character_message_is_read(client, shop):
    assert say(client, "plain tee " + "x" * 490)["intent"] in {"search", "unknown"}


def test_messages_are_rate_limited_per_client(client, shop, app, rate_limits, monkeypatch):
    monkeypatch.setitem(app.config, "ASSISTANT_RATE_LIMIT", "2/minute")
    say(client, "hi")
    say(client, "hi")
    response = client.post("/assistant/messages", json={"text": "hi"},
                           headers={"X-CSRFToken": session_csrf_token(client), "Accept": "application/json"})
    assert response.status_code == 429
    assert response.get_json()["error"].startswith("Too many messages to the assistant from your connection.")
    assert int(response.headers["Retry-After"]) > 0
