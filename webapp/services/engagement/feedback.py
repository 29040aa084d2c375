"""General feedback to the shop: anyone may write (guests leave an email), admins file and answer it.

Guests and customers alike are held to FEEDBACK_RATE_LIMIT per client address, so the form cannot
be used to flood the shop's inbox. A reply goes out by mail (through the outbox) and, to a
customer, as an in-app notification too.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import render_template

from webapp import rate_limit
from webapp.extensions import db
from webapp.models._base import utcnow
from webapp.models.engagement import Feedback, Notification
from webapp.models.users import User
from webapp.services.engagement import mail

MAX_SUBJECT = 150
MAX_MESSAGE = 5000
MAX_REPLY = 5000


class FeedbackError(ValueError):
    """Feedback we refuse; the message is fit to show."""


class TooManyMessages(FeedbackError):
    def __init__(self, retry_after: float) -> None:
        wait = int(retry_after) + 1
        super().__init__(f"You have sent us several messages just now. Please try again in {wait} seconds.")
        self.retry_after = retry_after


@dataclass(frozen=True)
class Message:
    email: str
    subject: str
    body: str


def check_rate(client_key: str) -> None:
    """Count one message from this client; TooManyMessages when it is over FEEDBACK_RATE_LIMIT."""
    wait = rate_limit.limiter("feedback", "FEEDBACK_RATE_LIMIT").hit(client_key)
    if wait is not None:
        raise TooManyMessages(wait)


def submit(message: Message, user: User | None = None) -> Feedback:
    """Store a message; a customer's own email is used, whatever the form said."""
    subject, body = message.subject.strip(), message.body.strip()
    if not subject or len(subject) > MAX_SUBJECT:
        raise FeedbackError(f"Give a subject of at most {MAX_SUBJECT} characters.")
    if not body or len(body) > MAX_MESSAGE:
        raise FeedbackError(f"Write a message of at most {MAX_MESSAGE:,} characters.")
    email = user.email if user is not None else message.email.strip()
    if not email:
        raise FeedbackError("Leave your email address, so that we can answer you.")
    item = Feedback(user_id=user.id if user else None, email=email, subject=subject, message=body)
    db.session.add(item)
    db.session.commit()
    return item


def set_hidden(item: Feedback, hidden: bool) -> None:
    """File a message away from the admin's list (or bring it back)."""
    item.is_hidden = hidden
    db.session.commit()


def reply(item: Feedback, text: str) -> None:
    """Answer a message: by mail to its sender, and in the account of a customer."""
    text = text.strip()
    if not text or len(text) > MAX_REPLY:
        raise FeedbackError(f"Write a reply of at most {MAX_REPLY:,} characters.")
    item.reply, item.replied_at = text, utcnow()
    body = render_template("emails/feedback_reply.txt", feedback=item)
    mail.queue(item.email, f"Re: {item.subject}"[:200], body)
    if item.user_id is not None:
        note = f"We answered your message “{item.subject[:200]}”: see your email."
        db.session.add(Notification(user_id=item.user_id, message=note[:300]))
    db.session.commit()
    mail.send_queued()
