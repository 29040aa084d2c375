"""Back to where the visitor was after logging in or registering: the `next` page, kept safe.

`next` travels in the query string of the login and register pages (their forms post back to their own
URL, so it survives a refused attempt) and in the links between them. Only a path on this site is ever
followed: anything with a scheme or a host would make the shop an open redirect.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import request, url_for

AUTH_ENDPOINTS = frozenset({"auth.login", "auth.register"})
# Pages with nothing to come back to: from the home page an account's own dashboard is more use.
NOTHING_TO_COME_BACK_TO = frozenset({"shop.home"})


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


def next_here() -> str | None:
    """The page to come back to from the current request: the one shown, or the `next` an auth page carries."""
    if request.endpoint in AUTH_ENDPOINTS:
        return safe_next(request.args.get("next"))
    if request.method != "GET" or request.endpoint in NOTHING_TO_COME_BACK_TO:
        return None
    return safe_next(request.full_path.rstrip("?"))


def auth_link(endpoint: str) -> str:
    """A link to the login or register page that comes back here afterwards."""
    return url_for(endpoint, next=next_here())
