"""The feedback form: guests with an email, customers with their account's; validated and rate limited."""
import pytest
from sqlalchemy import func, select

from tests.support.web import post_form
from webapp.extensions import db
from webapp.models import Feedback
from webapp.services.engagement import feedback
from webapp.services.engagement.feedback import FeedbackError, Message

GOOD = {"email": "guest@example.org", "subject": "Delivery times", "message": "How long does shipping to Spain take?"}


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


def test_feedback_beyond_the_rate_limit_is_refused(client, app, monkeypatch, rate_limits):
    monkeypatch.setitem(app.config, "FEEDBACK_RATE_LIMIT", "2/hour")
    assert [send(client).status_code for _ in range(2)] == [302, 302]
    response = send(client)
    assert response.status_code == 429
    assert "You have sent us several messages just now. Please try again in" in response.text
    assert 0 < int(response.headers["Retry-After"]) <= 3600
    assert db.session.scalar(select(func.count()).select_from(Feedback)) == 2


def test_refused_feedback_does_not_use_up_the_allowance(client, app, monkeypatch, rate_limits):
    monkeypatch.setitem(app.config, "FEEDBACK_RATE_LIMIT", "1/hour")
    assert send(client, email="").status_code == 400
    assert send(client).status_code == 302


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Size question\r\nBcc: victim@example.com", "Size question Bcc: victim@example.com"),
        ("Size\u2028question\t\x85", "Size question"),
    ],
)
def test_a_subject_is_stored_as_one_line(client, typed, expected):
    assert send(client, subject=typed).status_code == 302
    (item,) = stored()
    assert item.subject == expected


def test_a_guest_email_that_would_add_a_header_is_refused(app):
    message = Message("guest@example.org\r\nBcc: victim@example.com", "Delivery", "How long does it take?")
    with pytest.raises(FeedbackError, match="not an email address we can answer"):
        feedback.submit(message)
    assert stored() == []
