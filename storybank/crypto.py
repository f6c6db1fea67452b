"""Encryption at rest for personal details: MultiFernet over STORYBANK_ENCRYPTION_KEYS."""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import Flask, current_app
from sqlalchemy import Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

EXTENSION_KEY = "storybank.crypto"


class DecryptionError(RuntimeError):
    """Stored ciphertext could not be decrypted with any configured key."""


class Vault:
    """Encrypts with the first configured key; decrypts with any of them."""

    def __init__(self, keys: tuple[str, ...]) -> None:
        if not keys:
            raise ValueError("at least one encryption key is required")
        self._fernet = MultiFernet([Fernet(key.encode()) for key in keys])

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeEncodeError) as exc:
            raise DecryptionError("no configured key decrypts this value") from exc

    def rotate(self, token: str) -> str:
        """Re-encrypt a value under the newest key."""
        try:
            return self._fernet.rotate(token.encode("ascii")).decode("ascii")
        except (InvalidToken, UnicodeEncodeError) as exc:
            raise DecryptionError("no configured key decrypts this value") from exc


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = Vault(tuple(app.config["STORYBANK_ENCRYPTION_KEYS"]))


def vault() -> Vault:
    """The current application's vault."""
    vault: Vault = current_app.extensions[EXTENSION_KEY]
    return vault


class EncryptedText(TypeDecorator[str]):
    """A text column stored as authenticated ciphertext; empty and missing values stay NULL."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None or value == "":
            return None
        return vault().encrypt(str(value))

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return vault().decrypt(value)
