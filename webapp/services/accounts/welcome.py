"""The welcome mail a new customer gets: what the account is for, and links back into the shop."""
from __future__ import annotations

from flask import current_app

from webapp.models.users import User
from webapp.services.engagement import emails


def queue_welcome(user: User) -> None:
    """Queue the welcome mail in the current transaction (it is sent by the send_mail job after the commit)."""
    emails.queue(
        user.email,
        f"Welcome to {current_app.config['SHOP_NAME']}",
        "welcome",
        user=user,
        shop_url_products=emails.absolute_url("shop.listing"),
        account_url=emails.absolute_url("account.dashboard"),
        feedback_url=emails.absolute_url("feedback.write"),
    )
