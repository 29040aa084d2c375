"""The databases the suite runs on, and how a shared scratch shop is put back between tests.

Every database test runs on SQLite, and also on PostgreSQL when TEST_DATABASE_URL is set. Under
pytest-xdist each worker gets a PostgreSQL database of its own, named after TEST_DATABASE_URL's
with the worker's id appended (shop_ci_gw0, shop_ci_gw1 ...), created fresh at the worker's start.
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import psycopg
from flask import Flask
from psycopg import sql
from sqlalchemy import Integer, func, select, text
from sqlalchemy.engine import URL, make_url

from config import TestingConfig, sqlalchemy_url
from tests.support.scratch import scratch_app
from webapp.extensions import db

T = TypeVar("T")
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if TEST_DATABASE_URL else [])
# Test databases are thrown away: commits need not wait for the disk (visibility is unchanged).
POSTGRES_ENGINE_OPTIONS = {**TestingConfig.SQLALCHEMY_ENGINE_OPTIONS,
                           "connect_args": {"options": "-c synchronous_commit=off"}}


def xdist_worker() -> str | None:
    """gw0, gw1 ... in a pytest-xdist worker; None in a plain pytest run."""
    return os.environ.get("PYTEST_XDIST_WORKER")


def _maintenance_conninfo(url: URL) -> str:
    return url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)


def worker_database_url(base_url: str, worker: str) -> str:
    """The same server and credentials, database <name>_<worker>."""
    url = make_url(sqlalchemy_url(base_url))
    return url.set(database=f"{url.database}_{worker}").render_as_string(hide_password=False)


def recreate_database(database_url: str) -> None:
    """DROP DATABASE IF EXISTS + CREATE DATABASE, through the server's `postgres` maintenance database."""
    url = make_url(database_url)
    name = sql.Identifier(url.database)
    with psycopg.connect(_maintenance_conninfo(url), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def create_database_if_missing(database_url: str) -> None:
    url = make_url(database_url)
    with psycopg.connect(_maintenance_conninfo(url), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (url.database,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(url.database)))


def drop_database(database_url: str) -> None:
    url = make_url(database_url)
    with psycopg.connect(_maintenance_conninfo(url), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(url.database)))


def build_app(instance: Path, database_url: str | None = None, **overrides: object) -> Flask:
    """The app on a freshly migrated database: SQLite in `instance`, or the (wiped) PostgreSQL database given."""
    if database_url:
        overrides = {"SQLALCHEMY_ENGINE_OPTIONS": POSTGRES_ENGINE_OPTIONS, **overrides}
    return scratch_app(instance, database_url, **overrides)


def empty_all_tables(app: Flask) -> None:
    """Delete every row, in one transaction, from the tables that have any.

    DELETE, not TRUNCATE: on these small tables PostgreSQL's TRUNCATE (new files for every table and
    index) measured 60-110 ms a test against 2-7 ms for the DELETEs.
    """
    with app.app_context():
        db.session.remove()
        tables = list(reversed(db.metadata.sorted_tables))  # children before parents
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # A session a test left open would hold its locks: fail loudly rather than wait for ever.
                conn.execute(text("SET LOCAL lock_timeout = '10s'"))
            quote = conn.dialect.identifier_preparer.quote
            # One round trip tells which tables have rows; most tests touch only a few. (Table names come
            # from the models' metadata, quoted.)
            probe = " UNION ALL ".join(
                f"SELECT {index} WHERE EXISTS (SELECT 1 FROM {quote(table.name)})"  # noqa: S608
                for index, table in enumerate(tables)
            )
            for index in sorted(conn.execute(text(probe)).scalars()):
                conn.execute(tables[index].delete())


@dataclass(frozen=True)
class Snapshot:
    """Every row (table name -> rows, parents first) and every file under INSTANCE_DIR but the database."""

    rows: dict[str, list[dict[str, Any]]]
    files: dict[str, bytes]


@dataclass
class ScratchShop:
    """A migrated app the tests of one process share, and what it looked like before the first test.

    reset() puts it back: app.extensions entries made since (the recommender's cached embedder and
    search index, rate limiters ...) are dropped, app.config is restored, and with rows=True every row
    and every file the shop wrote under INSTANCE_DIR (media, look-alike index, uploads, outbox) goes.
    """

    app: Flask
    extensions: dict[str, Any] = field(default_factory=dict)
    config: dict[str, Any] = field(default_factory=dict)
    kept_for: str | None = None  # the fixture whose rows stay until its module ends (see keeping_rows)

    def __post_init__(self) -> None:
        self.extensions = dict(self.app.extensions)
        self.config = dict(self.app.config)

    def reset(self, rows: bool = True) -> None:
        extensions = self.app.extensions
        for key in list(extensions):
            if key not in self.extensions:
                del extensions[key]
        extensions.update(self.extensions)
        self.app.config.clear()
        self.app.config.update(self.config)
        if rows:
            empty_all_tables(self.app)
            self._remove_written_files()

    def _is_as_built(self) -> bool:
        """True while the app's settings and extensions are the ones it was built with (no test changed them yet)."""
        extensions = self.app.extensions
        return (dict(self.app.config) == self.config and extensions.keys() <= self.extensions.keys()
                and all(extensions[key] is self.extensions[key] for key in extensions))

    def _database_files(self) -> set[str]:
        database = Path(make_url(self.app.config["SQLALCHEMY_DATABASE_URI"]).database or "").name
        return {f"{database}{suffix}" for suffix in ("", "-journal", "-wal", "-shm")} if database else set()

    def _remove_written_files(self) -> None:
        instance = Path(self.app.config["INSTANCE_DIR"])
        keep = self._database_files()
        for entry in instance.iterdir() if instance.is_dir() else ():
            if entry.name in keep:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
        media = Path(self.app.config["MEDIA_ROOT"])
        if not media.is_relative_to(instance):
            shutil.rmtree(media, ignore_errors=True)

    @contextmanager
    def keeping_rows(self, owner: str) -> Iterator[None]:
        """For a module-scoped fixture named `owner`: rows built inside stay for the module's tests (which only
        read them), and go when the module ends. A test that does not use `owner` meanwhile is an error."""
        if self.kept_for is not None:
            raise RuntimeError(f"{owner}: the rows of {self.kept_for} are still kept")
        self.reset()
        self.kept_for = owner
        try:
            yield
        finally:
            self.kept_for = None
            self.reset()

    def scene(self, build: Callable[[], T]) -> tuple[Snapshot, T]:
        """A scene many tests start from, made once: ``build()`` runs in the emptied shop, what it made is kept as
        a snapshot (rows and files, put back with restore()) and the shop is emptied again. Returns the snapshot
        and what ``build`` returned. For session and module fixtures, set up before a test's own."""
        if self.kept_for is not None:
            raise RuntimeError(f"the rows of {self.kept_for} are kept: cannot build a scene now")
        self.reset()
        with self.app.app_context():
            made = build()
        snapshot = self.snapshot()
        self.reset()
        return snapshot, made

    def snapshot(self) -> Snapshot:
        """What the shop holds now, to put back later with restore() (for a scene many tests start from)."""
        instance = Path(self.app.config["INSTANCE_DIR"])
        with self.app.app_context():
            db.session.remove()
            with db.engine.connect() as conn:
                rows = {table.name: [dict(row._mapping) for row in conn.execute(select(table))]
                        for table in db.metadata.sorted_tables}
        keep = self._database_files()
        files = {str(path.relative_to(instance)): path.read_bytes() for path in sorted(instance.rglob("*"))
                 if path.is_file() and path.relative_to(instance).parts[0] not in keep}
        return Snapshot({name: table_rows for name, table_rows in rows.items() if table_rows}, files)

    def restore(self, snapshot: Snapshot) -> bool:
        """Put a snapshot's rows (same ids) and files back; False, changing nothing, where a fixture set up before
        made rows in one of its tables, or changed a setting or an extension (the embedder ...) the scene was
        built without: the caller then builds its scene instead."""
        if not self._is_as_built():
            return False
        instance = Path(self.app.config["INSTANCE_DIR"])
        tables = [table for table in db.metadata.sorted_tables if table.name in snapshot.rows]
        with self.app.app_context(), db.engine.begin() as conn:
            if any(conn.execute(select(func.count()).select_from(table)).scalar() for table in tables):
                return False
            for table in tables:
                conn.execute(table.insert(), snapshot.rows[table.name])
            if conn.dialect.name == "postgresql":
                _catch_up_sequences(conn, tables)
        for name, content in snapshot.files.items():
            path = instance / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        return True


def _catch_up_sequences(conn: Any, tables: list[Any]) -> None:
    """Rows inserted with their ids leave PostgreSQL's sequences behind; move each past its table's ids."""
    for table in tables:
        key = list(table.primary_key.columns)
        if len(key) != 1 or not key[0].autoincrement or not isinstance(key[0].type, Integer):
            continue
        sequence = func.pg_get_serial_sequence(table.name, key[0].name)
        highest = select(func.max(key[0])).scalar_subquery()
        conn.execute(select(func.setval(sequence, func.greatest(highest, func.nextval(sequence)))))
