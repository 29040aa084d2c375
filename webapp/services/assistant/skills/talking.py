"""Greetings, the shop's terms (answered from its settings, never from prose of our own), feedback, and a
person: a support request in the admins' feedback inbox with the conversation attached."""
from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email

from webapp.services.assistant.conversation import MAX_PENDING_TEXT
from webapp.services.assistant.interpreter import Understanding
from webapp.services.assistant.replies import HELP_SUGGESTIONS, Reply, Shopper
from webapp.services.engagement import feedback as feedback_service
from webapp.services.engagement.feedback import FeedbackError, Message
from webapp.services.pricing.money import shop_money
from webapp.services.shop_settings import current_settings

CAN_DO = ("I can help with: finding products (“red dresses under 50”), look-alikes (“more like this”), your cart "
          "(“add the second one”, “what's my total with shipping”), deals and coupons (“any offers?”), your orders "
          "(“where is my order”), returns and shipping, feedback, and putting you in touch with a person.")
FEEDBACK_SUBJECT = "Feedback through the shopping assistant"
HANDOFF_SUBJECT = "A customer asks for a person (shopping assistant)"
# "I want to leave feedback" says nothing yet: ask what it is.
_ASKS_TO_GIVE = re.compile(
    r"^(?:(?:i|id|i d)\s+(?:want|would like|like|wanna|need)\s+to\s+|can i\s+|may i\s+|let me\s+)?"
    r"(?:leave|give|send|write|make|submit|have|report)?\s*(?:some\s+|a\s+|an\s+|my\s+)?"
    r"(?:feedback|comment|complaint|suggestion|review|problem)s?(?:\s+(?:for you|to the shop|about the shop))?$"
)
_EMAIL = re.compile(r"[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+")
_NEVER_MIND = re.compile(r"^\s*(?:never ?mind|cancel|forget it|stop|no)\b", re.IGNORECASE)


def greeting(shopper: Shopper, understanding: Understanding) -> Reply:
    name = f", {shopper.user.name.split()[0]}" if shopper.user and shopper.user.name else ""
    return Reply(f"Hello{name}! What are you looking for today? {CAN_DO}", "greeting", suggestions=HELP_SUGGESTIONS)


def goodbye(shopper: Shopper, understanding: Understanding) -> Reply:
    return Reply("Thank you for visiting. Goodbye!", "goodbye")


def unknown(shopper: Shopper, understanding: Understanding) -> Reply:
    return Reply(f"I'm not sure what you mean. {CAN_DO}", "unknown", suggestions=HELP_SUGGESTIONS)


def faq_returns(shopper: Shopper, understanding: Understanding) -> Reply:
    return Reply(current_settings().returns_policy, "faq_returns",
                 suggestions=["how much is shipping", "talk to a person"])


def faq_shipping(shopper: Shopper, understanding: Understanding) -> Reply:
    settings = current_settings()
    if settings.shipping_fee_cents == 0:
        charge = "Shipping is free."
    elif settings.free_shipping_from_cents is not None:
        charge = (f"Shipping is {shop_money(settings.shipping_fee_cents)} per order, free when your goods come to "
                  f"{shop_money(settings.free_shipping_from_cents)} or more (after deals and coupon).")
    else:
        charge = f"Shipping is {shop_money(settings.shipping_fee_cents)} per order."
    return Reply(f"{charge} {settings.delivery_estimate}", "faq_shipping",
                 suggestions=["what's my total with shipping", "what is your return policy"])


def feedback(shopper: Shopper, understanding: Understanding) -> Reply:
    body = " ".join(understanding.words)
    if _ASKS_TO_GIVE.match(body):
        shopper.conversation.ask("feedback")
        return Reply("Please tell me what you would like the shop to know, and I will pass it on.", "feedback")
    return _send(shopper, "feedback", _original(shopper, understanding))


def human(shopper: Shopper, understanding: Understanding) -> Reply:
    return _send(shopper, "handoff", _original(shopper, understanding))


def _original(shopper: Shopper, understanding: Understanding) -> str:
    """The shopper's own words of this turn (the last line of the log), as they typed them."""
    log = shopper.conversation.log
    return log[-1][1] if log and log[-1][0] == "You" else " ".join(understanding.words)


def answer_pending(shopper: Shopper, pending: dict, text: str) -> Reply | None:
    """The text of a feedback, or the email a guest can be answered at; None when the message is about something
    else."""
    if _NEVER_MIND.match(text):
        return Reply("All right, I will not send anything.", (pending["kind"] == "handoff" and "human") or "feedback")
    if pending.get("awaits") == "email":
        if shopper.user is None and _EMAIL.search(text) is None:
            return None  # no address: the shopper moved on to something else
        return _send(shopper, pending["kind"], pending.get("body", ""), email_text=text)
    return _send(shopper, pending["kind"], text)


def _send(shopper: Shopper, kind: str, body: str, email_text: str = "") -> Reply:
    intent = "human" if kind == "handoff" else "feedback"
    email = ""
    if shopper.user is None:
        match = _EMAIL.search(email_text or body)
        if match is None:
            shopper.conversation.ask(kind, awaits="email", body=body[:MAX_PENDING_TEXT])
            return Reply("Which email address can the shop answer you at?", intent)
        email = match.group(0)
        try:
            validate_email(email, check_deliverability=False)
        except EmailNotValidError:
            shopper.conversation.ask(kind, awaits="email", body=body[:MAX_PENDING_TEXT])
            return Reply(f"“{email[:60]}” is not an email address the shop can answer. Which address shall I give?",
                         intent)
    if kind == "handoff":
        message = Message(email, HANDOFF_SUBJECT, f"The customer asked to talk to a person: “{body}”")
        conversation = shopper.conversation.transcript()
    else:
        message, conversation = Message(email, FEEDBACK_SUBJECT, body), ""
    try:
        item = feedback_service.submit(message, shopper.user, conversation=conversation)
    except FeedbackError as exc:
        return Reply(str(exc), intent)
    if kind == "handoff":
        return Reply("I have asked a person from the shop to get back to you; they can read our conversation. "
                     "You will get their answer by email.", intent,
                     actions=[{"type": "handoff", "feedback_id": item.id}])
    return Reply("Thank you! Your message is with the shop; you will get an answer by email.", intent,
                 actions=[{"type": "feedback_sent", "feedback_id": item.id}])
