"""flask mail send-pending."""
from __future__ import annotations

import click
from flask.cli import AppGroup

mail_cli = AppGroup("mail", help="Outgoing mail.")


@mail_cli.command("send-pending")
@click.option("--due", is_flag=True, help="Only mail whose pause after a failed try has passed (the CronJob's retry).")
@click.option("--parked", is_flag=True, help="Also mail parked as failed, once what made it fail is fixed.")
def send_pending_command(due: bool, parked: bool) -> None:
    """Send queued mail now, including mail waiting for its next retry (unless --due)."""
    from webapp.services.engagement.mail import send_queued

    report = send_queued(due_only=due, limit=None, include_parked=parked)
    click.echo(f"Sent {report.sent} mails; {report.failed} failed and stay queued ({report.parked} parked as failed).")
    if report.failed:
        raise SystemExit(1)
