"""Probes for Kubernetes and load balancers: /livez (the process answers) and /readyz (it can serve).

They are separate so that a database blip takes pods out of the Service (readiness) without the kubelet
restarting every one of them (liveness). /healthz is the older name of /readyz.

A database that answers but refuses writes (a read-only setting, a standby after a failover) keeps the
pods ready: browsing, search and product pages still work, and every write answers a clear 503 page.
Readiness says "degraded" and "read-only" in its body so that monitoring sees it; taking every pod
out of the Service would turn a shop that cannot save into a shop that cannot be seen.
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
        read_only = _refuses_writes()
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    if read_only:
        return jsonify(status="degraded", database="read-only"), 200
    return jsonify(status="ok", database="ok"), 200


def _refuses_writes() -> bool:
    """One query that proves the database answers and says whether it would write."""
    if db.engine.dialect.name == "postgresql":
        return db.session.execute(text("SHOW transaction_read_only")).scalar_one() == "on"
    return db.session.execute(text("PRAGMA query_only")).scalar_one() == 1
