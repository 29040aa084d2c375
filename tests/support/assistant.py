"""Talking to the shopping assistant through HTTP, as the widget does: JSON with the CSRF header."""
from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from tests.support.web import session_csrf_token


def say(client: FlaskClient, text: Any, expect: int = 200, **extra: Any) -> dict[str, Any]:
    """POST /assistant/messages {"text": text, **extra}; returns the JSON answer after checking its status."""
    token = session_csrf_token(client)
    response = client.post("/assistant/messages", json={"text": text, **extra},
                           headers={"X-CSRFToken": token, "Accept": "application/json"})
    assert response.status_code == expect, response.get_data(as_text=True)
    return response.get_json()
