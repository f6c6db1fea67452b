"""Logging that never records a visitor's address or user agent."""

from __future__ import annotations

import logging
import re

from flask import Flask

# Werkzeug's development server starts each request line with the client address.
_ADDRESS_PREFIX = re.compile(r"^\S+ - - \[")
# Addresses that servers put inside error messages ("Invalid request from ip=...").
_ADDRESSES = re.compile(
    r"\bip=\S+|\b(?:\d{1,3}\.){3}\d{1,3}\b|\b(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{0,4}\b"
)
# The servers' start-up notices name the address they listen on, which belongs to no visitor.
_LISTENING_NOTICES = re.compile(r"Listening at: |Running on |Serving on ")


class AddressScrubber(logging.Filter):
    """Removes client addresses from server log records before any handler sees them."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _ADDRESS_PREFIX.match(message):
            message = _ADDRESS_PREFIX.sub("- - - [", message, count=1)
        elif not _LISTENING_NOTICES.search(message):
            message = _ADDRESSES.sub("[address removed]", message)
        record.msg, record.args = message, ()
        return True


def init_app(app: Flask) -> None:
    scrubber = AddressScrubber()
    for name in ("werkzeug", "gunicorn.access", "gunicorn.error", "flask-limiter"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, AddressScrubber) for f in logger.filters):
            logger.addFilter(scrubber)
    if not app.debug and not app.testing:
        app.logger.setLevel(logging.INFO)
