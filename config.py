"""Settings. Everything secret or deployment-specific comes from the environment.

SHOP_CONFIG picks the class: development (default), production or testing.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import ClassVar

BASE_DIR = Path(__file__).resolve().parent


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _env_int(name: str, default: int) -> int:
    value = _env(name)
    return int(value) if value is not None else default


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


class Config:
    ENV_NAME = "development"
    INSTANCE_DIR = Path(_env("INSTANCE_DIR", str(BASE_DIR / "instance")))
    SECRET_KEY = _env("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = sqlalchemy_url(
        _env("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'shop.db'}")
    )
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, object]] = {"pool_pre_ping": True}
    MEDIA_ROOT = Path(_env("MEDIA_ROOT", str(INSTANCE_DIR / "media")))
    MAX_CONTENT_LENGTH = _env_int("MAX_UPLOAD_MB", 10) * 1024 * 1024
    PRODUCTS_PER_PAGE = _env_int("PRODUCTS_PER_PAGE", 24)
    TRUST_PROXY_HOPS = _env_int("TRUST_PROXY_HOPS", 0)
    SHOP_NAME = _env("SHOP_NAME", "Lookalike")
    CURRENCY = _env("CURRENCY", "eur")
    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    PASSWORD_MIN_LENGTH = 10
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
    # Visual search. Weights: "imagenet" (Keras cache or download), a weights file path, or "fallback".
    RECOMMENDER_WEIGHTS = _env("RECOMMENDER_WEIGHTS", "imagenet")
    RECOMMENDER_DIR = _env("RECOMMENDER_DIR")  # None: $INSTANCE_DIR/recommender, resolved by the app
    RECOMMENDER_NEIGHBOURS = _env_int("RECOMMENDER_NEIGHBOURS", 20)  # stored per product; pages show 5
    PHOTO_UPLOAD_DIR = _env("PHOTO_UPLOAD_DIR")  # None: $INSTANCE_DIR/uploads, resolved by the app
    UPLOAD_TTL_SECONDS = _env_int("UPLOAD_TTL_SECONDS", 3600)
    PHOTO_SEARCH_RATE_LIMIT = _env("PHOTO_SEARCH_RATE_LIMIT", "10/minute")  # per client address
    PHOTO_URL_TIMEOUT_SECONDS = _env_int("PHOTO_URL_TIMEOUT_SECONDS", 5)
    PHOTO_URL_ALLOW_PRIVATE = False  # tests only: lets the URL fetch reach a server on loopback
    FEEDBACK_RATE_LIMIT = _env("FEEDBACK_RATE_LIMIT", "5/hour")  # feedback form messages per client address


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

    @classmethod
    def ensure_secret_key(cls) -> None:
        if not cls.SECRET_KEY:
            raise RuntimeError("SECRET_KEY must be set in the environment in production.")


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-only-secret"  # noqa: S105 - the test config never serves real users
    RECOMMENDER_WEIGHTS = "fallback"  # the suite never downloads weights or builds ResNet50 unasked
    # The suite creates thousands of users; one real scrypt hash is proven in tests/test_auth.py.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"  # noqa: S105 - a hashing method, not a password

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
