"""flask reports rebuild."""
from __future__ import annotations

import click
from flask.cli import AppGroup

reports_cli = AppGroup("reports", help="Admin reports: the daily sales ledger.")


@reports_cli.command("rebuild")
def rebuild_command() -> None:
    """Recompute the daily sales per product from the orders (after importing orders in bulk, or to check)."""
    from webapp.services.reports import ledger as sales_ledger

    rows = sales_ledger.rebuild()
    click.echo(f"Daily sales rebuilt: {rows} product-days.")
