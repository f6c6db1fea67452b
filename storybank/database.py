"""Engine set-up per database: SQLite pragmas and up-front write locks, kept out of services."""

from __future__ import annotations

from typing import Any

from flask import Flask, g, has_app_context, has_request_context, request
from sqlalchemy import Engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, scoped_session

# Requests with these methods only read; every other transaction may write.
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

BUSY_TIMEOUT_MS = 30_000
CHECKPOINT_WAIT_MS = 250

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
    # Erased stories are overwritten with zeros, not just unlinked, in the database file.
    "PRAGMA secure_delete=ON",
)


def configure_engine(engine: Engine) -> None:
    """Attach the per-dialect behaviour to an engine (only SQLite needs any)."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def _sqlite_on_begin(connection: Any) -> None:
    # A transaction that may write takes the write lock at BEGIN, so concurrent writers queue on
    # the busy timeout instead of failing with "database is locked" when a read lock is upgraded.
    if wants_write_lock():
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


def wants_write_lock() -> bool:
    """Whether this unit of work may write: any non-GET request, and all command-line work
    (unless its application context declares that it only reads, with `g.reads_only`)."""
    if has_request_context():
        return request.method not in READ_ONLY_METHODS
    return not (has_app_context() and g.get("reads_only", False))


def upsert(
    session: Session | scoped_session[Any],
    model: Any,
    values: dict[str, Any],
    key: str,
    on_conflict: dict[str, Any],
) -> None:
    """Insert a row, or update the one with the same `key`, in a single statement, so that two
    transactions creating the same row at once both succeed (SQLite and PostgreSQL share the
    `ON CONFLICT ... DO UPDATE` form)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(model).values(**values)
    session.execute(statement.on_conflict_do_update(index_elements=[key], set_=on_conflict))


def init_app(app: Flask) -> None:
    """Configure the engines Flask-SQLAlchemy created for this application."""
    from .extensions import db
    from .services import editions, state_counts

    with app.app_context():
        for engine in db.engines.values():
            configure_engine(engine)
    editions.init_app()
    state_counts.init_app()


def release_erased_pages() -> None:
    """After erasing a story, move SQLite's write-ahead log into the database file, where
    `secure_delete` has zeroed the freed pages, and empty the log (best effort: a reader that
    holds an old snapshot keeps the log until it finishes, and the next erasure retries)."""
    from .extensions import db

    if db.engine.dialect.name != "sqlite":
        return
    # A raw connection: the checkpoint must run outside any transaction. It waits only briefly
    # for readers, so a busy site never makes the storyteller wait.
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(f"PRAGMA busy_timeout={CHECKPOINT_WAIT_MS}")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()
    finally:
        raw.close()
