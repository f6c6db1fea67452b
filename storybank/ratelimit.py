"""Rate-limit keys that never hold a visitor's address: a keyed hash with a rotating key."""

from __future__ import annotations

import hashlib
import hmac
import time

from flask import current_app, request

# The key changes every day, so a stored rate-limit entry cannot be linked to an address later.
ROTATION_SECONDS = 24 * 60 * 60


def _period_key(secret: str, period: int) -> bytes:
    """Derive the hashing key of one rotation period from the application secret, in memory only."""
    return hmac.new(secret.encode(), f"ratelimit:{period}".encode(), hashlib.sha256).digest()


def client_address() -> str:
    """The visitor's address as the app sees it (proxy headers are trusted only if configured)."""
    return request.remote_addr or "unknown"


def keyed_hash(value: str) -> str:
    """A keyed hash of `value` under this period's key; identical across workers."""
    period = int(time.time()) // ROTATION_SECONDS
    key = _period_key(current_app.config["SECRET_KEY"], period)
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:32]


def rate_limit_key() -> str:
    """A keyed hash of the client address; never reversible."""
    return keyed_hash(client_address())
