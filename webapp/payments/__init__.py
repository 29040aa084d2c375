"""Payment callbacks: Stripe's webhook at POST /stripe/webhook, authenticated by its signature, not CSRF."""
from flask import Blueprint

bp = Blueprint("payments", __name__)

from webapp.payments import views  # noqa: E402,F401  (registers the routes)
