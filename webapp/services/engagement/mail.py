"""Outgoing mail through an outbox: queued in the transaction of the change it reports, sent after commit.

A mail server that is down loses nothing and undoes nothing: the mail stays queued with its
attempts and last error, the failure is logged, and a later send (after the next commit, or
`flask mail send-pending`) tries again with a growing pause between attempts.

Transport: SMTP when MAIL_SERVER is set; otherwise every mail is logged and written as an .eml
file to MAIL_OUTBOX_DIR (default $INSTANCE_DIR/outbox), which is what development wants.
"""
from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from recommender.files import write_bytes_atomically
from webapp.extensions import db
from webapp.models._base import utcnow
from webapp.models.engagement import OutboxMail
from webapp.services.catalog.media import instance_folder

log = logging.getLogger(__name__)

BATCH_SIZE = 50
SMTP_TIMEOUT_SECONDS = 10
FIRST_RETRY_DELAY = timedelta(minutes=1)
LONGEST_RETRY_DELAY = timedelta(hours=6)
# What a send can fail with: refusals by the server, and the network (refused, reset, timed out).
SEND_ERRORS = (smtplib.SMTPException, OSError)

Send = Callable[[EmailMessage], None]


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0


def queue(to_address: str, subject: str, body: str) -> OutboxMail:
    """Add a mail to the outbox in the current transaction; it is sent after the commit."""
    sender_domain = parseaddr(current_app.config["MAIL_FROM"])[1].rpartition("@")[2] or "localhost"
    mail = OutboxMail(
        message_id=make_msgid(domain=sender_domain), to_address=to_address, subject=subject, body=body
    )
    db.session.add(mail)
    return mail


def outbox_dir() -> Path:
    return instance_folder("MAIL_OUTBOX_DIR", "outbox")


def send_queued(due_only: bool = True, limit: int | None = BATCH_SIZE) -> SendReport:
    """Send unsent mail, oldest first; failures stay queued for a later attempt. Commits.

    due_only=False ignores the retry pause (an operator asking to retry now).
    """
    query = (
        select(OutboxMail)
        .where(OutboxMail.sent_at.is_(None))
        .order_by(OutboxMail.id)
        .limit(limit)
        # Two senders at once (several workers) each take different mails instead of sending twice.
        .with_for_update(skip_locked=True)
    )
    if due_only:
        query = query.where(OutboxMail.next_attempt_at <= utcnow())
    mails = list(db.session.scalars(query))
    report = SendReport()
    if mails:
        _send_all(mails, report)
    db.session.commit()
    return report


def _send_all(mails: list[OutboxMail], report: SendReport) -> None:
    pending = list(mails)
    try:
        with _transport() as send:
            while pending:
                mail = pending.pop(0)
                try:
                    send(_message(mail))
                except SEND_ERRORS as exc:
                    _record_failure(mail, exc, report)
                else:
                    mail.sent_at = utcnow()
                    report.sent += 1
    except SEND_ERRORS as exc:  # no connection at all, or it broke: nothing left was sent
        for mail in pending:
            _record_failure(mail, exc, report)


def _record_failure(mail: OutboxMail, error: Exception, report: SendReport) -> None:
    mail.attempts += 1
    mail.last_error = f"{type(error).__name__}: {error}"[:500]
    delay = min(FIRST_RETRY_DELAY * 2 ** (mail.attempts - 1), LONGEST_RETRY_DELAY)
    mail.next_attempt_at = utcnow() + delay
    report.failed += 1
    log.warning(
        "Mail %s to %s not sent (attempt %d): %s. It stays queued; next try after %s.",
        mail.id, mail.to_address, mail.attempts, mail.last_error, delay,
    )


def _message(mail: OutboxMail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(mail.created_at.replace(tzinfo=UTC))
    message["Message-ID"] = mail.message_id
    message.set_content(mail.body)
    return message


@contextmanager
def _transport() -> Iterator[Send]:
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        yield _write_to_outbox_folder
        return
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=SMTP_TIMEOUT_SECONDS) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        yield smtp.send_message


def _write_to_outbox_folder(message: EmailMessage) -> None:
    name = "".join(ch for ch in message["Message-ID"] if ch.isalnum() or ch in "-.")
    path = outbox_dir() / f"{utcnow():%Y%m%d-%H%M%S}-{name}.eml"
    write_bytes_atomically(path, message.as_bytes())  # a reader of the outbox never sees half a mail
    log.info("Mail to %s: %s (no MAIL_SERVER; written to %s)", message["To"], message["Subject"], path)
