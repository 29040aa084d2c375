"""Settings. Everything secret or deployment-specific comes from the environment.

SHOP_CONFIG picks the class: development (default), production or testing.
"""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import ClassVar

BASE_DIR = Path(__file__).resolve().parent


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _env_int(name: str, default: int) -> int:
    value = _env(name)
    return int(value) if value is not None else default


def _env_float(name: str, default: float) -> float:
    value = _env(name)
    return float(value) if value is not None else default


def _env_bool(name: str, default: bool) -> bool:
    value = _env(name)
    return default if value is None else value.strip().lower() in ("1", "true", "yes", "on")


def sqlalchemy_url(url: str) -> str:
    # Heroku-style URLs say postgres://; SQLAlchemy wants an explicit driver.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def engine_options(url: str) -> dict[str, object]:
    """Pre-ping every pooled connection; on PostgreSQL also bound the pool of each process.

    Every gunicorn worker process keeps its own pool, so the database sees up to
    pods x workers x (DB_POOL_SIZE + DB_MAX_OVERFLOW) connections: README's Deploy section does the sum.
    """
    options: dict[str, object] = {"pool_pre_ping": True}
    if url.startswith("postgresql"):
        options.update(
            pool_size=_env_int("DB_POOL_SIZE", 4),  # one per gunicorn thread
            max_overflow=_env_int("DB_MAX_OVERFLOW", 0),
            # A request waits this long for a free connection, then fails instead of piling up.
            pool_timeout=_env_int("DB_POOL_TIMEOUT", 10),
            # Renew connections before a proxy or firewall drops them as idle.
            pool_recycle=_env_int("DB_POOL_RECYCLE", 1800),
            connect_args={"connect_timeout": _env_int("DB_CONNECT_TIMEOUT", 5)},
        )
    return options


class Config:
    ENV_NAME = "development"
    INSTANCE_DIR = Path(_env("INSTANCE_DIR", str(BASE_DIR / "instance")))
    SECRET_KEY = _env("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = sqlalchemy_url(
        _env("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'shop.db'}")
    )
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, object]] = engine_options(SQLALCHEMY_DATABASE_URI)
    MEDIA_ROOT = Path(_env("MEDIA_ROOT", str(INSTANCE_DIR / "media")))
    MAX_CONTENT_LENGTH = _env_int("MAX_UPLOAD_MB", 10) * 1024 * 1024
    PRODUCTS_PER_PAGE = _env_int("PRODUCTS_PER_PAGE", 24)
    TRUST_PROXY_HOPS = _env_int("TRUST_PROXY_HOPS", 0)
    SHOP_NAME = _env("SHOP_NAME", "Lookalike")
    CURRENCY = _env("CURRENCY", "eur")
    # The shop's terms until an admin saves /admin/settings; from then on the saved ones apply.
    SHIPPING_FEE_CENTS = _env_int("SHIPPING_FEE_CENTS", 495)
    FREE_SHIPPING_FROM_CENTS = _env_int("FREE_SHIPPING_FROM_CENTS", 5000)
    DELIVERY_ESTIMATE = _env("DELIVERY_ESTIMATE", "Delivered in 2 to 4 working days.")
    RETURNS_POLICY = _env(
        "RETURNS_POLICY",
        "Return anything unworn within 30 days of delivery, free of charge. "
        "The money goes back to the card you paid with.",
    )
    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # A login's session ends after this long without a request, and this long after the login at most.
    SESSION_IDLE_MINUTES = _env_int("SESSION_IDLE_MINUTES", 30)
    SESSION_ABSOLUTE_HOURS = _env_int("SESSION_ABSOLUTE_HOURS", 12)
    # Flask refuses any session cookie signed longer ago than this (a guest's cart too).
    PERMANENT_SESSION_LIFETIME = timedelta(hours=SESSION_ABSOLUTE_HOURS)
    # "Keep me logged in": a remember cookie that starts new sessions, replaced by a new one at each use.
    REMEMBER_COOKIE_NAME = "remember_token"
    REMEMBER_COOKIE_DURATION = timedelta(days=_env_int("REMEMBER_ME_DAYS", 30))
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # werkzeug's method for new password hashes; scrypt is slow on purpose (about 80 ms a hash here).
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - a hashing method, not a password
    SEND_FILE_MAX_AGE_DEFAULT = 3600
    # Links in emails point here; requests know their own host, mails sent later do not.
    SHOP_URL = _env("SHOP_URL", "http://127.0.0.1:5000")
    # Payments: Stripe Checkout when both keys are set, otherwise a labelled test payment.
    STRIPE_SECRET_KEY = _env("STRIPE_SECRET_KEY")
    STRIPE_WEBHOOK_SECRET = _env("STRIPE_WEBHOOK_SECRET")
    STRIPE_API_BASE = _env("STRIPE_API_BASE", "https://api.stripe.com")
    # Email: SMTP when MAIL_SERVER is set, otherwise the log and .eml files in MAIL_OUTBOX_DIR.
    MAIL_SERVER = _env("MAIL_SERVER")
    MAIL_PORT = _env_int("MAIL_PORT", 587)
    MAIL_USERNAME = _env("MAIL_USERNAME")
    MAIL_PASSWORD = _env("MAIL_PASSWORD")
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", False)
    MAIL_FROM = _env("MAIL_FROM", "Lookalike <shop@localhost>")
    MAIL_OUTBOX_DIR = _env("MAIL_OUTBOX_DIR")  # None: $INSTANCE_DIR/outbox, resolved by the app
    MAIL_TIMEOUT_SECONDS = _env_int("MAIL_TIMEOUT_SECONDS", 10)  # per SMTP connection and command
    # A mail that failed this many times is parked as failed, with its reason, for the admin to see.
    MAIL_MAX_ATTEMPTS = _env_int("MAIL_MAX_ATTEMPTS", 10)  # about 8.5 hours of growing pauses
    # Redis: background jobs on RQ and rate limits shared by every process. Without it jobs run in the
    # process after the response and limits are counted in memory.
    REDIS_URL = _env("REDIS_URL")
    REDIS_TIMEOUT_SECONDS = _env_int("REDIS_TIMEOUT_SECONDS", 2)  # a Redis that hangs cannot hold up a request
    JOBS_QUEUE = _env("JOBS_QUEUE", "shop")  # the RQ queue the web enqueues to and `flask worker` reads
    JOB_TIMEOUT_SECONDS = _env_int("JOB_TIMEOUT_SECONDS", 600)  # RQ stops a job that runs longer
    # Without Redis, each process also runs the periodic jobs (mail retries, photo purge, stale orders)
    # after a response, at most this often; 0 leaves them to the flask commands (CronJobs).
    INLINE_PERIODIC_MINUTES = _env_int("INLINE_PERIODIC_MINUTES", 10)
    # An unpaid order is cancelled (its stock released) this long after its payment page expired.
    STALE_ORDER_GRACE_MINUTES = _env_int("STALE_ORDER_GRACE_MINUTES", 15)
    # Visual search. Weights: "imagenet" (Keras cache or download), a weights file path, or "fallback".
    RECOMMENDER_WEIGHTS = _env("RECOMMENDER_WEIGHTS", "imagenet")
    RECOMMENDER_DIR = _env("RECOMMENDER_DIR")  # None: $INSTANCE_DIR/recommender, resolved by the app
    RECOMMENDER_NEIGHBOURS = _env_int("RECOMMENDER_NEIGHBOURS", 20)  # stored per product and tier; pages show 5
    # The tuned head: customer-photo-like copies made of each picture to train on (once per picture).
    RECOMMENDER_AUGMENTED_COPIES = _env_int("RECOMMENDER_AUGMENTED_COPIES", 5)
    # Photo search claims (and keeps to) an article type only when the model gives it at least this.
    PHOTO_CATEGORY_CONFIDENCE = _env_float("PHOTO_CATEGORY_CONFIDENCE", 0.5)
    PHOTO_UPLOAD_DIR = _env("PHOTO_UPLOAD_DIR")  # None: $INSTANCE_DIR/uploads, resolved by the app
    UPLOAD_TTL_SECONDS = _env_int("UPLOAD_TTL_SECONDS", 3600)
    PHOTO_SEARCH_RATE_LIMIT = _env("PHOTO_SEARCH_RATE_LIMIT", "10/minute")  # per client address
    ASSISTANT_RATE_LIMIT = _env("ASSISTANT_RATE_LIMIT", "30/minute")  # shopping assistant messages per client address
    PHOTO_URL_TIMEOUT_SECONDS = _env_int("PHOTO_URL_TIMEOUT_SECONDS", 5)
    PHOTO_SEARCHES_PER_WORKER = _env_int("PHOTO_SEARCHES_PER_WORKER", 2)  # decoded and embedded at once
    PHOTO_SEARCH_WAIT_SECONDS = _env_int("PHOTO_SEARCH_WAIT_SECONDS", 5)  # for a free one, then a 503
    PHOTO_URL_ALLOW_PRIVATE = False  # tests only: lets the URL fetch reach a server on loopback
    # Rate limits (Flask-Limiter strings: "10/minute", "10 per 15 minutes", several joined by ";").
    RATE_LIMITS_ON = _env_bool("RATE_LIMITS_ON", True)
    RATELIMIT_KEY_PREFIX = _env("RATE_LIMIT_KEY_PREFIX", "lookalike")  # Flask-Limiter's keys in Redis start so
    LOGIN_RATE_LIMIT_PER_ACCOUNT = _env("LOGIN_RATE_LIMIT_PER_ACCOUNT", "10 per 15 minutes")  # failed logins
    LOGIN_RATE_LIMIT_PER_ADDRESS = _env("LOGIN_RATE_LIMIT_PER_ADDRESS", "30 per 15 minutes")  # failed logins
    REGISTER_RATE_LIMIT = _env("REGISTER_RATE_LIMIT", "10/hour")  # registration attempts per client address
    PASSWORD_CHANGE_RATE_LIMIT = _env("PASSWORD_CHANGE_RATE_LIMIT", "5 per 15 minutes")  # refused, per account
    FEEDBACK_RATE_LIMIT = _env("FEEDBACK_RATE_LIMIT", "5/hour")  # feedback messages sent per client address
    HSTS_MAX_AGE = 0  # seconds browsers keep to HTTPS; 0 sends no Strict-Transport-Security header

    @classmethod
    def require_settings(cls) -> None:
        """Development and tests run on their defaults; production overrides this to refuse unsafe ones."""
        return None


class DevelopmentConfig(Config):
    DEBUG = False  # the debugger would run arbitrary code for anyone who reaches the port

    @classmethod
    def ensure_secret_key(cls) -> None:
        """Without SECRET_KEY, development keeps a random key in instance/ (never a default)."""
        if cls.SECRET_KEY:
            return
        key_file = cls.INSTANCE_DIR / "secret_key"
        if not key_file.exists():
            key_file.parent.mkdir(parents=True, exist_ok=True)
            key_file.write_text(secrets.token_hex(32))
            key_file.chmod(0o600)
        cls.SECRET_KEY = key_file.read_text().strip()


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    SHOP_URL = _env("SHOP_URL")  # no default: mails sent from a pod must not link to 127.0.0.1
    HSTS_MAX_AGE = _env_int("HSTS_MAX_AGE", 365 * 24 * 3600)

    @classmethod
    def ensure_secret_key(cls) -> None:
        if not cls.SECRET_KEY:
            raise RuntimeError("SECRET_KEY must be set in the environment in production.")

    @classmethod
    def require_settings(cls) -> None:
        """Refuse settings that only suit one process on one machine, naming every one that is wrong."""
        problems = []
        if cls.SQLALCHEMY_DATABASE_URI.startswith("sqlite"):
            problems.append(
                "DATABASE_URL must name the PostgreSQL database (postgresql://...): "
                "on SQLite every pod would write a database file of its own"
            )
        if not (cls.SHOP_URL or "").startswith("https://"):
            problems.append("SHOP_URL must be the shop's public https:// address, which links in emails point to")
        if problems:
            raise RuntimeError("Production cannot start: " + "; ".join(problems) + ".")


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-only-secret"  # noqa: S105 - the test config never serves real users
    RECOMMENDER_WEIGHTS = "fallback"  # the suite never downloads weights or builds ResNet50 unasked
    REDIS_URL = None  # tests that want Redis say so
    RATE_LIMITS_ON = False  # tests of the limits switch them on; the rest log in and post freely
    INLINE_PERIODIC_MINUTES = 0  # periodic jobs run only when a test asks
    # The suite creates thousands of users; one real scrypt hash is proven in tests/test_auth.py.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"  # noqa: S105 - a hashing method, not a password
    # Totals in tests add up the lines they buy; the shipping tests set their own charges.
    SHIPPING_FEE_CENTS = 0

    @classmethod
    def ensure_secret_key(cls) -> None:
        return None


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "testing": TestingConfig,
}


def config_from_env() -> type[Config]:
    name = _env("SHOP_CONFIG", "development")
    if name not in CONFIGS:
        raise RuntimeError(f"SHOP_CONFIG must be one of {sorted(CONFIGS)}, not {name!r}.")
    return CONFIGS[name]
