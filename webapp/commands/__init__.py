"""Flask commands, one module per group: seed-demo, catalog, users, mail, orders, recommender, reports, worker,
assistant."""
from __future__ import annotations

from flask import Flask

from webapp.commands.assistant import assistant_cli
from webapp.commands.catalog import catalog_cli
from webapp.commands.demo import seed_demo_command
from webapp.commands.mail import mail_cli
from webapp.commands.orders import orders_cli
from webapp.commands.recommender import recommender_cli
from webapp.commands.reports import reports_cli
from webapp.commands.users import users_cli
from webapp.commands.worker import worker_command


def register(app: Flask) -> None:
    """Add every command group to `flask`."""
    commands = (seed_demo_command, catalog_cli, users_cli, mail_cli, orders_cli, recommender_cli, reports_cli,
                worker_command, assistant_cli)
    for command in commands:
        app.cli.add_command(command)
