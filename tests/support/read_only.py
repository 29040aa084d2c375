"""A database that answers but refuses every write, as one set read-only or a standby after a failover does."""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from sqlalchemy import event

from webapp.extensions import db


@contextlib.contextmanager
def database_refusing_writes() -> Iterator[None]:
    """Within the block every connection the app uses refuses writes; afterwards they write again.

    SQLite: PRAGMA query_only. PostgreSQL: default_transaction_read_only, what a read-only role or a
    hot standby gives (the same SQLSTATE 25006 on a write).
    """

    def refuse_writes(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        cursor = dbapi_connection.cursor()
        if engine.dialect.name == "postgresql":
            cursor.execute("SET default_transaction_read_only = on")
            dbapi_connection.commit()  # a SET in a transaction rolled back would be undone with it
        else:
            cursor.execute("PRAGMA query_only = ON")
        cursor.close()

    engine = db.engine
    event.listen(engine, "checkout", refuse_writes)
    _start_afresh()  # the connections held and pooled until now were writable
    try:
        yield
    finally:
        event.remove(engine, "checkout", refuse_writes)
        _start_afresh()  # the read-only ones are closed; the next ones write


def _start_afresh() -> None:
    """Hand back the session's connection (tests and their requests share one) and close every pooled one.

    A rollback, not remove(): the objects stay in the session (flask-login keeps the current user in g).
    """
    db.session.rollback()
    db.engine.dispose()
