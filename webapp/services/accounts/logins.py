"""Logins: one row per browser that logged in, so that any of them can be ended.

A login's cookies carry a random token; only its hash is stored, so a copy of the table logs nobody in.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import joinedload

from webapp.extensions import db
from webapp.models._base import utcnow
from webapp.models.users import LoginSession, User
from webapp.services.accounts.users import change_password


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def start_login(user: User, remember: bool, lifetime: timedelta) -> str:
    """A new login for one browser, valid for `lifetime`; returns the token its cookies will carry."""
    now = utcnow()
    # The user's logins that ran out are tidied here, the one moment a new row is written anyway.
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id, LoginSession.expires_at <= now))
    token = _new_token()
    db.session.add(LoginSession(user_id=user.id, token_hash=_hash(token), remember=remember, expires_at=now + lifetime))
    db.session.commit()
    return token


def find_login(token: str) -> LoginSession | None:
    """The login this token belongs to, with its user; None once it is ended or ran out."""
    if not token:
        return None
    return db.session.scalar(
        select(LoginSession)
        .options(joinedload(LoginSession.user))
        .where(LoginSession.token_hash == _hash(token), LoginSession.expires_at > utcnow())
    )


def renew_login(login: LoginSession) -> str:
    """The same login (same browser, same end) under a new token: cookies that hold the old one stop working."""
    token = _new_token()
    login.token_hash = _hash(token)
    db.session.commit()
    return token


def end_login(token: str) -> None:
    """Log out the browser whose cookies carry this token, and every copy of them."""
    db.session.execute(delete(LoginSession).where(LoginSession.token_hash == _hash(token)))
    db.session.commit()


def end_unless_remembered(token: str) -> None:
    """A session ran out: its login ends with it, unless a remember cookie may still renew it."""
    login = find_login(token)
    if login is not None and not login.remember:
        end_login(token)


def end_every_login(user: User, keep: LoginSession | None = None) -> None:
    """Log the user out on every browser (but `keep`'s), remember cookies included."""
    statement = delete(LoginSession).where(LoginSession.user_id == user.id)
    if keep is not None:
        statement = statement.where(LoginSession.id != keep.id)
    db.session.execute(statement)
    db.session.commit()


def change_password_ending_other_logins(user: User, current: str, new: str, this_login: LoginSession) -> str:
    """Change the password (AccountError if refused) and log out every other browser.

    This browser stays logged in under a new token (returned), so a copy of its cookies taken before the
    change is logged out too: a changed password is how a customer shuts out whoever learnt the old one.
    """
    change_password(user, current, new)
    end_every_login(user, keep=this_login)
    return renew_login(this_login)
