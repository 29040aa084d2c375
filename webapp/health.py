"""Probes for Kubernetes and load balancers: /livez (the process answers) and /readyz (it can serve).

They are separate so that a database blip takes pods out of the Service (readiness) without the kubelet
restarting every one of them (liveness). /healthz is the older name of /readyz.
"""
from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from webapp.extensions import db

bp = Blueprint("health", __name__)


@bp.route("/livez")
def livez() -> tuple[Response, int]:
    """Alive: the worker answers. Touches nothing outside the process, so only a stuck process fails it."""
    return jsonify(status="ok"), 200


@bp.route("/readyz")
@bp.route("/healthz")
def readyz() -> tuple[Response, int]:
    """Ready: the database answers, so pages can be served."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok"), 200
