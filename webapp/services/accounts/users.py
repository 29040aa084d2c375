"""Accounts: registration, authentication, roles, and the password policy.

Names are made one line as they come in: they are shown in pages and may go into mail.
"""
from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

from webapp.extensions import db
from webapp.models.users import Role, User
from webapp.services.accounts import welcome
from webapp.services.engagement import mail
from webapp.services.one_line import one_line

PASSWORD_MIN_LENGTH = 10
# A few of the passwords every breach list starts with; the length rule catches the rest.
COMMON_PASSWORDS = frozenset(
    {"password", "password1", "password123", "1234567890", "qwertyuiop", "letmein123", "iloveyou12",
     "admin12345", "welcome123", "abc1234567", "passw0rd12", "qwerty1234"}
)
# zxcvbn's scores run 0-4; 3 is "safely unguessable: moderate protection from offline slow-hash attacks".
MIN_STRENGTH = 3
# zxcvbn refuses longer input (its matching grows faster than the length); the rest only adds strength.
STRENGTH_CHECKED_LENGTH = 72
# Verifying a login against this when the email is unknown keeps both answers equally slow.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method="scrypt")


class AccountError(ValueError):
    """A rule about accounts was broken; the message is fit to show the user."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def password_problems(password: str, email: str = "") -> list[str]:
    """Why a password is too weak, as sentences; empty when it is acceptable."""
    problems = []
    if len(password) < PASSWORD_MIN_LENGTH:
        problems.append(f"Use at least {PASSWORD_MIN_LENGTH} characters.")
    if password.lower() in COMMON_PASSWORDS:
        problems.append("This password is too common.")
    if password.isdigit() or password.isalpha():
        problems.append("Mix letters with digits or symbols.")
    local_part = normalise_email(email).split("@", 1)[0]
    if len(local_part) >= 4 and local_part in password.lower():
        problems.append("Don't use your email address in the password.")
    # The plain rules say what is wrong more simply; the estimate judges what passes them.
    return problems or _strength_problems(password, [normalise_email(email), local_part])


def _strength_problems(password: str, personal: list[str]) -> list[str]:
    """zxcvbn's verdict on a password that passes the plain rules: its warning and suggestions when guessable."""
    estimate = zxcvbn(password[:STRENGTH_CHECKED_LENGTH], user_inputs=[word for word in personal if word])
    if estimate["score"] >= MIN_STRENGTH:
        return []
    feedback = estimate["feedback"]
    advice = [feedback["warning"], *feedback["suggestions"]] if feedback["warning"] else feedback["suggestions"]
    return ["This password is easy to guess.", *advice]


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def create_user(email: str, name: str, password: str, role: Role = Role.CUSTOMER) -> User:
    """Create and commit a user; refuses a taken email or a weak password."""
    user = _new_user(email, name, password, role)
    db.session.commit()
    return user


def register_customer(email: str, name: str, password: str) -> User:
    """A customer signing up: the account and its welcome mail, in one transaction; the mail leaves after it."""
    user = _new_user(email, name, password, Role.CUSTOMER)
    db.session.flush()  # the welcome mail's links name the account
    welcome.queue_welcome(user)
    db.session.commit()
    mail.send_after_commit()
    return user


def _new_user(email: str, name: str, password: str, role: Role) -> User:
    """A new user added to the session (not committed); AccountError for a taken email or a weak password."""
    email = normalise_email(email)
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as exc:
        raise AccountError(f"“{email}” is not a valid email address.") from exc
    if find_user_by_email(email) is not None:
        raise AccountError("An account with this email already exists.")
    problems = password_problems(password, email)
    if problems:
        raise AccountError(" ".join(problems))
    user = User(email=email, name=one_line(name) or email.split("@")[0], role=role.value)
    user.set_password(password, current_app.config["PASSWORD_HASH_METHOD"])
    db.session.add(user)
    return user


def authenticate(email: str, password: str) -> User | None:
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if user.check_password(password) else None


def make_admin(user: User) -> None:
    user.role = Role.ADMIN.value
    db.session.commit()


def rename(user: User, name: str) -> None:
    user.name = one_line(name)
    db.session.commit()


def change_password(user: User, current: str, new: str) -> None:
    if not user.check_password(current):
        raise AccountError("Your current password is not right.")
    problems = password_problems(new, user.email)
    if problems:
        raise AccountError(" ".join(problems))
    user.set_password(new, current_app.config["PASSWORD_HASH_METHOD"])
    db.session.commit()
