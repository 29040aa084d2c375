from flask import jsonify, request
from werkzeug.wrappers import Response

from webapp.extensions import csrf
from webapp.payments import bp
from webapp.services.buying import payments
from webapp.services.buying.stripe_api import WebhookError


@bp.route("/stripe/webhook", methods=["POST"])
@csrf.exempt  # Stripe cannot send our CSRF token; the signature check below authenticates instead
def stripe_webhook() -> tuple[Response, int]:
    try:
        outcome = payments.handle_webhook(request.get_data(), request.headers.get("Stripe-Signature"))
    except WebhookError as exc:
        return jsonify(error=str(exc)), 400
    return jsonify(received=True, outcome=outcome), 200
