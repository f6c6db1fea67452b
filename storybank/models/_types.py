"""Column types and helpers shared by the model modules."""

from __future__ import annotations

import enum
import secrets
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Enum, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

CROCKFORD_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def new_public_id() -> str:
    """A random, unguessable, URL-friendly identifier (80 bits, lower-case Crockford base32)."""
    return "".join(secrets.choice(CROCKFORD_ALPHABET) for _ in range(16))


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware, on every database."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; use an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def string_enum(enum_class: type[enum.StrEnum], name: str) -> Enum:
    """A string column limited to the enum's values by a named CHECK constraint."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        length=max(len(member.value) for member in enum_class),
        values_callable=lambda members: [member.value for member in members],
    )


class ScopeSet(TypeDecorator[frozenset[str]]):
    """A set of consent scopes stored as a sorted, space-separated string."""

    impl = String(120)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return " ".join(sorted({str(scope) for scope in value}))

    def process_result_value(self, value: Any, dialect: Dialect) -> frozenset[str] | None:
        if value is None:
            return None
        return frozenset(value.split())
