"""General feedback to the shop: anyone may write (guests leave an email), admins file and answer it.

The form is rate limited per client address (FEEDBACK_RATE_LIMIT, webapp/rate_limits.py), so it cannot
be used to flood the shop's inbox. The subject and a guest's email end up in mail headers, so they are
made one line as they come in. A reply goes out by mail (through the outbox) and, to a customer, as
an in-app notification too.
"""
from __future__ import annotations

from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from webapp.extensions import db
from webapp.models._base import utcnow
from webapp.models.engagement import Feedback, Notification
from webapp.models.users import User
from webapp.services.engagement import emails, mail
from webapp.services.one_line import one_line

MAX_SUBJECT = 150
MAX_MESSAGE = 5000
MAX_REPLY = 5000


class FeedbackError(ValueError):
    """Feedback we refuse; the message is fit to show."""


@dataclass(frozen=True)
class Message:
    email: str
    subject: str
    body: str


def submit(message: Message, user: User | None = None) -> Feedback:
    """Store a message; a customer's own email is used, whatever the form said."""
    subject, body = one_line(message.subject), message.body.strip()
    if not subject or len(subject) > MAX_SUBJECT:
        raise FeedbackError(f"Give a subject of at most {MAX_SUBJECT} characters.")
    if not body or len(body) > MAX_MESSAGE:
        raise FeedbackError(f"Write a message of at most {MAX_MESSAGE:,} characters.")
    email = user.email if user is not None else _guest_email(message.email)
    item = Feedback(user_id=user.id if user else None, email=email, subject=subject, message=body)
    db.session.add(item)
    db.session.commit()
    return item


def _guest_email(typed: str) -> str:
    email = one_line(typed)
    if not email:
        raise FeedbackError("Leave your email address, so that we can answer you.")
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as exc:
        raise FeedbackError(f"“{email}” is not an email address we can answer.") from exc
    return email


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
    emails.queue(item.email, f"Re: {item.subject}"[:200], "feedback_reply", feedback=item,
                 feedback_url=emails.absolute_url("feedback.write"))
    if item.user_id is not None:
        note = f"We answered your message “{item.subject[:200]}”: see your email."
        db.session.add(Notification(user_id=item.user_id, message=note[:300]))
    db.session.commit()
    mail.send_after_commit()
