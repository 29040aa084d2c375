"""The feedback form under /feedback: open to guests (who leave an email) and customers."""
from flask import Blueprint

bp = Blueprint("feedback", __name__, url_prefix="/feedback")

from webapp.feedback import views  # noqa: E402,F401  (registers the routes)
