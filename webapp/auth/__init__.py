"""Registration, login, logout, and the sessions a login lives in."""
from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from webapp.auth import views  # noqa: E402,F401  (registers the routes)
