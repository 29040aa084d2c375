"""Accounts and roles."""
from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.extensions import db
from webapp.models._base import utcnow


class Role(enum.StrEnum):
    CUSTOMER = "customer"
    ADMIN = "admin"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16), default=Role.CUSTOMER.value)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    # The token of the login (LoginSession) this object was loaded through, for this request only.
    # Not annotated: SQLAlchemy would map an annotated attribute as a column.
    login_token = None

    def get_id(self) -> str:
        """What flask-login keeps in the session and the remember cookie: the login's token, not the user id.

        Ending the login then ends every copy of those cookies. An object no login was bound to gives an
        empty id, which loads nobody.
        """
        return self.login_token or ""

    # UserMixin compares get_id(), which would make two unbound users equal: a row is equal only to itself.
    __eq__ = object.__eq__
    __ne__ = object.__ne__
    __hash__ = object.__hash__

    def set_password(self, password: str, method: str = "scrypt") -> None:
        # scrypt is werkzeug's current default; spelled out so an upgrade is a visible change.
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN.value

    def __repr__(self) -> str:
        return f"<User {self.email} ({self.role})>"


class LoginSession(db.Model):
    """One browser's login. Its session cookie (and remember cookie) carry a random token whose hash is kept
    here, so deleting the row logs out that browser and every copy of its cookies."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    remember: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]

    user: Mapped[User] = relationship()
