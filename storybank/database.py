"""Engine set-up per database: SQLite pragmas and up-front write locks, kept out of services."""

from __future__ import annotations

from typing import Any

from flask import Flask, has_request_context, request
from sqlalchemy import Engine, event

# Requests with these methods only read; every other transaction may write.
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=30000",
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
    """Whether this unit of work may write: any non-GET request, and all command-line work."""
    if has_request_context():
        return request.method not in READ_ONLY_METHODS
    return True


def init_app(app: Flask) -> None:
    """Configure the engines Flask-SQLAlchemy created for this application."""
    from .extensions import db

    with app.app_context():
        for engine in db.engines.values():
            configure_engine(engine)
