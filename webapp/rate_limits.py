"""Rate limits on the routes that attract abuse, by Flask-Limiter: counted in Redis (REDIS_URL) so that
every process and pod shares them, in memory without it.

Login counts failed attempts per account (the submitted email, normalised) and per client address;
registration, password changes, feedback, photo search and the shopping assistant count per address or account as RULES
say. The client address is request.remote_addr, which TRUST_PROXY_HOPS (ProxyFix) makes the
visitor's own behind an ingress. A refusal is a 429 that says what was refused and when to try again,
with Retry-After; JSON clients get the same as JSON.

If Redis stops answering, Flask-Limiter counts in this process's memory instead (and says so in the
log) and goes back to Redis once it answers again: limits get looser for a while, pages keep working.

Flask-Limiter keeps its storage on the Limiter object, so each app gets its own (the test suite builds
several apps in one process); the limits are applied to the views here, in one table.
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app, jsonify, render_template, request
from flask.logging import default_handler
from flask.wrappers import Response
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address
from flask_login import current_user

from webapp.services.accounts.users import normalise_email

_LIMITER_KEY = "shop limiter"


def submitted_account() -> str:
    """The account a login names: the form's email, normalised as accounts are looked up."""
    return "account:" + normalise_email(request.form.get("email", ""))


def logged_in_account() -> str:
    return f"user:{current_user.get_id()}"


def refused(response: Response) -> bool:
    """A form answered 400: wrong password, or another refusal."""
    return response.status_code == 400


def accepted(response: Response) -> bool:
    """A form that did what it asked and redirected."""
    return response.status_code == 302


@dataclass(frozen=True)
class Rule:
    endpoint: str
    setting: str  # the config key holding the limit, read at each request
    refusal: str  # what the 429 says was refused
    key: Callable[[], str] = get_remote_address
    counts: Callable[[Response], bool] | None = None  # which answers use up the allowance; None: every request


RULES = (
    Rule("auth.login", "LOGIN_RATE_LIMIT_PER_ACCOUNT", "Too many failed logins for this account.",
         key=submitted_account, counts=refused),
    Rule("auth.login", "LOGIN_RATE_LIMIT_PER_ADDRESS", "Too many failed logins from your connection.",
         counts=refused),
    Rule("auth.register", "REGISTER_RATE_LIMIT", "Too many new accounts from your connection."),
    Rule("account.change_password", "PASSWORD_CHANGE_RATE_LIMIT", "Too many refused password changes.",
         key=logged_in_account, counts=refused),
    Rule("feedback.write", "FEEDBACK_RATE_LIMIT", "You have sent us several messages just now.", counts=accepted),
    Rule("search.photo_submit", "PHOTO_SEARCH_RATE_LIMIT", "Too many photo searches from your connection."),
    Rule("assistant.message", "ASSISTANT_RATE_LIMIT", "Too many messages to the assistant from your connection."),
    Rule("assistant.page", "ASSISTANT_RATE_LIMIT", "Too many messages to the assistant from your connection."),
    Rule("assistant.photo", "PHOTO_SEARCH_RATE_LIMIT", "Too many photo searches from your connection."),
)


def retry_after_seconds() -> int:
    """Seconds until the limit this request broke lets one more through."""
    broken = limiter_of(current_app).current_limit
    return max(1, math.ceil(broken.window.reset_time - time.time())) if broken else 60


def wait_in_words(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    return f"{math.ceil(seconds / 60)} minutes"


def too_many_requests(error: RateLimitExceeded) -> tuple[str | Response, int, dict[str, str]]:
    """The 429: what was refused and when to try again, as a page or, for JSON clients, as JSON."""
    seconds = retry_after_seconds()
    message = f"{error.description} Please try again in {wait_in_words(seconds)}."
    headers = {"Retry-After": str(seconds)}
    if request.accept_mimetypes.best == "application/json" or request.is_json:
        return jsonify(error=message, retry_after=seconds), 429, headers
    error.description = message
    return render_template("errors/error.html", error=error), 429, headers


def limiter_of(app: Flask) -> Limiter:
    return app.extensions[_LIMITER_KEY]


def _limits_switched_off() -> bool:
    return not current_app.config["RATE_LIMITS_ON"]


def _new_limiter(app: Flask) -> Limiter:
    redis_url = app.config.get("REDIS_URL")
    timeout = app.config["REDIS_TIMEOUT_SECONDS"]
    limiter = Limiter(
        key_func=get_remote_address,
        storage_uri=redis_url or "memory://",
        storage_options={"socket_connect_timeout": timeout, "socket_timeout": timeout} if redis_url else {},
        strategy="moving-window",  # any N-minute span, not clock minutes: no double burst at a boundary
        in_memory_fallback_enabled=True,
    )
    limiter.request_filter(_limits_switched_off)
    # Its "storage unreachable, falling back to memory" warning goes where the app's log goes.
    limiter.logger.addHandler(default_handler)
    limiter.init_app(app)
    return limiter


def _limit_view(app: Flask, limiter: Limiter, rule: Rule) -> None:
    limit = limiter.limit(
        lambda: current_app.config[rule.setting],
        key_func=rule.key,
        methods=["POST"],
        error_message=rule.refusal,
        deduct_when=rule.counts,
    )
    app.view_functions[rule.endpoint] = limit(app.view_functions[rule.endpoint])


def register(app: Flask) -> None:
    """After the blueprints: a Limiter for this app, the RULES on their views, and the 429 answer."""
    limiter = _new_limiter(app)
    app.extensions[_LIMITER_KEY] = limiter
    for rule in RULES:
        _limit_view(app, limiter, rule)
    app.register_error_handler(RateLimitExceeded, too_many_requests)
