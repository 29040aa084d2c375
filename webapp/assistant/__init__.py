"""The shopping assistant: POST /assistant/messages (JSON), the full page /assistant (works without
JavaScript), a photo into the chat. Open to guests and customers."""
from flask import Blueprint

bp = Blueprint("assistant", __name__, url_prefix="/assistant")

from webapp.assistant import views  # noqa: E402,F401  (registers the routes)
