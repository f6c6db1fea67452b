"""Claim codes: the storyteller's private key to their story, stored only as a keyed hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import current_app

# Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand stays unambiguous.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS, GROUP_SIZE = 4, 4  # 16 characters × 5 bits = 80 random bits
# Letters people confuse with digits, read as the digits they resemble.
CONFUSABLES = str.maketrans({"I": "1", "L": "1", "O": "0"})


def generate() -> str:
    """A new code, grouped for reading aloud: `7Q2M-K9XD-4HRT-B6WN`."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_SIZE))
    return _grouped(raw)


def from_submission(submission_key: str) -> str:
    """The code of the story sent with a form's idempotency key.

    The same form sent twice (a double click, a retry after a time-out) gets the same code, so
    the receipt can be shown again; without the secret key the code cannot be derived.
    """
    seed = hmac.new(_key(b"storybank code from submission"), submission_key.encode(), "sha256")
    number = int.from_bytes(seed.digest()[:10], "big")  # 80 bits
    raw = "".join(ALPHABET[(number >> (5 * i)) & 31] for i in range(GROUPS * GROUP_SIZE))
    return _grouped(raw)


def submission_digest(submission_key: str) -> str:
    """What is stored of a form's idempotency key: a keyed hash from which no code follows."""
    return hmac.new(
        _key(b"storybank submission key"), submission_key.encode(), hashlib.sha256
    ).hexdigest()


def _grouped(raw: str) -> str:
    return "-".join(raw[i : i + GROUP_SIZE] for i in range(0, len(raw), GROUP_SIZE))


def _key(purpose: bytes) -> bytes:
    return hmac.new(current_app.config["SECRET_KEY"].encode(), purpose, hashlib.sha256).digest()


def normalise(entered: str) -> str | None:
    """The code as typed, with case, spaces and dashes ignored; None if it cannot be a code."""
    cleaned = "".join(ch for ch in entered.upper() if not ch.isspace() and ch not in "-–—")
    cleaned = cleaned.translate(CONFUSABLES)
    if len(cleaned) != GROUPS * GROUP_SIZE or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def digest(code: str) -> str:
    """The keyed hash stored in place of the code."""
    normalised = normalise(code)
    if normalised is None:
        raise ValueError("not a claim code")
    key = _key(b"storybank claim code")
    return hmac.new(key, normalised.encode("ascii"), hashlib.sha256).hexdigest()
