"""Logging that never records a visitor's address or user agent, never quotes what was written
to the database, and cannot be made to forge a line."""

from __future__ import annotations

import logging
import re
import traceback
from types import TracebackType
from typing import Any

from flask import Flask

# Werkzeug's development server starts each request line with the client address.
_ADDRESS_PREFIX = re.compile(r"^\S+ - - \[")
# Addresses that servers put inside error messages ("Invalid request from ip=...").
_ADDRESSES = re.compile(
    r"\bip=\S+|\b(?:\d{1,3}\.){3}\d{1,3}\b|\b(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{0,4}\b"
)
# The servers' start-up notices name the address they listen on, which belongs to no visitor.
_LISTENING_NOTICES = re.compile(r"Listening at: |Running on |Serving on ")

# C0 and C1 controls and DEL, and the two Unicode separators that some viewers also break lines
# at: a request path can carry any of them (%0A), and one of them is enough to start a forged
# line in the log.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED_CONTROLS = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# The colours Werkzeug's development server adds to its request lines for a terminal.
_TERMINAL_COLOURS = re.compile(r"\x1b\[[0-9;]*m")

# How SQLAlchemy logs a row it read.
_SQLALCHEMY_ROW = "Row %r"
# Set on a record once scrubbed, so that a record passing two scrubbers is changed once.
_SCRUBBED = "storybank_scrubbed"


def escape_controls(text: str) -> str:
    """`text` on one line: control characters written as `\\n`, `\\r`, `\\t`, `\\x00`, `\\u2028`."""

    def escaped(match: re.Match[str]) -> str:
        char = match.group()
        code = ord(char)
        return _NAMED_CONTROLS.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")

    return _CONTROLS.sub(escaped, text)


def remove_addresses(message: str) -> str:
    if _ADDRESS_PREFIX.match(message):
        return _ADDRESS_PREFIX.sub("- - - [", message, count=1)
    if _LISTENING_NOTICES.search(message):
        return message
    return _ADDRESSES.sub("[address removed]", message)


ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def format_exception(exc_info: ExcInfo | tuple[None, None, None]) -> str:
    """A traceback as Python prints it, except that each exception's message is on one line
    (escaped) and database errors are described without the values they would quote."""
    from sqlalchemy.exc import StatementError

    from .db.engines import describe_database_error, is_database_error, statement_error_message

    error = exc_info[1]
    if error is None:
        return ""
    # Errors raised inside a statement (a driver's, or one from converting a value) may quote
    # the values being written, whichever engine ran it.
    inside_statements: set[int] = set()
    seen: set[int] = set()

    def message(exc: BaseException) -> str:
        if isinstance(exc, StatementError):
            text = statement_error_message(exc)
            if exc.statement:
                text += f" [SQL: {exc.statement}]"
            return text
        if id(exc) in inside_statements or is_database_error(exc):
            return describe_database_error(exc)
        try:
            return str(exc)
        except Exception:  # a broken __str__ must not lose the log line
            return f"<{type(exc).__name__} whose message cannot be shown>"

    def lines(exc: BaseException) -> list[str]:
        seen.add(id(exc))
        if isinstance(exc, StatementError) and exc.orig is not None:
            inside_statements.add(id(exc.orig))
        out: list[str] = []
        if exc.__cause__ is not None and id(exc.__cause__) not in seen:
            out += lines(exc.__cause__)
            out.append("\nThe above exception was the direct cause of the following exception:\n\n")
        elif (
            exc.__context__ is not None
            and not exc.__suppress_context__
            and id(exc.__context__) not in seen
        ):
            out += lines(exc.__context__)
            out.append("\nDuring handling of the above exception, another exception occurred:\n\n")
        if exc.__traceback__ is not None:
            out.append("Traceback (most recent call last):\n")
            out += traceback.format_tb(exc.__traceback__)
        kind = type(exc)
        name = kind.__qualname__
        if kind.__module__ not in ("builtins", "__main__"):
            name = f"{kind.__module__}.{name}"
        text = escape_controls(message(exc))
        out.append(f"{name}: {text}\n" if text else f"{name}\n")
        for number, inner in enumerate(getattr(exc, "exceptions", None) or (), start=1):
            if isinstance(inner, BaseException) and id(inner) not in seen:
                out.append(f"+-- sub-exception {number} of {name}:\n")
                out += lines(inner)
        return out

    return "".join(lines(error)).rstrip("\n")


def _from_wsgi(message: str) -> str:
    """A line built from WSGI strings (the path's bytes read as Latin-1) as the UTF-8 the
    visitor sent, so that a line separator hidden in those bytes is seen, and escaped."""
    try:
        return message.encode("latin-1").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return message


def scrub(record: logging.LogRecord) -> None:
    """Make a log record safe to write: no visitor's address, no row read from the database,
    every control character escaped (a record is one line, plus its traceback), and its
    exception rendered by `format_exception`. The raw exception is dropped, so no later
    formatter renders it again."""
    if getattr(record, _SCRUBBED, False):
        return
    if record.msg == _SQLALCHEMY_ROW and record.name.startswith("sqlalchemy.engine"):
        # With its logger at DEBUG, SQLAlchemy logs every row it reads: rows are stories.
        # (Statements are logged with their parameters hidden by the engines' settings.)
        record.msg, record.args = "Row (values withheld)", ()
    try:
        message = record.getMessage()
    except Exception:  # a bad format string is the handler's to report
        return
    if record.name == "werkzeug":
        message = _TERMINAL_COLOURS.sub("", message)
    elif record.name == "gunicorn.access":
        message = _from_wsgi(message)
    record.msg, record.args = escape_controls(remove_addresses(message)), ()
    if record.exc_info and not record.exc_text:
        record.exc_text = format_exception(record.exc_info)
    record.exc_info = None
    setattr(record, _SCRUBBED, True)


class LogScrubber(logging.Filter):
    """`scrub()` as a logging filter, for handlers configured outside the application (the
    gunicorn master's logs, in gunicorn.conf.py)."""

    def filter(self, record: logging.LogRecord) -> bool:
        scrub(record)
        return True


def install_record_scrubbing() -> None:
    """Scrub every log record the process creates, whatever its logger or handler: the
    application's, Werkzeug's and gunicorn's, SQLAlchemy's and those of any other library."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, _SCRUBBED, False):
        return

    def scrubbed_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        scrub(record)
        return record

    setattr(scrubbed_record, _SCRUBBED, True)
    logging.setLogRecordFactory(scrubbed_record)


def init_app(app: Flask) -> None:
    install_record_scrubbing()
    if not app.debug and not app.testing:
        app.logger.setLevel(logging.INFO)
