"""Error pages."""
import sqlite3

from flask import Flask, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InternalError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable
from werkzeug.wrappers import Response

from webapp.extensions import db

CANNOT_SAVE = (
    "The shop cannot save changes right now. Nothing you had saved before is lost: "
    "please try again in a few minutes."
)
CANNOT_REACH = "The shop cannot reach its database right now. Please try again in a few minutes."
RETRY_AFTER_SECONDS = 60
READ_ONLY_SQLSTATE = "25006"  # PostgreSQL's read_only_sql_transaction: a read-only setting or a hot standby


def _render_http_error(error: HTTPException) -> tuple[str, int]:
    return render_template("errors/error.html", error=error), error.code or 500


def _render_csrf_error(error: CSRFError) -> tuple[str, int]:
    error.description = "Your form expired or came from another site. Go back, reload the page and try again."
    return _render_http_error(error)


def _render_server_error(error: InternalServerError) -> tuple[str, int]:
    # Flask has already logged the trace; the visitor gets a plain apology.
    return _render_http_error(InternalServerError(description="Something went wrong on our side. Please try again."))


def refuses_writes(error: DBAPIError) -> bool:
    """Whether the database answered but will not write (read-only), rather than failed to answer."""
    driver_error = error.orig
    if getattr(driver_error, "sqlstate", None) == READ_ONLY_SQLSTATE:
        return True
    # SQLite's extended result codes keep the primary code in the low byte.
    return isinstance(driver_error, sqlite3.Error) and driver_error.sqlite_errorcode & 0xFF == sqlite3.SQLITE_READONLY


def _database_unavailable(error: DBAPIError) -> tuple[str, int, dict[str, str]] | tuple[Response, int, dict[str, str]]:
    """A 503 that says what is wrong, instead of a 500: the database refuses writes, or does not answer."""
    db.session.rollback()
    read_only = refuses_writes(error)
    current_app.logger.error("%s %s: the database %s: %s", request.method, request.path,
                             "refuses writes" if read_only else "failed", error.orig)
    message = CANNOT_SAVE if read_only else CANNOT_REACH
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if request.is_json:  # the Stripe webhook: a JSON caller gets JSON (and Stripe retries a 503)
        return jsonify(error=message), 503, headers
    html, status = _render_http_error(ServiceUnavailable(description=message))
    return html, status, headers


def register(app: Flask) -> None:
    app.register_error_handler(CSRFError, _render_csrf_error)
    app.register_error_handler(HTTPException, _render_http_error)
    app.register_error_handler(InternalServerError, _render_server_error)
    # What a read-only (or failed-over) database raises on a write: OperationalError on SQLite,
    # InternalError (SQLSTATE 25006) on PostgreSQL; and OperationalError when it does not answer at all.
    app.register_error_handler(OperationalError, _database_unavailable)
    app.register_error_handler(InternalError, _database_unavailable)

