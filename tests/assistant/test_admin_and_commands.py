"""What admins see of the assistant (public coupons, the conversation attached to a handoff), and the
flask assistant commands."""
from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from tests.support.web import post_form
from webapp.extensions import db
from webapp.models import Coupon
from webapp.models._base import utcnow
from webapp.services.engagement import feedback
from webapp.services.engagement.feedback import Message

FORMAT = "%Y-%m-%dT%H:%M"


def coupon_form(**changes: str) -> dict[str, str]:
    now = utcnow()
    return {"code": "summer5", "kind": "fixed", "amount": "5.00", "usage_limit": "100", "min_order": "",
            "is_active": "y", "starts_at": (now - timedelta(days=1)).strftime(FORMAT),
            "ends_at": (now + timedelta(days=7)).strftime(FORMAT), **changes}


def test_an_admin_makes_a_coupon_public_and_private_again(client, auth, admin):
    auth.login(admin)
    post_form(client, "/admin/coupons/new", coupon_form(is_public="y"))
    coupon = db.session.scalar(select(Coupon))
    assert coupon.is_public is True
    form = client.get(f"/admin/coupons/{coupon.id}").text
    assert '<input checked id="is_public" name="is_public" type="checkbox" value="y">' in form
    post_form(client, f"/admin/coupons/{coupon.id}", coupon_form())
    db.session.refresh(coupon)
    assert coupon.is_public is False


def test_a_new_coupon_is_private_unless_the_admin_says_so(client, auth, admin):
    auth.login(admin)
    post_form(client, "/admin/coupons/new", coupon_form())
    assert db.session.scalar(select(Coupon)).is_public is False


def test_the_feedback_inbox_shows_the_attached_conversation_escaped(client, auth, admin, customer):
    feedback.submit(Message("", "A customer asks for a person", "Help"), customer,
                    conversation="You: <img src=x onerror=alert(1)>\nAssistant: I'm not sure what you mean.")
    auth.login(admin)
    page = client.get("/admin/feedback").text
    assert "The conversation with the shopping assistant" in page
    assert "You: &lt;img src=x onerror=alert(1)&gt;\nAssistant: I&#39;m not sure what you mean." in page


def test_parse_prints_one_json_object_per_text(runner, make_product):
    make_product(article_type="Jeans", base_colour="Black", gender="Men")
    result = runner.invoke(args=["assistant", "parse", "blck jeens for men under 40", "apply WELCOME10"])
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in result.output.splitlines())
    assert (first["intent"], first["slots"]) == ("search", {"gender": "Men", "articleType": "Jeans",
                                                            "baseColour": "Black", "max_price": 40})
    assert (second["intent"], second["slots"]) == ("apply_coupon", {"code": "WELCOME10"})


def test_evaluate_prints_intent_accuracy_and_slot_scores(runner, make_product, tmp_path):
    make_product(article_type="Jeans", base_colour="Black", gender="Men")
    labelled = tmp_path / "labelled.tsv"
    labelled.write_text("utterance\tintent\tslots\n"
                        "black jeans\tsearch\t{\"baseColour\": \"Black\", \"articleType\": \"Jeans\"}\n"
                        "hello there\tgreeting\t{}\n"
                        "jeans for men\tsearch\t{\"articleType\": \"Jeans\"}\n", encoding="utf-8")
    result = runner.invoke(args=["assistant", "evaluate", str(labelled)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:5] == ["utterances       3", "intent accuracy  1.000", "slot precision   0.750",
                         "slot recall      1.000", "slot F1          0.857"]
    assert "'jeans for men'" in lines[-1]


def test_evaluate_names_the_line_it_cannot_read(runner, tmp_path):
    labelled = tmp_path / "broken.tsv"
    labelled.write_text("hello\tgreeting\tnot json\n", encoding="utf-8")
    result = runner.invoke(args=["assistant", "evaluate", str(labelled)])
    assert result.exit_code == 1
    assert "broken.tsv line 1: the slots are not JSON" in result.output
