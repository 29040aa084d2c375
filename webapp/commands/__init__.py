"""Flask commands: seed-demo, catalog import, users create-admin, mail send-pending."""
from __future__ import annotations

import contextlib
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from webapp.commands.recommender import recommender_cli
from webapp.commands.reports import reports_cli
from webapp.models.users import Role
from webapp.services.accounts.users import AccountError, create_user, find_user_by_email, make_admin
from webapp.services.catalog.importer import ImportReport, import_catalog

catalog_cli = AppGroup("catalog", help="Catalogue maintenance.")
users_cli = AppGroup("users", help="User accounts.")
mail_cli = AppGroup("mail", help="Outgoing mail.")


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


def _print_report(report: ImportReport) -> None:
    click.echo(
        f"Imported {report.imported} products: {report.created} new, {report.updated} updated, "
        f"{report.unchanged} unchanged."
    )
    if report.repaired:
        click.echo(f"Repaired {len(report.repaired)} rows (unquoted commas in the product name re-joined).")
    if report.skipped:
        click.echo(f"Skipped {len(report.skipped)} rows:")
        for kind, count in report.skipped_by_kind().most_common():
            click.echo(f"  {count:>5}  {kind}")
        for entry in report.skipped[:20]:
            click.echo(f"         {entry.where}: {entry.detail}")
        if len(report.skipped) > 20:
            click.echo(f"         ... and {len(report.skipped) - 20} more")


@catalog_cli.command("import")
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
def import_command(path: Path) -> None:
    """Import PATH in the Kaggle layout: PATH/styles.csv and PATH/images/<id>.jpg."""
    from recommender.dataset import DatasetError

    with contextlib.ExitStack() as stack:

        def progress(rows: list) -> object:
            return stack.enter_context(click.progressbar(rows, label="Importing", show_pos=True))

        try:
            report = import_catalog(path, progress=progress)
        except DatasetError as exc:
            raise click.ClickException(str(exc)) from exc
    _print_report(report)


@users_cli.command("create-admin")
@click.argument("email")
@click.option("--name", default="", help="Display name (defaults to the part before @).")
@click.password_option(help="Prompted for when not given.")
def create_admin_command(email: str, name: str, password: str) -> None:
    """Create an admin account EMAIL, or give an existing account the admin role."""
    user = find_user_by_email(email)
    if user is not None:
        make_admin(user)
        click.echo(f"{user.email} is now an admin.")
        return
    try:
        user = create_user(email, name, password, Role.ADMIN)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Admin {user.email} created.")


@mail_cli.command("send-pending")
def send_pending_command() -> None:
    """Send every queued mail now, including those waiting for their next retry."""
    from webapp.services.engagement.mail import send_queued

    report = send_queued(due_only=False, limit=None)
    click.echo(f"Sent {report.sent} mails; {report.failed} failed and stay queued.")
    if report.failed:
        raise SystemExit(1)


def register(app: Flask) -> None:
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(catalog_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(recommender_cli)
    app.cli.add_command(reports_cli)
