"""What a browser's cookies prove, for how long, and how that ends.

The session stays Flask's signed cookie. flask-login keeps the login's token in it (User.get_id()), and in
the remember cookie, so a login ended in the database (logout, "log out everywhere", a password change)
ends every copy of both cookies. The session also notes when the login began and when this browser was
last seen: it ends after SESSION_IDLE_MINUTES without a request and SESSION_ABSOLUTE_HOURS after login.
A remember cookie then starts a new session, and is itself replaced by one with a new token each time.
"""
from __future__ import annotations

import time
from datetime import timedelta

from flask import Flask, current_app, flash, g, redirect, request, session, url_for
from flask_login import current_user, login_user, logout_user, user_loaded_from_cookie
from werkzeug.wrappers import Response

from webapp.extensions import login_manager
from webapp.models._base import utcnow
from webapp.models.users import User
from webapp.services.accounts import logins

LOGIN_AT = "_login_at"
SEEN_AT = "_seen_at"
# Where flask-login keeps get_id() (here: the login's token) in the session.
FLASK_LOGIN_ID = "_user_id"
# The last-seen time is rewritten at most once a minute, not on every request (each rewrite is a new cookie).
SEEN_STEP_SECONDS = 60
EXPIRED_MESSAGE = "Your session expired, please log in again."
# flask-wtf's session key; a new token is made on the next form once it is gone.
CSRF_KEY = "csrf_token"


def register(app: Flask) -> None:
    """Load users by login token, renew a login its remember cookie restores, end stale sessions."""
    login_manager.user_loader(load_user)
    user_loaded_from_cookie.connect(_renew_remembered_login, app)
    app.before_request(end_stale_session)


def load_user(token: str) -> User | None:
    login = logins.find_login(token)
    if login is None:
        return None
    login.user.login_token = token
    return login.user


def log_in(user: User, remember: bool = False) -> None:
    """Start a new login for this browser; with `remember`, a remember cookie outlives the session."""
    config = current_app.config
    lifetime = config["REMEMBER_COOKIE_DURATION"] if remember else timedelta(hours=config["SESSION_ABSOLUTE_HOURS"])
    _enter(user, logins.start_login(user, remember, lifetime))


def change_own_password(current: str, new: str) -> None:
    """The current user's new password (AccountError if refused): every other browser is logged out, this
    one stays logged in under a new token."""
    user = current_user._get_current_object()  # flask-login must be handed the user, not the proxy
    this_login = logins.find_login(user.login_token)
    _enter(user, logins.change_password_ending_other_logins(user, current, new, this_login))


def log_out(everywhere: bool = False) -> None:
    """End this browser's login (or every login of the user) and forget the whole session."""
    if current_user.is_authenticated:
        if everywhere:
            logins.end_every_login(current_user)
        else:
            logins.end_login(current_user.login_token)
    logout_user()
    _forget_session()


def end_stale_session() -> Response | None:
    """Before any view: a session idle or old for too long ends, and so does one whose login was ended.

    A valid remember cookie quietly starts a new session instead; otherwise the visitor is sent to log in.
    """
    if request.endpoint == "static":
        return None
    claims_a_login = FLASK_LOGIN_ID in session or _remember_cookie_name() in request.cookies
    if FLASK_LOGIN_ID in session and _outlived(int(time.time())):
        logins.end_unless_remembered(session[FLASK_LOGIN_ID])
        session.clear()
    if current_user.is_authenticated:  # this session's login, or one its remember cookie restored just now
        _note_seen(int(time.time()))
        return None
    if not claims_a_login:
        return None
    _forget_session()
    flash(EXPIRED_MESSAGE, "info")
    next_url = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for(login_manager.login_view, next=next_url))


def _enter(user: User, token: str, fresh: bool = True) -> None:
    """Bind this browser to the login behind `token`: new timestamps, a new CSRF token, fresh cookies."""
    login = logins.find_login(token)
    remember_for = login.expires_at - utcnow() if login and login.remember else None
    # A CSRF token someone saw before the login must not be good after it.
    session.pop(CSRF_KEY, None)
    g.pop(CSRF_KEY, None)
    now = int(time.time())
    session[LOGIN_AT] = session[SEEN_AT] = now
    user.login_token = token
    login_user(user, remember=remember_for is not None, duration=remember_for, fresh=fresh)


def _renew_remembered_login(_app: Flask, user: User, **_extra: object) -> None:
    """A remember cookie was just used: its login gets a new token, so the cookie used is no good again."""
    login = logins.find_login(user.login_token)
    if login is not None:
        _enter(user, logins.renew_login(login), fresh=False)


def _outlived(now: int) -> bool:
    config = current_app.config
    login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
    if not isinstance(login_at, int) or not isinstance(seen_at, int):
        return True
    idle, age = now - seen_at, now - login_at
    return idle > config["SESSION_IDLE_MINUTES"] * 60 or age > config["SESSION_ABSOLUTE_HOURS"] * 3600


def _note_seen(now: int) -> None:
    if now - session.get(SEEN_AT, 0) >= SEEN_STEP_SECONDS:
        session[SEEN_AT] = now


def _remember_cookie_name() -> str:
    return current_app.config["REMEMBER_COOKIE_NAME"]


def _forget_session() -> None:
    """Empty the whole session (search photos, coupon, everything); a remember cookie sent is deleted too."""
    session.clear()
    g.pop(CSRF_KEY, None)  # the token flask-wtf keeps for this request went with the session
    if _remember_cookie_name() in request.cookies:
        session["_remember"] = "clear"  # flask-login deletes the cookie when the response goes out
