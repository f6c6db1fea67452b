"""Logs that cannot carry testimony: a failed database write quotes none of the story, and no
request can write a line of its own into any log."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import traceback

import pytest
from flask import current_app, request
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select, text
from sqlalchemy.exc import StatementError
from sqlalchemy.types import TypeDecorator
from test_config import ORGANISATION
from werkzeug.serving import make_server

from conftest import environ_for, shipped_gunicorn, story_fields
from storybank.logging import LogScrubber, escape_controls

# What a storyteller might write: the A-number is what must never reach a log.
SECRET = "A123456789"
SENTINEL = f"SENTINEL-{SECRET}"


def everything_logged(caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture) -> str:
    """Every record as formatted, every record's attributes, and all output to stdout/stderr."""
    out, err = capfd.readouterr()
    records = "\n".join(str(record.__dict__) for record in caplog.records)
    return "\n".join((caplog.text, records, out, err))


# ---------------------------------------------------------------------------------------------
# A failed write quotes nothing of what was written


@pytest.fixture
def refusing_database(app, db):
    """The database refuses any story that holds the sentinel, as a constraint would: SQLite
    with a trigger, PostgreSQL with a CHECK constraint (whose error quotes the whole row)."""
    sqlite = db.engine.dialect.name == "sqlite"
    with db.engine.begin() as connection:
        if sqlite:
            connection.execute(
                text(
                    "CREATE TRIGGER refuse_sentinel BEFORE INSERT ON stories "
                    "WHEN NEW.original_text LIKE '%SENTINEL-%' "
                    "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
                )
            )
        else:
            connection.execute(
                text(
                    "ALTER TABLE stories ADD CONSTRAINT refuse_sentinel "
                    "CHECK (original_text NOT LIKE '%SENTINEL-%')"
                )
            )
    yield
    db.session.remove()  # the test's own transaction must not hold the table
    with db.engine.begin() as connection:
        if sqlite:
            connection.execute(text("DROP TRIGGER refuse_sentinel"))
        else:
            connection.execute(text("ALTER TABLE stories DROP CONSTRAINT refuse_sentinel"))


def test_a_refused_story_leaves_no_word_of_it_in_any_log(
    app, share, refusing_database, caplog, capfd
):
    """A story whose text, title and city hold an A-number fails to be stored: the error is
    reported (a 500 and a traceback), but is the A-number in any log record or output?"""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    caplog.set_level(logging.DEBUG)
    fields = story_fields(
        title=f"Title {SENTINEL}", body=f"My A-number is {SENTINEL}.", city=f"Town {SENTINEL}"
    )
    answer = share(fields=fields)
    assert answer.status_code == 500
    logged = everything_logged(caplog, capfd)
    # The failure was reported, with its statement: the check is not vacuous.
    assert "Exception on /en/share [POST]" in logged
    assert "IntegrityError" in logged and "INSERT INTO stories" in logged
    assert SECRET not in logged


def scratch_table(dialect: str) -> str:
    """A table whose constraints the cases below break; SQLite's is STRICT about types."""
    columns = "body TEXT UNIQUE, short TEXT CHECK (length(short) < 8), n INTEGER"
    if dialect == "sqlite":
        return f"CREATE TEMP TABLE scratch ({columns}) STRICT"
    return f"CREATE TEMP TABLE scratch ({columns})"


class Picky(TypeDecorator[str]):
    """A column type whose conversion error quotes the value, as many do."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value, dialect):
        raise ValueError(f"cannot store {value!r}")


SCRATCH = Table(
    "scratch",
    MetaData(),
    Column("body", String),
    Column("short", Picky),
    Column("n", Integer),
)

# Each way a write can fail: the statement and the values (the sentinel is always among them).
FAILURES = {
    # PostgreSQL quotes the failing row in its DETAIL.
    "check constraint": ("INSERT INTO scratch (short) VALUES (:value)", SENTINEL),
    # PostgreSQL quotes the key: "Key (body)=(…) already exists."
    "unique constraint": ("INSERT INTO scratch (body) VALUES (:value)", SENTINEL),
    # PostgreSQL quotes the value it cannot read: 'invalid input syntax for type integer: "…"'.
    "wrong type": ("INSERT INTO scratch (n) VALUES (:value)", SENTINEL),
    # PostgreSQL's driver refuses text with a NUL byte; SQLite stores it, then the check fails.
    "NUL byte": ("INSERT INTO scratch (short) VALUES (:value)", f"{SENTINEL}\x00"),
}


@pytest.mark.parametrize("case", [*FAILURES, "value conversion"])
def test_a_failed_statement_quotes_no_value(app, db, caplog, capfd, case):
    """Run straight through the application's engine, does any failing statement — whatever
    the database says about it — leave the value out of the exception, of Python's own
    rendering of it, and of the log?"""
    caplog.set_level(logging.DEBUG)
    with db.engine.connect() as connection:
        connection.execute(text(scratch_table(db.engine.dialect.name)))
        with pytest.raises(StatementError) as failed:
            if case == "value conversion":
                connection.execute(insert(SCRATCH).values(short=SENTINEL))
            else:
                statement, value = FAILURES[case]
                if case == "unique constraint":
                    connection.execute(text(statement), {"value": value})
                connection.execute(text(statement), {"value": value})
        try:
            raise RuntimeError("storing failed") from failed.value
        except RuntimeError:
            current_app.logger.exception("a write failed")
            logging.getLogger("some.library").exception("a write failed")
    error = failed.value
    rendered = "".join(traceback.format_exception(error))
    for view in (str(error), repr(error), str(error.orig), repr(error.orig), rendered):
        assert SECRET not in view, view
    assert error.params is None
    logged = everything_logged(caplog, capfd)
    assert "a write failed" in logged and "INSERT INTO scratch" in logged
    assert type(error).__name__ in logged and type(error.orig).__name__ in logged
    assert SECRET not in logged


def test_the_database_error_still_names_the_constraint(app, db):
    """Is what is left enough to find the fault: the constraint, without the row?"""
    with db.engine.connect() as connection:
        connection.execute(text(scratch_table(db.engine.dialect.name)))
        with pytest.raises(StatementError) as failed:
            connection.execute(text(FAILURES["check constraint"][0]), {"value": SENTINEL})
    message = str(failed.value)
    assert "INSERT INTO scratch" in message
    assert "check constraint" in message.lower() or "CHECK constraint failed" in message


def test_no_value_or_row_is_logged_at_debug(app, db, caplog, capfd):
    """With every logger turned up to DEBUG, SQLAlchemy's included (it then logs each statement
    with its parameters, and each row it reads), does writing and reading a story log none of
    it?"""
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="sqlalchemy.engine")
    with db.engine.connect() as connection:
        connection.execute(text(scratch_table(db.engine.dialect.name)))
        connection.execute(text("INSERT INTO scratch (body) VALUES (:value)"), {"value": SENTINEL})
        assert connection.execute(select(SCRATCH.c.body)).scalar_one() == SENTINEL
    logged = everything_logged(caplog, capfd)
    assert "INSERT INTO scratch" in logged and "Row (values withheld)" in logged
    assert SECRET not in logged


# ---------------------------------------------------------------------------------------------
# Control characters


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("plain 가족 text", "plain 가족 text"),
        ("a\nb", "a\\nb"),
        ("a\r\nb", "a\\r\\nb"),
        ("tab\there", "tab\\there"),
        ("nul\x00", "nul\\x00"),
        ("escape\x1b[31m", "escape\\x1b[31m"),
        ("del\x7f c1\x85\x9b", "del\\x7f c1\\x85\\x9b"),
        ("line\u2028para\u2029", "line\\u2028para\\u2029"),
    ],
)
def test_control_characters_are_escaped(raw, escaped):
    assert escape_controls(raw) == escaped


FORGED = '"GET /moderate/admin/users HTTP/1.1" 200 512 3ms'


@pytest.mark.parametrize(
    "logger", ["storybank", "storybank.services", "werkzeug", "gunicorn.error", "some.library"]
)
def test_every_logger_writes_one_line_per_record(app, caplog, logger):
    """Whatever logger a message goes through, is a newline in it (or in its exception)
    escaped, so the record stays one line plus its traceback?"""
    caplog.set_level(logging.DEBUG)
    try:
        raise ValueError(f"bad\n{FORGED}")
    except ValueError:
        logging.getLogger(logger).exception("path %s", f"/en/x\r\n{FORGED}\x00")
    [record] = [r for r in caplog.records if r.name == logger]
    lines = caplog.text.splitlines()
    assert not any(line.startswith(FORGED) for line in lines), caplog.text
    assert f"path /en/x\\r\\n{FORGED}\\x00" in record.getMessage()
    assert f"ValueError: bad\\n{FORGED}" in lines


def test_the_gunicorn_filter_scrubs_records_made_before_the_application(caplog):
    """gunicorn's master logs before any application exists: does its configured filter
    escape and remove addresses on its own?"""
    record = logging.LogRecord(
        "gunicorn.error",
        logging.WARNING,
        __file__,
        1,
        "from ip=%s: %s",
        ("2001:db8::1", "a\nb"),
        None,
    )
    LogScrubber().filter(record)
    assert record.getMessage() == "from [address removed] a\\nb"


def test_an_error_on_a_forged_path_is_logged_on_one_line(app, caplog):
    """Is Flask's report of an error, which names the path, kept on one line?"""
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.before_request
    def broken() -> None:
        # Before routing refuses it: no route matches a path with a newline.
        if request.path.startswith("/en/broken/"):
            raise RuntimeError("a bug")

    caplog.set_level(logging.DEBUG)
    assert app.test_client().get("/en/broken/x%0A%22GET%20/moderate%22").status_code == 500
    assert 'Exception on /en/broken/x\\n"GET /moderate" [GET]' in caplog.text
    assert not any(line.startswith('"GET /moderate') for line in caplog.text.splitlines())


def raw_request(port: int, path: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


# A path that writes a whole forged access-log line, and one with other line breaks.
FORGED_PATH = b"/en/x%0A%22GET%20/moderate/admin/users%20HTTP/1.1%22%20200%20512%203ms%0D%00end"
SEPARATORS_PATH = b"/en/y%E2%80%A8sep%C2%85nel%1B%5B2J"


def test_the_development_server_writes_one_line_per_request(app, caplog):
    """Does Werkzeug's development server log a forged path on its request's line, without
    terminal colours?"""
    caplog.set_level(logging.INFO)
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.handle_request)
    thread.start()
    try:
        assert raw_request(server.port, FORGED_PATH).split(b" ", 2)[1] == b"404"
    finally:
        thread.join(timeout=30)
        server.server_close()
    # Werkzeug logs the path as sent, still percent-encoded, and escapes what it decodes.
    [line] = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    assert "/en/x%0A" in line and "/moderate/admin/users" in line
    assert "\x1b" not in line and "\\x1b" not in line  # no terminal colours, raw or escaped
    assert len(caplog.text.splitlines()) == 1


# ---------------------------------------------------------------------------------------------
# gunicorn with the shipped configuration


@pytest.fixture
def production_gunicorn(tmp_path, database_url):
    """storybank in production under the shipped gunicorn.conf.py; its output in a file."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("STORYBANK_")}
    environ.update(environ_for(database_url, STORYBANK_ENV="production", **ORGANISATION))
    log_path = tmp_path / "gunicorn.log"
    with shipped_gunicorn(environ, log_path) as port:
        yield port, log_path


def test_gunicorn_writes_one_access_line_per_request(production_gunicorn):
    """Under the shipped configuration, does a path holding %0A, %0D, %00, other line breaks
    and a whole forged request stay on its own request's line, escaped?"""
    port, log_path = production_gunicorn
    paths = (FORGED_PATH, SEPARATORS_PATH, b"/en/")
    answers = [raw_request(port, path) for path in paths]
    assert [answer.split(b" ", 2)[1] for answer in answers] == [b"404", b"404", b"200"]
    assert b"Strict-Transport-Security: max-age=31536000; includeSubDomains" in answers[2]
    log, access = "", []
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and len(access) < len(paths):
        time.sleep(0.1)  # the server writes its lines after answering
        log = log_path.read_text(encoding="utf-8", errors="replace")
        access = [line for line in log.splitlines() if line.startswith('"GET ')]
    assert len(access) == len(paths), log
    forged, separators, home = access
    # gunicorn escapes the quotes; the control characters are escaped by the scrubber.
    assert forged.startswith(
        '"GET /en/x\\n\\"GET /moderate/admin/users HTTP/1.1\\" 200 512 3ms\\r\\x00end" 404 '
    ), forged
    assert separators.startswith('"GET /en/y\\u2028sep\\x85nel\\x1b[2J" 404 '), separators
    assert home.startswith('"GET /en/" 200 ')
    assert "\x00" not in log and "\x1b" not in log and "\u2028" not in log and "\x85" not in log
