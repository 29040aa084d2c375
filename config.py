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


def _sqlalchemy_url(url: str) -> str:
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
    SQLALCHEMY_DATABASE_URI = _sqlalchemy_url(
        _env("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'shop.db'}")
    )
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, object]] = {"pool_pre_ping": True}
    MEDIA_ROOT = Path(_env("MEDIA_ROOT", str(INSTANCE_DIR / "media")))
    MAX_CONTENT_LENGTH = _env_int("MAX_UPLOAD_MB", 10) * 1024 * 1024
    PRODUCTS_PER_PAGE = _env_int("PRODUCTS_PER_PAGE", 24)
    SHOP_NAME = _env("SHOP_NAME", "Lookalike")
    CURRENCY = _env("CURRENCY", "eur")
    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    PASSWORD_MIN_LENGTH = 10
    SEND_FILE_MAX_AGE_DEFAULT = 3600


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
