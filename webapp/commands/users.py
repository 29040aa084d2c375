"""flask users create-admin."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from webapp.models.users import Role
from webapp.services.accounts.users import AccountError, create_user, find_user_by_email, make_admin

users_cli = AppGroup("users", help="User accounts.")


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
