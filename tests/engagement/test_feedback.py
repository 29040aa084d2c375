"""The feedback form: guests with an email, customers with their account's; validated and rate limited."""
import pytest
from sqlalchemy import func, select

from tests.support.web import post_form
from webapp.extensions import db
from webapp.models import Feedback

GOOD = {"email": "guest@example.org", "subject": "Delivery times", "message": "How long does shipping to Spain take?"}


@pytest.fixture(autouse=True)
def _fresh_rate_limits(app):
    """Every test starts with no feedback counted yet (the limiter lives as long as the app)."""
    app.extensions.pop("rate_limiters", None)
    yield
    app.extensions.pop("rate_limiters", None)


def send(client, **changes):
    return post_form(client, "/feedback/", {**GOOD, **changes})


def stored() -> list[Feedback]:
    return list(db.session.scalars(select(Feedback)))


def test_a_guest_sends_feedback_with_an_email(client):
    response = send(client)
    assert response.headers["Location"] == "/feedback/"
    assert "Thank you for your message" in client.get("/feedback/").text
    (item,) = stored()
    assert (item.email, item.subject, item.user_id) == ("guest@example.org", "Delivery times", None)


def test_a_customers_message_is_answered_at_their_accounts_address(client, auth, customer):
    auth.login(customer)
    assert "We answer at cora@shop.example.com" in client.get("/feedback/").text
    send(client, email="someone-else@example.org")
    (item,) = stored()
    assert (item.email, item.user_id) == (customer.email, customer.id)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": ""}, "Leave your email address"),
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"subject": ""}, "This field is required."),
        ({"subject": "x" * 151}, "between 3 and 150 characters"),
        ({"message": "short"}, "between 10 and 5000 characters"),
        ({"message": "x" * 5001}, "between 10 and 5000 characters"),
    ],
)
def test_bad_feedback_is_refused_with_the_reason(client, changes, message):
    response = send(client, **changes)
    assert response.status_code == 400
    assert message in response.text
    assert stored() == []


def test_feedback_beyond_the_rate_limit_is_refused(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "FEEDBACK_RATE_LIMIT", "2/hour")
    assert [send(client).status_code for _ in range(2)] == [302, 302]
    response = send(client)
    assert response.status_code == 429
    assert "Please try again in" in response.text
    assert db.session.scalar(select(func.count()).select_from(Feedback)) == 2


def test_feedback_needs_a_csrf_token(client):
    response = client.post("/feedback/", data=GOOD)
    assert response.status_code == 400
    assert stored() == []


def test_the_footer_links_to_the_feedback_form(client):
    assert 'href="/feedback/"' in client.get("/").text
