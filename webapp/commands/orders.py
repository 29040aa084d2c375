"""flask orders cancel-stale."""
from __future__ import annotations

import click
from flask.cli import AppGroup

orders_cli = AppGroup("orders", help="Orders.")


@orders_cli.command("cancel-stale")
def cancel_stale_command() -> None:
    """Cancel unpaid orders whose payment window has passed, giving their stock back."""
    from webapp.services.buying.unpaid import cancel_stale_orders

    report = cancel_stale_orders()
    click.echo(f"Cancelled {report.cancelled} unpaid orders; {report.left} left for the next run.")
