"""The shop's mail as a reader's program gets it from a real SMTP server on loopback: a plain-text part and an
HTML part (multipart/alternative), links and pictures absolute on SHOP_URL, customers' text escaped."""
import email
import email.policy
import re

import pytest

from tests.support.web import PASSWORD, post_form, session_csrf_token
from webapp.extensions import db
from webapp.models import Feedback
from webapp.services.engagement import mail

SHOP = "https://shop.example.com"


@pytest.fixture(autouse=True)
def shop_url(app, monkeypatch):
    monkeypatch.setitem(app.config, "SHOP_URL", SHOP)


def parsed(envelope) -> email.message.EmailMessage:
    return email.message_from_bytes(envelope.content, policy=email.policy.default)


def parts(envelope) -> tuple[str, str]:
    """(plain text, HTML) of a multipart/alternative mail."""
    message = parsed(envelope)
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.iter_parts()] == ["text/plain", "text/html"]
    return message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()


def links(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="([^"]+)"', html)


# --- Order mail ----------------------------------------------------------------------------------

def test_an_order_mail_has_a_text_part_and_an_html_part(order_for, smtp_inbox):
    order_for(paid=True, name="Velvet Blazer", price_cents=6999, quantity=2)
    text, html = parts(smtp_inbox[0])
    for part in (text, html):
        assert "Velvet Blazer" in part
        assert "€139.98" in part


def test_every_link_and_picture_of_an_order_mail_is_absolute_on_shop_url(order_for, smtp_inbox):
    order = order_for(paid=True, name="Velvet Blazer")
    text, html = parts(smtp_inbox[0])
    found = links(html)
    assert f"{SHOP}/account/orders/{order.id}" in found
    assert any(link.startswith(f"{SHOP}/media/products/") for link in found)  # the product's picture
    assert all(link.startswith(SHOP) for link in found), found
    assert f"Follow your order: {SHOP}/account/orders/{order.id}" in text
    assert "127.0.0.1" not in text + html


def test_an_order_mail_shows_the_delivery_address_with_the_countrys_name(order_for, smtp_inbox):
    order_for(paid=True)
    text, html = parts(smtp_inbox[0])
    assert "Keizersgracht 1" in text
    assert "1015 CJ Amsterdam\r\n  Netherlands" in text
    assert "Keizersgracht 1" in html
    assert "Netherlands" in html
    assert "Subtotal (1 item)" in text


def test_the_html_part_carries_its_styles_inline(order_for, smtp_inbox):
    order_for(paid=True)
    _text, html = parts(smtp_inbox[0])
    assert "<style" not in html  # many mail programs drop style blocks
    assert re.search(r'<a class="button"[^>]* style="[^"]*background-color: #8f2f54', html)


def test_a_customers_name_is_escaped_in_the_html_part(order_for, make_user, smtp_inbox):
    shopper = make_user(name='<img src=x onerror="alert(1)">')
    order_for(paid=True, user=shopper)
    text, html = parts(smtp_inbox[0])
    assert "&lt;img src=x onerror=" in html
    assert "<img src=x" not in html
    assert 'Hello <img src=x onerror="alert(1)">' in text  # plain text shows it as typed: nothing runs there


def test_mail_queued_before_html_parts_goes_out_as_plain_text(app, smtp_inbox):
    mail.queue("cora@shop.example.com", "An older mail", "Queued by the previous release.")
    db.session.commit()
    mail.send_queued()
    message = parsed(smtp_inbox[0])
    assert message.get_content_type() == "text/plain"
    assert message.get_content().strip() == "Queued by the previous release."


# --- The answer to feedback ----------------------------------------------------------------------

def test_a_feedback_answer_escapes_the_guests_message_in_the_html_part(client, auth, admin, smtp_inbox):
    item = Feedback(email="guest@example.org", subject="<b>Sizes</b>", message="<script>alert(1)</script>\nThanks")
    db.session.add(item)
    db.session.commit()
    auth.login(admin)
    client.post(f"/admin/feedback/{item.id}/reply",
                data={"csrf_token": session_csrf_token(client), "reply": "We have it in M and L."}).close()
    text, html = parts(smtp_inbox[0])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html
    assert "&lt;b&gt;Sizes&lt;/b&gt;" in html
    assert "We have it in M and L." in html
    assert "<script>alert(1)</script>" in text
    assert f"Write to us again: {SHOP}/feedback/" in text


# --- Welcome -------------------------------------------------------------------------------------

NEW = {"name": "Nina <Newcomer>", "email": "nina@shop.example.com", "password": PASSWORD, "confirm": PASSWORD}


def test_registering_sends_a_welcome_mail_after_the_response(client, smtp_inbox):
    response = post_form(client, "/auth/register", NEW)
    assert response.status_code == 302
    assert smtp_inbox == []  # not inside the request: the send_mail job runs once the response is sent
    response.close()
    (envelope,) = smtp_inbox
    assert envelope.rcpt_tos == ["nina@shop.example.com"]
    assert parsed(envelope)["Subject"] == "Welcome to Lookalike"


def test_the_welcome_mail_links_into_the_shop_and_escapes_the_name(client, smtp_inbox):
    post_form(client, "/auth/register", NEW).close()
    text, html = parts(smtp_inbox[0])
    assert f"{SHOP}/account/" in links(html)
    assert f"{SHOP}/products" in links(html)
    assert all(link.startswith(SHOP) for link in links(html))
    assert "Welcome, Nina &lt;Newcomer&gt;!" in html
    assert "Welcome, Nina <Newcomer>!" in text
    assert f"Your account: {SHOP}/account/" in text


def test_a_refused_registration_sends_no_mail(client, smtp_inbox):
    post_form(client, "/auth/register", {**NEW, "confirm": "another-password-9"}).close()
    assert smtp_inbox == []


def test_admins_made_by_the_command_get_no_welcome_mail(runner, smtp_inbox):
    result = runner.invoke(args=["users", "create-admin", "boss@shop.example.com", "--password", "Sturdy-admin-2026"])
    assert result.exit_code == 0, result.output
    assert smtp_inbox == []
