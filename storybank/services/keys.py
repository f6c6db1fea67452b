"""Encryption key rotation: re-encrypt every stored secret under the newest configured key."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column, Table, Text, bindparam, select, type_coerce, update

from ..crypto import DecryptionError, EncryptedText, vault
from ..extensions import db
from . import audit

DEFAULT_BATCH_SIZE = 500


@dataclass
class ColumnCounts:
    """What rotation did to one encrypted column."""

    rotated: int = 0
    undecryptable: int = 0


@dataclass
class RotationResult:
    """Counts per `table.column`, in table dependency order; never any values."""

    columns: dict[str, ColumnCounts] = field(default_factory=dict)

    @property
    def rotated(self) -> int:
        return sum(counts.rotated for counts in self.columns.values())

    @property
    def undecryptable(self) -> int:
        return sum(counts.undecryptable for counts in self.columns.values())

    def note(self) -> str:
        """A summary for the audit trail: counts only."""
        per_column = ", ".join(
            f"{name} {counts.rotated}/{counts.undecryptable}"
            for name, counts in self.columns.items()
        )
        return (
            f"rotated={self.rotated}; undecryptable={self.undecryptable}; "
            f"per column rotated/undecryptable: {per_column}"
        )


def encrypted_columns() -> Iterator[tuple[Table, Column[Any]]]:
    """Every EncryptedText column of every table, so new encrypted columns are never missed."""
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, EncryptedText):
                yield table, column


def rotate_encryption_keys(batch_size: int = DEFAULT_BATCH_SIZE) -> RotationResult:
    """Re-encrypt every stored encrypted value under the newest key; the caller commits."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    result = RotationResult()
    for table, column in encrypted_columns():
        result.columns[f"{table.name}.{column.name}"] = _rotate_column(table, column, batch_size)
    audit.record("keys.rotated", note=result.note())
    return result


def _rotate_column(table: Table, column: Column[Any], batch_size: int) -> ColumnCounts:
    primary_key = _single_primary_key(table)
    # Text-typed expressions keep EncryptedText's bind and result processing out of the way:
    # ciphertext goes in and out as it is, and plaintext exists only inside Fernet's rotate.
    raw = type_coerce(column, Text)
    fetch = (
        select(primary_key, raw)
        .where(column.is_not(None))
        .order_by(primary_key)
        .limit(batch_size)
        # PostgreSQL: lock the batch so a concurrent edit cannot be overwritten by the rotated
        # copy of its older value. SQLite already holds the write lock (BEGIN IMMEDIATE).
        .with_for_update()
    )
    # Setting columns with an onupdate default to themselves keeps, e.g., stories.updated_at:
    # a new ciphertext of the same value is not an edit.
    unchanged = {c.name: c for c in table.columns if c.onupdate is not None}
    store = (
        update(table)
        .where(primary_key == bindparam("row_key"))
        .values({**unchanged, column.name: bindparam("token", type_=Text())})
    )
    current_vault = vault()
    counts = ColumnCounts()
    last_key: Any = None
    while True:
        batch = fetch if last_key is None else fetch.where(primary_key > last_key)
        rows = db.session.execute(batch).all()
        if not rows:
            break
        rotated: list[dict[str, Any]] = []
        for row_key, token in rows:
            try:
                rotated.append({"row_key": row_key, "token": current_vault.rotate(token)})
            except (DecryptionError, UnicodeError):
                # No configured key opens it (or it is not a token at all): keep it as it is,
                # so a key that was removed too early can still be put back to recover it.
                counts.undecryptable += 1
        if rotated:
            db.session.execute(store, rotated)
            counts.rotated += len(rotated)
        last_key = rows[-1][0]
    return counts


def _single_primary_key(table: Table) -> Column[Any]:
    # Batches are paged by primary key, which needs one orderable key column.
    columns = list(table.primary_key.columns)
    if len(columns) != 1:
        raise RuntimeError(f"{table.name} needs a single-column primary key for key rotation")
    return columns[0]
