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
    return "-".join(raw[i : i + GROUP_SIZE] for i in range(0, len(raw), GROUP_SIZE))


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
    key = hmac.new(
        current_app.config["SECRET_KEY"].encode(), b"storybank claim code", hashlib.sha256
    ).digest()
    return hmac.new(key, normalised.encode("ascii"), hashlib.sha256).hexdigest()
