"""The fashion shop's Flask application. Reading create_app() lists everything it is made of."""
from __future__ import annotations

import logging
import sqlite3  # noqa: F401  (first, see below)
from typing import Any

from flask import Flask

from config import BASE_DIR, Config, config_from_env

# TensorFlow carries its own SQLite, built without FTS5, and a process keeps whichever SQLite loads first:
# importing Python's sqlite3 before anything can import TensorFlow keeps the catalogue's FTS5 search working
# (migration 0011_search) in every process that imports the shop, tests included.


def create_app(config_class: type[Config] | None = None, overrides: dict[str, Any] | None = None) -> Flask:
    """Build the app: settings, extensions, blueprints, error pages, template helpers, commands."""
    config_class = config_class or config_from_env()
    config_class.ensure_secret_key()
    config_class.require_settings()
    app = Flask(
        __name__,
        template_folder=str(BASE_DIR / "templates"),
        static_folder=str(BASE_DIR / "static"),
        instance_path=str(config_class.INSTANCE_DIR),
    )
    app.config.from_object(config_class)
    app.config.update(overrides or {})
    configure_logging(app)
    trust_proxy_headers(app)
    register_url_converters(app)
    register_extensions(app)
    register_blueprints(app)
    register_rate_limits(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_login_sessions(app)
    register_request_guards(app)
    register_request_caches(app)
    register_background_jobs(app)
    register_commands(app)
    register_shell_context(app)
    register_signal_handlers(app)
    return app


def configure_logging(app: Flask) -> None:
    """Log to stderr at INFO so operators see warnings (missing weights, failed mail) by default."""
    if not app.logger.handlers or app.logger.level == logging.NOTSET:
        app.logger.setLevel(logging.INFO)


def trust_proxy_headers(app: Flask) -> None:
    """Behind TRUST_PROXY_HOPS proxies, take the client's address and scheme from X-Forwarded-*.

    Without it every visitor behind an ingress would share the proxy's address (and one rate limit).
    """
    hops = int(app.config.get("TRUST_PROXY_HOPS", 0))
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]


def register_url_converters(app: Flask) -> None:
    """Before any route exists: ids in URLs are capped so a huge number is a 404, not a failing query."""
    from webapp.converters import RowIdConverter

    app.url_map.converters["int"] = RowIdConverter


def register_extensions(app: Flask) -> None:
    """Bind the unbound extensions of webapp.extensions to this app."""
    from webapp.extensions import compress, csrf, db, login_manager, migrate

    db.init_app(app)
    compress.init_app(app)
    migrate.init_app(app, db, directory=str(BASE_DIR / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)


def register_blueprints(app: Flask) -> None:
    """One blueprint per area of the site."""
    from webapp import account, admin, assistant, auth, cart, checkout, feedback, health, payments, search, shop

    for area in (shop, auth, account, admin, health, cart, checkout, payments, search, feedback, assistant):
        app.register_blueprint(area.bp)


def register_rate_limits(app: Flask) -> None:
    """Flask-Limiter on logins, registration, password changes, feedback, photo search, the assistant."""
    from webapp import rate_limits

    rate_limits.register(app)


def register_errorhandlers(app: Flask) -> None:
    """HTML error pages for every HTTP error, and a plain 500 that never shows a trace."""
    from webapp.errors import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    """Filters and globals the templates share (money, product picture URLs; the admin's charts)."""
    from webapp import templating
    from webapp.admin import template_helpers

    templating.register(app)
    template_helpers.register(app)


def register_login_sessions(app: Flask) -> None:
    """Who is logged in: users load by login token; idle, old or ended sessions end (webapp/auth/sessions.py)."""
    from webapp.auth import sessions

    sessions.register(app)


def register_request_guards(app: Flask) -> None:
    """Refuse unstorable input early; send headers that forbid framing, sniffing, foreign scripts and caching."""
    from webapp.headers import add_security_headers
    from webapp.security import reject_nul_bytes

    app.before_request(reject_nul_bytes)
    app.after_request(add_security_headers)


def register_request_caches(app: Flask) -> None:
    """What a request remembers (the live deals behind every price) is forgotten when it ends."""
    from webapp.request_deals import forget_live_deals

    app.teardown_request(forget_live_deals)


def register_background_jobs(app: Flask) -> None:
    """Jobs (mail, look-alike updates, purges, stale orders) go to RQ, or run after the response (services/jobs)."""
    from webapp.services.jobs import inline

    inline.register(app)


def register_commands(app: Flask) -> None:
    """flask seed-demo, catalog, users, mail, orders, recommender, reports, worker, assistant (webapp/commands/)."""
    from webapp.commands import register

    register(app)


def register_shell_context(app: Flask) -> None:
    """`flask shell` starts with the database session and every model imported."""
    from webapp import models
    from webapp.extensions import db

    @app.shell_context_processor
    def _context() -> dict[str, Any]:
        return {"db": db, **{name: getattr(models, name) for name in models.__all__}}


def register_signal_handlers(app: Flask) -> None:
    """React to signals: a guest's cart joins the account's at login; look-alikes follow product changes."""
    from flask_login import user_logged_in

    from webapp.cart.views import merge_guest_cart
    from webapp.services.visual_search import catalogue_watch

    user_logged_in.connect(merge_guest_cart, app)
    catalogue_watch.register(app)
