"""Background jobs: after the response without Redis, on RQ with it, in-process when Redis is down,
and every job safe to run twice."""
from __future__ import annotations

import logging
import os
import time

import pytest
from sqlalchemy import select

from tests.support.jobs import aged
from tests.support.redis_server import free_port
from tests.support.web import session_csrf_token
from webapp.extensions import db
from webapp.models import Feedback, Order, OrderStatus, OutboxMail
from webapp.services import jobs
from webapp.services.engagement import mail
from webapp.services.jobs.registry import UnknownJob
from webapp.services.jobs.worker import perform
from webapp.services.visual_search.uploads import upload_dir


def outbox() -> list[OutboxMail]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)))


@pytest.fixture
def question(app) -> Feedback:
    item = Feedback(email="guest@example.org", subject="Sizes", message="Does the shirt run small?")
    db.session.add(item)
    db.session.commit()
    return item


def reply(client, auth, admin, item: Feedback):
    auth.login(admin)
    return client.post(f"/admin/feedback/{item.id}/reply",
                       data={"csrf_token": session_csrf_token(client), "reply": "It runs true to size."})


def test_without_redis_a_requests_mail_goes_once_the_response_is_sent(client, auth, admin, question, smtp_inbox):
    response = reply(client, auth, admin, question)
    assert response.status_code == 302
    (queued,) = outbox()
    assert (queued.sent_at, queued.attempts, smtp_inbox) == (None, 0, [])  # nothing was tried in the request
    response.close()  # what the WSGI server does after the last byte
    assert outbox()[0].sent_at is not None
    assert [envelope.rcpt_tos for envelope in smtp_inbox] == [["guest@example.org"]]


def test_a_failing_job_is_logged_and_the_jobs_after_it_still_run(app, client, auth, admin, question, smtp_inbox,
                                                                 caplog):
    with app.test_request_context():
        jobs.enqueue("send_mail", mail_id=1)  # a wrong argument: the job itself fails
        response = app.make_response("done")
        app.process_response(response)
    reply(client, auth, admin, question).close()
    with caplog.at_level(logging.ERROR, logger="webapp.services.jobs.inline"):
        response.close()
    assert "Job send_mail({'mail_id': 1}) failed" in caplog.text
    assert len(smtp_inbox) == 1


def test_an_unknown_job_is_refused_when_enqueued(app):
    with pytest.raises(UnknownJob, match="No job is called 'send_fax'"):
        jobs.enqueue("send_fax")


def test_with_redis_a_job_waits_in_the_queue_until_flask_worker_runs_it(
    client, auth, admin, question, smtp_inbox, rq_queue, runner
):
    reply(client, auth, admin, question).close()
    assert rq_queue.count == 1
    assert outbox()[0].sent_at is None
    result = runner.invoke(args=["worker", "--burst"])
    assert result.exit_code == 0, result.output
    assert rq_queue.count == 0
    assert outbox()[0].sent_at is not None
    assert [envelope.rcpt_tos for envelope in smtp_inbox] == [["guest@example.org"]]


def test_when_redis_cannot_be_reached_the_job_runs_in_the_process_and_says_so(
    app, client, auth, admin, question, smtp_inbox, monkeypatch, caplog
):
    monkeypatch.setitem(app.config, "REDIS_URL", f"redis://127.0.0.1:{free_port()}/5")
    with caplog.at_level(logging.WARNING, logger="webapp.services.jobs.queue"):
        response = reply(client, auth, admin, question)
    assert response.status_code == 302
    assert "Redis cannot be reached" in caplog.text and "job send_mail runs in this process instead" in caplog.text
    response.close()
    assert outbox()[0].sent_at is not None


def test_flask_worker_says_it_needs_redis(runner):
    result = runner.invoke(args=["worker", "--burst"])
    assert result.exit_code == 2
    assert "REDIS_URL is not set" in result.output


def stale_test_order(order_for) -> Order:
    return aged(order_for(), 180)


def state_of(order: Order) -> OrderStatus:
    db.session.expire_all()
    return db.session.get(Order, order.id).state


def test_without_redis_periodic_jobs_run_after_a_response_at_most_once_an_interval(app, client, order_for,
                                                                                  monkeypatch):
    monkeypatch.setitem(app.config, "INLINE_PERIODIC_MINUTES", 10)
    monkeypatch.setitem(app.extensions, "periodic jobs last run", {})  # this process has run none yet
    first = stale_test_order(order_for)
    client.get("/").close()
    second = stale_test_order(order_for)
    client.get("/").close()
    assert (state_of(first), state_of(second)) == (OrderStatus.CANCELLED, OrderStatus.PENDING_PAYMENT)


@pytest.fixture
def one_of_each(app, order_for, smtp_inbox):
    """A mail queued, an order past its payment window, a photo past its time: one thing for each job."""
    queued = mail.queue("cora@shop.example.com", "Hello", "Hello.")
    db.session.commit()
    order = stale_test_order(order_for)
    photo = upload_dir() / "old.jpg"
    photo.parent.mkdir(parents=True, exist_ok=True)
    photo.write_bytes(b"a search photo")
    past = time.time() - 7200
    os.utime(photo, (past, past))
    return {"mail": queued, "order": order, "inbox": smtp_inbox}


# Each job, its arguments, and what it left done (counted after it ran twice).
TWICE = {
    "send_mail": (lambda things: {"mail_ids": [things["mail"].id]}, lambda things: len(things["inbox"]), 1),
    "retry_mail": (lambda things: {}, lambda things: len(things["inbox"]), 1),
    "cancel_stale_orders": (lambda things: {}, lambda things: len(db.session.get(Order, things["order"].id).events),
                            2),  # placed, cancelled
    "purge_uploads": (lambda things: {}, lambda things: len(list(upload_dir().iterdir())), 0),
}


@pytest.mark.parametrize(("name", "args", "done", "expected"), [(name, *case) for name, case in TWICE.items()],
                         ids=TWICE.keys())
def test_every_job_is_safe_to_run_twice(one_of_each, name, args, done, expected):
    for _ in range(2):
        perform(name, args(one_of_each))
    db.session.expire_all()
    assert done(one_of_each) == expected
