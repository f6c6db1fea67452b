"""What is not a database outage: lost, refused and locked connections and an empty pool count
as the database being away (503); integrity, data and programming errors are bugs and stay the
500 page."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest
from outage_support import ko
from sqlalchemy import text
from sqlalchemy.exc import (
    DataError,
    DBAPIError,
    DisconnectionError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    ProgrammingError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout

from storybank.db.engines import is_unavailable
from storybank.extensions import db as _db


@pytest.mark.parametrize(
    ("error", "unavailable"),
    [
        (OperationalError("SELECT 1", {}, sqlite3.OperationalError("unable to open")), True),
        (InterfaceError("SELECT 1", {}, psycopg.InterfaceError("the connection is lost")), True),
        (psycopg.OperationalError("server closed the connection unexpectedly"), True),
        (psycopg.errors.AdminShutdown("terminating connection"), True),
        (psycopg.errors.UniqueViolation("duplicate key"), False),
        (DisconnectionError(), True),
        (PoolTimeout(), True),
        (sqlite3.OperationalError("database is locked"), True),
        (ProgrammingError("SELECT 1", {}, Exception("closed"), connection_invalidated=True), True),
        (sqlite3.ProgrammingError("Cannot operate on a closed database."), True),
        (IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed")), False),
        (DataError("INSERT", {}, Exception("value too long")), False),
        (ProgrammingError("SELECT", {}, Exception("syntax error")), False),
        (sqlite3.ProgrammingError("Incorrect number of bindings supplied."), False),
        (sqlite3.InterfaceError("Error binding parameter 1"), False),
        (RuntimeError("a bug"), False),
        (None, False),
    ],
)
def test_what_counts_as_the_database_being_away(error, unavailable):
    """Are lost connections, refused connections, an empty pool and locks counted as the
    database being away, and integrity, data and programming errors as bugs?"""
    assert is_unavailable(error) is unavailable


def test_a_statement_the_database_cannot_prepare_is_a_bug(app):
    """Is a missing table a bug, not an outage (SQLite reports it as an "operational" error)?"""
    with pytest.raises(DBAPIError) as raised:
        _db.session.execute(text("SELECT * FROM no_such_table"))
    _db.session.rollback()
    assert not is_unavailable(raised.value)


@pytest.mark.parametrize(
    "error",
    [
        IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed")),
        sqlite3.OperationalError("no such column: x"),
        RuntimeError("a bug"),
    ],
)
def test_bugs_are_still_the_500_page(app, error):
    """Does an error that is a bug still answer the 500 page (and not 503)?"""
    if isinstance(error, sqlite3.OperationalError):
        error.sqlite_errorcode = 1  # type: ignore[attr-defined]  # SQLITE_ERROR
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/<locale>/bug")
    def bug() -> str:
        raise error

    response = app.test_client().get("/ko/bug")
    assert response.status_code == 500
    assert "Retry-After" not in response.headers
    assert ko("Something went wrong on our side") in response.get_data(as_text=True)
