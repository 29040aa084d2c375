"""Customers hear about their orders: a bell in the header, a list, and mail that survives a dead server."""
import logging
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.support.buying import fresh
from tests.support.read_only import database_refusing_writes
from webapp.extensions import db
from webapp.models import Notification, OrderStatus, OutboxMail
from webapp.models._base import utcnow
from webapp.services import jobs
from webapp.services.buying import orders
from webapp.services.buying.orders import Actor, ActorKind
from webapp.services.engagement import mail, notifications

S = OrderStatus
SHOP = Actor(ActorKind.ADMIN)
STEPS_TO = {S.PAID: [], S.SHIPPED: [S.SHIPPED], S.DELIVERED: [S.SHIPPED, S.DELIVERED],
            S.CANCELLED: [S.CANCELLED], S.REFUNDED: [S.REFUNDED]}


def outbox() -> list[OutboxMail]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)))


def body_of(envelope) -> str:
    return envelope.content.decode()


def test_placing_an_order_notifies_nobody_yet(order_for):
    order_for()
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0
    assert outbox() == []


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (S.PAID, "is confirmed"),
        (S.SHIPPED, "is on its way"),
        (S.DELIVERED, "has been delivered"),
        (S.CANCELLED, "was cancelled"),
        (S.REFUNDED, "was refunded"),
    ],
)
def test_each_step_of_an_order_reaches_the_customer_in_the_app_and_by_mail(
    order_for, customer, smtp_inbox, status, message
):
    order = order_for(paid=True)
    for step in STEPS_TO[status]:
        orders.change_status(order, step, SHOP)
    latest = db.session.scalars(select(Notification).order_by(Notification.id.desc())).first()
    assert latest.message == f"Your order #{order.id} {message}" + (". Thank you!" if status is S.PAID else ".")
    assert latest.order_id == order.id
    envelope = smtp_inbox[-1]
    assert envelope.rcpt_tos == [customer.email]
    assert f"Subject: Order #{order.id}: {status.label}" in body_of(envelope)
    assert message in body_of(envelope)
    assert len(smtp_inbox) == 1 + len(STEPS_TO[status])


def test_the_mail_links_to_the_order_and_lists_what_was_bought(order_for, smtp_inbox):
    order = order_for(paid=True, name="Velvet Blazer", price_cents=6999, quantity=2)
    body = body_of(smtp_inbox[0])
    assert f"http://127.0.0.1:5000/account/orders/{order.id}" in body
    assert "2 × Velvet Blazer" in body
    assert "€139.98" in body


def test_the_bell_counts_unread_notifications(client, auth, customer, order_for):
    order = order_for(paid=True)
    orders.change_status(order, S.SHIPPED, SHOP)
    auth.login(customer)
    assert 'id="unread-count">2<' in client.get("/").text


def test_opening_the_list_shows_what_is_new_and_marks_it_read(client, auth, customer, order_for):
    order = order_for(paid=True)
    orders.change_status(order, S.SHIPPED, SHOP)
    auth.login(customer)
    page = client.get("/account/notifications").text
    assert f"Your order #{order.id} is on its way." in page
    assert page.count('class="unread"') == 2
    assert "2 new notifications since you last looked" in page
    assert 'id="unread-count"' not in page  # the header of this very page already counts them read
    assert db.session.scalar(select(func.count()).select_from(Notification).where(Notification.read_at.is_(None))) == 0


def test_the_list_opened_again_has_nothing_new(client, auth, customer, order_for):
    order_for(paid=True)
    auth.login(customer)
    client.get("/account/notifications")
    page = client.get("/account/notifications").text
    assert 'class="unread"' not in page
    assert "since you last looked" not in page
    assert 'id="unread-count"' not in client.get("/").text


def test_a_notification_after_the_list_was_opened_is_new_again(client, auth, customer, order_for):
    order = order_for(paid=True)
    auth.login(customer)
    client.get("/account/notifications")
    orders.change_status(order, S.SHIPPED, SHOP)
    assert 'id="unread-count">1<' in client.get("/").text
    page = client.get("/account/notifications").text
    assert "1 new notification since you last looked" in page
    assert page.count('class="unread"') == 1


def test_opening_the_list_leaves_another_customers_notifications_unread(client, auth, order_for, make_user):
    order_for(paid=True)
    theirs = db.session.scalar(select(Notification))
    auth.login(make_user())
    client.get("/account/notifications")
    assert fresh(theirs).read_at is None


def test_a_mail_server_that_is_down_keeps_the_mail_and_the_order(order_for, smtp_down, caplog):
    with caplog.at_level(logging.WARNING, logger="webapp.services.engagement.mail"):
        order = order_for(paid=True)
    assert fresh(order).state is S.PAID
    (queued,) = outbox()
    assert queued.sent_at is None
    assert queued.attempts == 1
    assert "ConnectionRefusedError" in queued.last_error
    assert queued.next_attempt_at > utcnow()
    assert "stays queued" in caplog.text


def test_a_failed_mail_waits_before_it_is_tried_again(order_for, smtp_down):
    order_for(paid=True)
    mail.send_queued()
    assert outbox()[0].attempts == 1


def test_queued_mail_goes_out_once_the_server_is_back(order_for, smtp_down, request):
    order = order_for(paid=True)
    inbox = request.getfixturevalue("smtp_inbox")
    report = mail.send_queued(due_only=False)
    assert (report.sent, report.failed) == (1, 0)
    assert outbox()[0].sent_at is not None
    assert f"Order #{order.id}" in body_of(inbox[0])


def test_the_retry_job_sends_mail_that_has_come_due_and_lets_the_rest_wait(order_for, smtp_down, request):
    order_for(paid=True)
    order_for(paid=True)
    due, _waiting = outbox()
    due.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    inbox = request.getfixturevalue("smtp_inbox")
    jobs.enqueue("retry_mail")  # outside a request it runs at once
    assert [mail.sent_at is not None for mail in outbox()] == [True, False]
    assert [envelope.rcpt_tos for envelope in inbox] == [[due.to_address]]


def test_flask_mail_send_pending_retries_now(order_for, smtp_down, request, runner):
    order_for(paid=True)
    request.getfixturevalue("smtp_inbox")
    result = runner.invoke(args=["mail", "send-pending"])
    assert result.exit_code == 0
    assert "Sent 1 mails; 0 failed" in result.output


def test_flask_mail_send_pending_says_when_mail_still_fails(order_for, smtp_down, runner):
    order_for(paid=True)
    result = runner.invoke(args=["mail", "send-pending"])
    assert result.exit_code == 1
    assert "1 failed and stay queued" in result.output
    assert outbox()[0].attempts == 2


def test_without_a_mail_server_mail_goes_to_the_log_and_an_outbox_folder(app, order_for, tmp_path, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "MAIL_OUTBOX_DIR", str(tmp_path / "outbox"))
    with caplog.at_level(logging.INFO, logger="webapp.services.engagement.mail"):
        order = order_for(paid=True)
    (written,) = (tmp_path / "outbox").glob("*.eml")
    assert f"Subject: Order #{order.id}: Paid (confirmed)" in written.read_text()
    assert f"Order #{order.id}: Paid (confirmed)" in caplog.text
    assert outbox()[0].sent_at is not None


def test_a_database_refusing_writes_still_shows_the_list_as_new(client, auth, customer, order_for, caplog):
    order_for(paid=True)
    auth.login(customer)
    with database_refusing_writes(), caplog.at_level(logging.WARNING, logger=notifications.__name__):
        response = client.get("/account/notifications")
    assert response.status_code == 200
    assert 'class="unread"' in response.text
    assert "Could not mark notifications" in caplog.text
    assert db.session.scalar(select(func.count()).select_from(Notification).where(Notification.read_at.is_(None))) == 1
