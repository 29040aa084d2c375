"""flask seed-demo."""
from __future__ import annotations

import click
from flask import current_app


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Add the demo catalogue and demo accounts (skips what exists)."""
    from webapp.demo.seed import DEMO_COUPON, seed_demo  # draws pictures: only loaded when asked for

    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException("seed-demo is for development databases; refusing in production.")
    result = seed_demo()
    click.echo(f"Demo catalogue: {result.products_created} products added.")
    click.echo(f"Demo promotions: {result.promotions_created} added (a sandal deal, coupon {DEMO_COUPON[0]}).")
    click.echo(f"Demo accounts: {result.accounts_created} added. Log in with:")
    for role, email, password in result.logins:
        click.echo(f"  {role:<9} {email:<24} password: {password}")
