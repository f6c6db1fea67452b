"""Engine set-up per database: errors that quote no stored values, SQLite pragmas and up-front
write locks, kept out of services."""

from __future__ import annotations

import re
import sqlite3
import sys
from typing import Any

from flask import g, has_app_context, has_request_context, request
from sqlalchemy import Engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import (
    DBAPIError,
    DisconnectionError,
    InterfaceError,
    OperationalError,
    StatementError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout
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
    """Attach the per-dialect behaviour to an engine: errors that quote no values, and SQLite's
    pragmas, write locks and connections given up when their file fails them."""
    event.listen(engine, "handle_error", _withhold_values)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        event.listen(engine, "handle_error", _sqlite_connection_lost)


def _withhold_values(context: ExceptionContext) -> None:
    """Rewrite a failed statement's errors so that they quote none of the values written: those
    are stories, names and places, and an error ends up in logs and reports. The engine already
    hides the statement's parameters (`hide_parameters`); this also removes what the database
    itself quotes (PostgreSQL's "DETAIL: Failing row contains (…)"). The exceptions keep their
    types, `orig` and psycopg's `diag`, so code that inspects them still can."""
    withhold_values(context.original_exception)
    if context.sqlalchemy_exception is not None:
        withhold_values(context.sqlalchemy_exception)


def withhold_values(error: BaseException) -> None:
    """Replace the message of a statement's error (and of the driver error inside it) with
    `describe_database_error()`; drop the parameters a `StatementError` keeps."""
    if isinstance(error, StatementError):
        if error.orig is not None:
            withhold_values(error.orig)
            error.args = (statement_error_message(error),)
        error.params = None
    elif isinstance(error, Exception):  # KeyboardInterrupt and the like pass through untouched
        error.args = (describe_database_error(error),)


def statement_error_message(error: StatementError) -> str:
    """The first line of a `StatementError`, as SQLAlchemy writes it, from the safe description
    of the error inside it."""
    inner = error.orig
    if inner is None:
        return str(error.args[0]) if error.args else type(error).__name__
    kind = type(inner)
    return f"({kind.__module__}.{kind.__qualname__}) {describe_database_error(inner)}"


# SQLSTATE class 22, data exceptions: PostgreSQL's message quotes the value it refused
# ('invalid input syntax for type integer: "…"').
_QUOTING_SQLSTATE_CLASSES = ("22",)
WITHHELD = "message withheld: it may quote a value"
_QUOTED = re.compile(r'"[^"]*"')


def describe_database_error(error: BaseException) -> str:
    """What a database error says, without any value from the rows or parameters involved:
    PostgreSQL's main message (it names constraints, tables and columns) without its DETAIL,
    CONTEXT or HINT; SQLite's message (which names constraints and columns, not values); for
    any other exception met while running a statement, its type only."""
    if not is_database_error(error):
        return f"{type(error).__name__} ({WITHHELD})"
    diag = getattr(error, "diag", None)
    sqlstate = getattr(error, "sqlstate", None)
    if diag is not None and sqlstate:  # an error the PostgreSQL server sent
        primary = diag.message_primary
        if not primary or sqlstate.startswith(_QUOTING_SQLSTATE_CLASSES):
            primary = f"{type(error).__name__} ({WITHHELD})"
        names = "".join(
            f", {what} {value}"
            for what, value in (
                ("constraint", diag.constraint_name),
                ("table", diag.table_name),
                ("column", diag.column_name),
            )
            if value
        )
        return f"{primary} [SQLSTATE {sqlstate}{names}]"
    text = str(error).split("\n", 1)[0]
    # The sqlite3 module quotes text it cannot decode ("Could not decode to UTF-8 column 'x'
    # with text '…'"), and FTS5 quotes the search it could not parse.
    text = text.split(" with text ", 1)[0]
    if text.startswith("fts5:"):
        text = _QUOTED.sub('"…"', text)
    return text


def is_database_error(error: BaseException) -> bool:
    """Whether `error` comes from a database driver (sqlite3, or psycopg once it is loaded)."""
    drivers: list[type[BaseException]] = [sqlite3.Error]
    psycopg = sys.modules.get("psycopg")
    if psycopg is not None:
        drivers.append(psycopg.Error)
    return isinstance(error, tuple(drivers))


# ---------------------------------------------------------------------------------------------
# A database that is away: the errors that say so, and connections given up after them

# SQLite's primary result codes (the low byte of an extended code).
SQLITE_ERROR = 1
SQLITE_IOERR = 10
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26
# The file failed the connection itself: a new connection may find it well again.
_SQLITE_CONNECTION_FAILED = frozenset({SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_NOTADB})
_SQLITE_CLOSED = "Cannot operate on a closed database"


def is_unavailable(error: BaseException | None) -> bool:
    """Whether `error` says the database cannot be reached or used just now, so that the same
    request may succeed a little later: a server that is down or restarting, a connection lost,
    a pool with no connection to give, a SQLite file that cannot be opened or read, a lock not
    granted in time. Integrity, data and programming errors are bugs, not outages (and so is a
    statement SQLite could not prepare, which it also reports as an "operational" error)."""
    if error is None:
        return False
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, (DisconnectionError, PoolTimeout)):
        return True
    if isinstance(error, (OperationalError, InterfaceError)):
        # Errors SQLAlchemy raises itself (a refused connection) carry no driver error.
        return error.orig is None or _driver_unavailable(error.orig)
    return _driver_unavailable(error)


def _driver_unavailable(error: BaseException) -> bool:
    """`is_unavailable()` for an error raised by a driver, as code using a raw connection
    meets it (sqlite3, or psycopg once it is loaded)."""
    if isinstance(error, sqlite3.OperationalError):
        code = getattr(error, "sqlite_errorcode", None)
        return code is None or code & 0xFF != SQLITE_ERROR
    if isinstance(error, sqlite3.ProgrammingError):
        return _SQLITE_CLOSED in str(error)
    psycopg = sys.modules.get("psycopg")
    return psycopg is not None and isinstance(
        error, (psycopg.OperationalError, psycopg.InterfaceError)
    )


def _sqlite_connection_lost(context: ExceptionContext) -> None:
    # SQLAlchemy gives up a connection (and every older one in the pool) only when it knows the
    # error as a disconnection; a SQLite file that failed the connection is one too.
    code = getattr(context.original_exception, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in _SQLITE_CONNECTION_FAILED:
        context.is_disconnect = True


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


def close_session(_error: BaseException | None = None) -> None:
    """End the request's session. Its connection may have died with the server after the answer
    was made (PostgreSQL restarting): the rollback that closing it runs then fails, outside every
    error handler, and would turn an answer already made into a bare 500. The session is
    dropped instead; the pool has discarded its connection."""
    from ..extensions import db

    try:
        db.session.remove()
    except Exception as error:
        if not is_unavailable(error):
            raise
        db.session.registry.clear()


def release_erased_pages() -> None:
    """After erasing a story, move SQLite's write-ahead log into the database file, where
    `secure_delete` has zeroed the freed pages, and empty the log (best effort: a reader that
    holds an old snapshot keeps the log until it finishes, and the next erasure retries)."""
    from ..extensions import db

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
