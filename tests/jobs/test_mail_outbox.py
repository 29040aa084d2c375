"""The mail outbox: text that would add a header never does, and one mail that cannot go never holds up
the others, the shop's pages or `flask mail send-pending`."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.support.web import post_form, session_csrf_token
from webapp.extensions import db
from webapp.models import Feedback, Order, OutboxMail
from webapp.services.engagement import mail

POISON_SUBJECT = "Size question\r\nBcc: victim@example.com"


def outbox() -> list[OutboxMail]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)))


def reply_as_admin(client, auth, admin, item: Feedback):
    auth.login(admin)
    return client.post(f"/admin/feedback/{item.id}/reply",
                       data={"csrf_token": session_csrf_token(client), "reply": "We have it in M and L."})


def test_a_guests_subject_with_a_bcc_line_reaches_only_the_guest(client, auth, admin, smtp_inbox):
    sent = post_form(client, "/feedback/", {"email": "guest@example.org", "subject": POISON_SUBJECT,
                                             "message": "Does the linen shirt run small?"})
    assert sent.status_code == 302
    item = db.session.scalar(select(Feedback))
    reply = reply_as_admin(client, auth, admin, item)
    assert reply.status_code == 302
    reply.close()  # the response is sent: its send_mail job runs
    (envelope,) = smtp_inbox
    assert envelope.rcpt_tos == ["guest@example.org"]
    assert "Subject: Re: Size question Bcc: victim@example.com\r\n" in envelope.content.decode()
    assert "victim" not in " ".join(envelope.rcpt_tos)


def test_a_poisoned_subject_stored_before_the_fix_is_answered_and_the_shop_carries_on(
    client, auth, admin, journey, product, smtp_inbox, runner
):
    # A row written before subjects were made one line, as the issue found it in the database.
    item = Feedback(email="guest@example.org", subject=POISON_SUBJECT, message="Does it run small?")
    db.session.add(item)
    db.session.commit()
    reply_as_admin(client, auth, admin, item).close()
    client.post("/auth/logout", data={"csrf_token": session_csrf_token(client)})
    assert [envelope.rcpt_tos for envelope in smtp_inbox] == [["guest@example.org"]]

    placed = journey.place_order(product)
    assert placed.status_code == 302
    order_id = db.session.scalar(select(Order.id))
    assert journey.pay(order_id).status_code == 302
    assert journey.ship(order_id).status_code == 302
    second = journey.place_order(product)
    assert second.status_code == 302
    second_id = db.session.scalar(select(Order.id).order_by(Order.id.desc()))
    assert journey.cancel(second_id).status_code == 302
    assert runner.invoke(args=["mail", "send-pending"]).exit_code == 0


def queue_mails(*addresses: str) -> list[OutboxMail]:
    queued = [mail.queue(address, f"Note {n}", "Hello.") for n, address in enumerate(addresses)]
    db.session.commit()
    return queued


# The email library cannot parse this address (it raises while building the To header).
UNBUILDABLE = "a@[bad"


def test_a_mail_that_cannot_be_built_is_recorded_and_the_next_one_still_goes(app, smtp_inbox):
    queue_mails(UNBUILDABLE, "cora@shop.example.com")
    report = mail.send_queued()
    assert (report.sent, report.failed) == (1, 1)
    broken, good = outbox()
    assert good.sent_at is not None
    assert (broken.sent_at, broken.attempts, broken.failed_at) == (None, 1, None)
    assert broken.last_error.startswith("AttributeError")
    assert [envelope.rcpt_tos for envelope in smtp_inbox] == [["cora@shop.example.com"]]


def test_a_mail_is_retried_and_then_parked_as_failed_with_its_reason(app, smtp_down, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 3)
    queue_mails("cora@shop.example.com")
    reports = [mail.send_queued(due_only=False) for _ in range(4)]
    assert [(r.failed, r.parked) for r in reports] == [(1, 0), (1, 0), (1, 1), (0, 0)]
    (parked,) = outbox()
    assert parked.attempts == 3
    assert parked.failed_at is not None
    assert "ConnectionRefusedError" in parked.last_error
    assert "not sent after 3 attempts" in caplog.text


@pytest.mark.parametrize(("flags", "sent"), [([], 0), (["--parked"], 1)])
def test_send_pending_leaves_parked_mail_unless_asked(app, smtp_down, monkeypatch, runner, request, flags, sent):
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 1)
    queue_mails("cora@shop.example.com")
    mail.send_queued()
    request.getfixturevalue("smtp_inbox")  # the server is back
    result = runner.invoke(args=["mail", "send-pending", *flags])
    assert f"Sent {sent} mails; 0 failed" in result.output
    assert (outbox()[0].sent_at is not None) is bool(sent)


def test_send_pending_due_only_respects_the_pause_after_a_failure(app, smtp_down, runner, request):
    queue_mails("cora@shop.example.com")
    mail.send_queued()
    request.getfixturevalue("smtp_inbox")
    assert "Sent 0 mails" in runner.invoke(args=["mail", "send-pending", "--due"]).output
    assert "Sent 1 mails" in runner.invoke(args=["mail", "send-pending"]).output


def test_the_admin_overview_lists_parked_mail_with_its_reason(client, auth, admin, app, smtp_down, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 1)
    queue_mails("cora@shop.example.com")
    mail.send_queued()
    auth.login(admin)
    page = client.get("/admin/").text
    assert "Mail that could not be sent" in page
    assert "cora@shop.example.com" in page and "Note 0" in page and "ConnectionRefusedError" in page


def test_the_admin_overview_says_nothing_of_mail_when_none_failed(client, auth, admin):
    auth.login(admin)
    assert "Mail that could not be sent" not in client.get("/admin/").text
