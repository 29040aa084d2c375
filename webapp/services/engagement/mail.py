"""Outgoing mail through an outbox: queued in the transaction of the change it reports, sent by a job.

queue() adds the mail to the current transaction; after the commit, send_after_commit() enqueues the
`send_mail` job for it, which never runs inside the request (services/jobs). Nothing about mail can
fail the change it reports: that is committed before any mail is built.

Each mail is built and sent on its own. One that cannot be built or sent stays queued with its
attempts and last error, and a later try (`retry_mail`, `flask mail send-pending`) waits a growing
pause; after MAIL_MAX_ATTEMPTS it is parked as failed, with its reason, for the admin's overview.
A failing mail never holds up the others.

Transport: SMTP when MAIL_SERVER is set; otherwise every mail is logged and written as an .eml
file to MAIL_OUTBOX_DIR (default $INSTANCE_DIR/outbox), which is what development wants.
"""
from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path

from flask import current_app
from sqlalchemy import inspect, select

from recommender.files import write_bytes_atomically
from webapp.extensions import db
from webapp.models._base import utcnow
from webapp.models.engagement import OutboxMail
from webapp.services import jobs
from webapp.services.catalog.media import instance_folder
from webapp.services.one_line import one_line

log = logging.getLogger(__name__)

BATCH_SIZE = 50
PARKED_SHOWN = 20
FIRST_RETRY_DELAY = timedelta(minutes=1)
LONGEST_RETRY_DELAY = timedelta(hours=6)
# What stops a connection being made or kept: refused, reset or timed out.
CONNECTION_ERRORS = (smtplib.SMTPException, OSError)
# Where a unit of work keeps the mail it queued, until it is committed.
_QUEUED = "mail queued in this transaction"

Send = Callable[[EmailMessage], None]


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    parked: int = 0


def queue(to_address: str, subject: str, body: str, html_body: str | None = None) -> OutboxMail:
    """Add a mail to the outbox in the current transaction; send_after_commit() sends it on its way.

    `body` is the plain text every mail has; `html_body`, when given, goes with it as the HTML
    alternative (multipart/alternative: the reader's program shows the best part it can).
    """
    sender_domain = parseaddr(current_app.config["MAIL_FROM"])[1].rpartition("@")[2] or "localhost"
    mail = OutboxMail(
        message_id=make_msgid(domain=sender_domain), to_address=to_address, subject=subject, body=body,
        html_body=html_body,
    )
    db.session.add(mail)
    db.session.info.setdefault(_QUEUED, []).append(mail)
    return mail


def send_after_commit() -> None:
    """After a commit: enqueue the sending of the mail it queued (rolled-back mail has no identity and is skipped)."""
    queued = db.session.info.pop(_QUEUED, [])
    mail_ids = [identity[0] for mail in queued if (identity := inspect(mail).identity)]
    if mail_ids:
        jobs.enqueue("send_mail", mail_ids=mail_ids)


def outbox_dir() -> Path:
    return instance_folder("MAIL_OUTBOX_DIR", "outbox")


def send_mails(mail_ids: Sequence[int]) -> SendReport:
    """The send_mail job: send these mails if they are still queued and due. Safe to run twice."""
    return send_queued(mail_ids=mail_ids)


def send_queued(
    due_only: bool = True, limit: int | None = BATCH_SIZE, mail_ids: Sequence[int] | None = None,
    include_parked: bool = False,
) -> SendReport:
    """Send unsent mail, oldest first; failures stay queued for a later attempt (or are parked). Commits.

    due_only=False ignores the retry pause (an operator asking to retry now); include_parked also
    tries the mail parked as failed (once what made it fail is fixed).
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
    if mail_ids is not None:
        query = query.where(OutboxMail.id.in_(mail_ids))
    if not include_parked:
        query = query.where(OutboxMail.failed_at.is_(None))
    mails = list(db.session.scalars(query))
    report = SendReport()
    if mails:
        _send_all(mails, report)
    db.session.commit()
    return report


def parked(limit: int = PARKED_SHOWN) -> list[OutboxMail]:
    """The mail most recently parked as failed, for the admin to see (and fix, then `send-pending --parked`)."""
    query = select(OutboxMail).where(OutboxMail.failed_at.is_not(None))
    return list(db.session.scalars(query.order_by(OutboxMail.failed_at.desc(), OutboxMail.id.desc()).limit(limit)))


def _send_all(mails: list[OutboxMail], report: SendReport) -> None:
    pending = list(mails)
    try:
        with _transport() as send:
            while pending:
                mail = pending.pop(0)
                try:
                    send(_message(mail))
                # Whatever goes wrong with one mail (a refusal, an address the email library cannot
                # parse) is recorded against that mail, and the next one goes on.
                except Exception as exc:
                    _record_failure(mail, exc, report)
                else:
                    mail.sent_at, mail.failed_at = utcnow(), None
                    report.sent += 1
    except CONNECTION_ERRORS as exc:  # no connection at all, or it broke: nothing left was sent
        for mail in pending:
            _record_failure(mail, exc, report)


def _record_failure(mail: OutboxMail, error: Exception, report: SendReport) -> None:
    mail.attempts += 1
    mail.last_error = f"{type(error).__name__}: {error}"[:500]
    report.failed += 1
    if mail.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        mail.failed_at = utcnow()
        report.parked += 1
        log.error(
            "Mail %s to %s not sent after %d attempts: %s. It is parked as failed (admin overview).",
            mail.id, mail.to_address, mail.attempts, mail.last_error,
        )
        return
    delay = min(FIRST_RETRY_DELAY * 2 ** (mail.attempts - 1), LONGEST_RETRY_DELAY)
    mail.next_attempt_at = utcnow() + delay
    log.warning(
        "Mail %s to %s not sent (attempt %d): %s. It stays queued; next try after %s.",
        mail.id, mail.to_address, mail.attempts, mail.last_error, delay,
    )


def _message(mail: OutboxMail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    # Made one line again here, for rows queued before their text was checked where it came in.
    message["To"] = one_line(mail.to_address)
    message["Subject"] = one_line(mail.subject)
    message["Date"] = format_datetime(mail.created_at.replace(tzinfo=UTC))
    message["Message-ID"] = mail.message_id
    message.set_content(mail.body)
    if mail.html_body:
        message.add_alternative(mail.html_body, subtype="html")
    return message


@contextmanager
def _transport() -> Iterator[Send]:
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        yield _write_to_outbox_folder
        return
    timeout = config["MAIL_TIMEOUT_SECONDS"]
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=timeout) as smtp:
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
