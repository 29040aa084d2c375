"""The migrations build exactly the schema the models describe, on every database."""
import flask_migrate
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from webapp.extensions import db
from webapp.services.catalog.text_search import is_search_index


def schema_differences() -> list:
    with db.engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn, opts={
            "compare_type": True,
            # The text-search index (0011_search) is the database's own, not a model's.
            "include_name": lambda name, type_, parent_names: not is_search_index(name),
        }), db.metadata)


def test_migrated_schema_matches_the_models(app):
    assert schema_differences() == []


def test_every_model_table_is_created_by_the_migrations(app):
    tables = set(inspect(db.engine).get_table_names())
    assert set(db.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_migrations_downgrade_to_empty_and_upgrade_again(app):
    flask_migrate.downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    flask_migrate.upgrade()
    assert schema_differences() == []
