"""flask mail send-pending."""
from __future__ import annotations

import click
from flask.cli import AppGroup

mail_cli = AppGroup("mail", help="Outgoing mail.")


@mail_cli.command("send-pending")
def send_pending_command() -> None:
    """Send every queued mail now, including those waiting for their next retry."""
    from webapp.services.engagement.mail import send_queued

    report = send_queued(due_only=False, limit=None)
    click.echo(f"Sent {report.sent} mails; {report.failed} failed and stay queued.")
    if report.failed:
        raise SystemExit(1)
