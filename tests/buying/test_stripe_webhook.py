"""Stripe's webhook: signed, fresh, about our order with the right amount, applied once."""
import json
import time

import pytest
from sqlalchemy import func, select

from tests.support.buying import fresh, send_webhook, stripe_event, stripe_signature
from tests.support.read_only import database_refusing_writes
from webapp.extensions import db
from webapp.models import Notification, OrderStatus, OutboxMail, ProcessedStripeEvent, Product


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def stock_of(order) -> int:
    db.session.expire_all()
    return db.session.get(Product, order.lines[0].product_id).units_in_stock


def test_a_signed_completed_session_confirms_the_order(client, stripe_order, stripe_standin):
    order, session = stripe_order()
    paid = stripe_standin.pay(session["id"])
    response = send_webhook(client, stripe_event("checkout.session.completed", paid))
    assert response.status_code == 200
    assert response.json["outcome"] == f"order #{order.id} confirmed"
    order = fresh(order)
    assert order.state is OrderStatus.PAID
    assert order.payment_reference == paid["payment_intent"]
    assert (order.events[-1].actor_kind, order.events[-1].from_status) == ("payment", "pending_payment")


def test_a_webhook_the_database_cannot_save_is_a_503_and_stripes_retry_applies_it(client, stripe_order, stripe_standin):
    order, session = stripe_order()
    event = stripe_event("checkout.session.completed", stripe_standin.pay(session["id"]))
    with database_refusing_writes():
        refused = send_webhook(client, event)
    assert refused.status_code == 503  # Stripe retries anything but a 2xx
    assert "cannot save changes" in refused.json["error"]
    assert fresh(order).state is OrderStatus.PENDING_PAYMENT
    assert count(ProcessedStripeEvent) == 0
    assert send_webhook(client, event).json["outcome"] == f"order #{order.id} confirmed"
    assert fresh(order).state is OrderStatus.PAID


def test_a_replayed_event_changes_nothing(client, stripe_order, stripe_standin):
    order, session = stripe_order()
    event = stripe_event("checkout.session.completed", stripe_standin.pay(session["id"]))
    send_webhook(client, event)
    replay = send_webhook(client, event)
    assert replay.status_code == 200
    assert replay.json["outcome"] == "already processed"
    assert len(fresh(order).events) == 2
    assert (count(Notification), count(OutboxMail), count(ProcessedStripeEvent)) == (1, 1, 1)


def test_the_same_payment_reported_by_a_second_event_changes_nothing(client, stripe_order, stripe_standin):
    order, session = stripe_order()
    paid = stripe_standin.pay(session["id"])
    send_webhook(client, stripe_event("checkout.session.completed", paid))
    again = send_webhook(client, stripe_event("checkout.session.async_payment_succeeded", paid))
    assert again.status_code == 200
    assert "already confirmed" in again.json["outcome"]
    assert len(fresh(order).events) == 2


def _wrong(session: dict, **changes) -> dict:
    return {**session, **changes}


BAD_EVENTS = {
    "unknown order": lambda s: _wrong(s, metadata={"order_id": "999999"}, client_reference_id="999999"),
    "no order at all": lambda s: _wrong(s, metadata={}, client_reference_id=None),
    "wrong amount": lambda s: _wrong(s, amount_total=s["amount_total"] - 1),
    "wrong currency": lambda s: _wrong(s, currency="usd"),
    "another session": lambda s: _wrong(s, id="cs_test_not_ours"),
}


@pytest.mark.parametrize("case", BAD_EVENTS)
def test_an_event_that_does_not_match_the_order_is_refused(client, stripe_order, stripe_standin, case):
    order, session = stripe_order()
    event = stripe_event("checkout.session.completed", BAD_EVENTS[case](stripe_standin.pay(session["id"])))
    response = send_webhook(client, event)
    assert response.status_code == 400
    assert response.json["error"]
    assert fresh(order).state is OrderStatus.PENDING_PAYMENT
    assert count(ProcessedStripeEvent) == 0  # refused, so Stripe's retry is looked at again


def _post(client, payload: str, header: str | None):
    headers = {"Stripe-Signature": header} if header is not None else {}
    return client.post("/stripe/webhook", data=payload, content_type="application/json", headers=headers)


SIGNATURE_CASES = {
    "wrong secret": lambda payload: stripe_signature(payload, secret="whsec_someone_else"),
    "old timestamp": lambda payload: stripe_signature(payload, timestamp=int(time.time()) - 301),
    "timestamp an hour ahead": lambda payload: stripe_signature(payload, timestamp=int(time.time()) + 3600),
    "tampered payload": lambda payload: stripe_signature(payload.replace('"paid"', '"unpaid"')),
    "no signature": lambda payload: None,
    "garbage header": lambda payload: "nonsense",
    "v0 scheme only": lambda payload: stripe_signature(payload).replace("v1=", "v0="),
}


@pytest.mark.parametrize("case", SIGNATURE_CASES)
def test_a_webhook_without_a_valid_fresh_signature_is_refused(client, stripe_order, stripe_standin, case):
    order, session = stripe_order()
    payload = json.dumps(stripe_event("checkout.session.completed", stripe_standin.pay(session["id"])))
    response = _post(client, payload, SIGNATURE_CASES[case](payload))
    assert response.status_code == 400
    assert "Signature refused" in response.json["error"]
    assert fresh(order).state is OrderStatus.PENDING_PAYMENT


NOT_EVENTS = {
    "not JSON": "this is not json",
    "a list": "[]",
    "a number": "42",
    "an object of another kind": json.dumps({"id": "cus_1", "object": "customer"}),
    "an id that is no string": json.dumps({"id": 7, "object": "event", "type": "x", "data": {"object": {}}}),
    "a type that is no string": json.dumps({"id": "evt_1", "object": "event", "type": ["x"], "data": {"object": {}}}),
    "data that is a list": json.dumps({"id": "evt_1", "object": "event", "type": "x", "data": []}),
    "no data object": json.dumps({"id": "evt_1", "object": "event", "type": "x", "data": {"object": "cs_1"}}),
}


@pytest.mark.parametrize("payload", NOT_EVENTS.values(), ids=NOT_EVENTS.keys())
def test_a_signed_payload_that_is_not_an_event_is_refused(client, stripe_standin, payload):
    response = _post(client, payload, stripe_signature(payload))
    assert response.status_code == 400
    assert "not a Stripe event" in response.json["error"]
    assert count(ProcessedStripeEvent) == 0


def test_without_a_webhook_secret_every_webhook_is_refused(client, app, stripe_order, stripe_standin, monkeypatch):
    order, session = stripe_order()
    monkeypatch.setitem(app.config, "STRIPE_WEBHOOK_SECRET", None)
    response = send_webhook(client, stripe_event("checkout.session.completed", stripe_standin.pay(session["id"])))
    assert response.status_code == 400
    assert fresh(order).state is OrderStatus.PENDING_PAYMENT


def test_a_delayed_payment_waits_for_its_own_event(client, stripe_order):
    order, session = stripe_order()
    waiting = send_webhook(client, stripe_event("checkout.session.completed", {**session, "status": "complete"}))
    assert "awaits an asynchronous payment" in waiting.json["outcome"]
    assert fresh(order).state is OrderStatus.PENDING_PAYMENT
    succeeded = {**session, "status": "complete", "payment_status": "paid", "payment_intent": "pi_later"}
    send_webhook(client, stripe_event("checkout.session.async_payment_succeeded", succeeded))
    assert fresh(order).state is OrderStatus.PAID


@pytest.mark.parametrize(
    ("event_type", "reason"),
    [("checkout.session.async_payment_failed", "payment failed"), ("checkout.session.expired", "expired unpaid")],
)
def test_a_payment_that_never_comes_cancels_the_order_and_releases_its_stock(
    client, stripe_order, event_type, reason
):
    order, session = stripe_order(stock=2)
    assert stock_of(order) == 1
    response = send_webhook(client, stripe_event(event_type, {**session, "status": "expired"}))
    assert response.status_code == 200
    order = fresh(order)
    assert order.state is OrderStatus.CANCELLED
    assert reason in order.events[-1].note
    assert stock_of(order) == 2


def test_expiry_of_an_order_already_cancelled_changes_nothing(client, stripe_order):
    order, session = stripe_order(stock=2)
    send_webhook(client, stripe_event("checkout.session.expired", session))
    again = send_webhook(client, stripe_event("checkout.session.expired", session))
    assert again.status_code == 200
    assert "nothing to do" in again.json["outcome"]
    assert stock_of(order) == 2


def test_a_payment_for_a_cancelled_order_is_refused_loudly(client, stripe_order, stripe_standin):
    order, session = stripe_order()
    send_webhook(client, stripe_event("checkout.session.expired", session))
    response = send_webhook(client, stripe_event("checkout.session.completed", stripe_standin.pay(session["id"])))
    assert response.status_code == 400
    assert "cannot be confirmed as paid" in response.json["error"]
    assert fresh(order).state is OrderStatus.CANCELLED


def test_event_types_we_do_not_handle_are_acknowledged(client, stripe_standin):
    response = send_webhook(client, stripe_event("customer.created", {"id": "cus_1", "object": "customer"}))
    assert response.status_code == 200
    assert response.json["outcome"] == "ignored"


def test_the_webhook_only_answers_post(client):
    assert client.get("/stripe/webhook").status_code == 405

