"""Flask commands, one module per group: seed-demo, catalog, users, mail, recommender, reports."""
from __future__ import annotations

from flask import Flask

from webapp.commands.catalog import catalog_cli
from webapp.commands.demo import seed_demo_command
from webapp.commands.mail import mail_cli
from webapp.commands.recommender import recommender_cli
from webapp.commands.reports import reports_cli
from webapp.commands.users import users_cli


def register(app: Flask) -> None:
    """Add every command group to `flask`."""
    for command in (seed_demo_command, catalog_cli, users_cli, mail_cli, recommender_cli, reports_cli):
        app.cli.add_command(command)
