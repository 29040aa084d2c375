"""Through HTTP as a browser does: CSRF tokens from pages, form posts, logging in."""
from __future__ import annotations

import re

from flask.testing import FlaskClient

from webapp.models import User

PASSWORD = "correct-horse-42"  # every test user's password
CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF_PATTERN.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


def session_csrf_token(client: FlaskClient) -> str:
    """A token valid for this client's session: logged in, the header's logout form has one."""
    for url in ("/", "/auth/login"):
        match = CSRF_PATTERN.search(client.get(url).text)
        if match:
            return match.group(1)
    raise AssertionError("no page offered a CSRF token")


def post_form(client: FlaskClient, page_url: str, data: dict, action: str | None = None, **kwargs):
    """Submit a form the way a browser does: load the page, take its CSRF token, POST."""
    page = client.get(page_url)
    return client.post(action or page_url, data={"csrf_token": csrf_from(page.text), **data}, **kwargs)


class Auth:
    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def login(self, user: User, password: str = PASSWORD, **kwargs):
        return post_form(
            self.client, "/auth/login", {"email": user.email, "password": password}, **kwargs
        )
