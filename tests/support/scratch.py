"""A throwaway shop on a freshly migrated database, for the test suite and the benchmarks.

The schema is always built by running the migrations, never by create_all(), so what is tested and
measured is the schema production gets.
"""
from __future__ import annotations

from pathlib import Path

import flask_migrate
from flask import Flask
from sqlalchemy import create_engine, text

from config import TestingConfig, sqlalchemy_url
from webapp import create_app


def reset_postgres_schema(url: str) -> None:
    """Empty a PostgreSQL database completely (it must be one the caller may wipe)."""
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def scratch_app(instance: Path, database_url: str | None = None, **overrides: object) -> Flask:
    """An app whose files live in `instance`, on SQLite there or on the (wiped) PostgreSQL given."""
    if database_url:
        url = sqlalchemy_url(database_url)
        reset_postgres_schema(url)
    else:
        url = f"sqlite:///{instance / 'shop.db'}"
    settings = {"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_DIR": instance, "MEDIA_ROOT": instance / "media", **overrides}
    app = create_app(TestingConfig, settings)
    with app.app_context():
        flask_migrate.upgrade()
    return app
