"""Error pages."""
from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError


def _render_http_error(error: HTTPException) -> tuple[str, int]:
    return render_template("errors/error.html", error=error), error.code or 500


def _render_csrf_error(error: CSRFError) -> tuple[str, int]:
    error.description = "Your form expired or came from another site. Go back, reload the page and try again."
    return _render_http_error(error)


def _render_server_error(error: InternalServerError) -> tuple[str, int]:
    # Flask has already logged the trace; the visitor gets a plain apology.
    return _render_http_error(InternalServerError(description="Something went wrong on our side. Please try again."))


def register(app: Flask) -> None:
    app.register_error_handler(CSRFError, _render_csrf_error)
    app.register_error_handler(HTTPException, _render_http_error)
    app.register_error_handler(InternalServerError, _render_server_error)

