"""The withdrawal ledger: one line per withdrawal, the public id and the date, which is all a
tombstone holds.

It lives outside the database (`STORYBANK_WITHDRAWAL_LEDGER`, ideally on the disk that holds the
backups), so that a restore of an older backup can take back every story withdrawn since. Each
withdrawal is appended and flushed to disk *before* the database commits it: a withdrawal can
never be in the database and missing here, and one that failed to commit is still honoured by the
next restore, as the storyteller asked.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

FIRST_LINE = "# storybank withdrawal ledger: the date and public id of every withdrawn story\n"
_ENTRY = re.compile(
    r"(?P<at>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?Z) (?P<id>[A-Za-z0-9_-]{4,64})"
)


class LedgerError(Exception):
    """The ledger cannot be written or read; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Withdrawal:
    public_id: str
    withdrawn_at: datetime


@dataclass(frozen=True)
class Ledger:
    """What the ledger files hold: each story's first withdrawal, and whether a last line was
    found cut short (a crash while it was written: that withdrawal never committed)."""

    withdrawals: tuple[Withdrawal, ...]
    torn_lines: int


def _format(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def append(path: Path, public_id: str, withdrawn_at: datetime) -> None:
    """Add one withdrawal and wait until it is on disk (one `write` to a file opened for
    appending: lines from several workers never interleave)."""
    _write(path, f"{_format(withdrawn_at)} {public_id}\n".encode())


def check_writable(path: Path) -> None:
    """Refuse a ledger path the application could not append to (creating an empty ledger)."""
    _write(path, b"")


def _write(path: Path, line: bytes) -> None:
    """Append `line` to the ledger (a new ledger starts with its first line) and flush it to
    disk, with the folder's entry when the file is new."""
    try:
        created = not path.exists()
        if created:
            path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            if os.fstat(fd).st_size == 0:
                line = FIRST_LINE.encode() + line
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
        if created:
            _sync_directory(path.parent)
    except OSError as exc:
        raise LedgerError(f"cannot write the withdrawal ledger {path}: {exc.strerror}") from exc


def _sync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read(paths: Iterable[Path]) -> Ledger:
    """Every withdrawal in the given ledgers (one file per host, if hosts keep their own), the
    earliest date for each story. A damaged line refuses the whole read, naming it; only a last
    line without its newline (a write cut off by a crash) is set aside."""
    first: dict[str, datetime] = {}
    torn = 0
    for path in paths:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise LedgerError(f"cannot read the withdrawal ledger {path}: {exc.strerror}") from exc
        try:
            text = raw.decode("ascii")
        except UnicodeDecodeError as exc:
            raise LedgerError(f"{path} is not a withdrawal ledger.") from exc
        lines = text.split("\n")
        if lines and lines[-1]:
            torn += 1  # no newline yet: the write of this line never finished
        for number, line in enumerate(lines[:-1], start=1):
            if not line or line.startswith("#"):
                continue
            match = _ENTRY.fullmatch(line)
            if match is None:
                raise LedgerError(
                    f"{path}, line {number}, is not a withdrawal (date and public id); "
                    "the ledger may have been damaged or edited."
                )
            when = datetime.fromisoformat(match["at"])
            public_id = match["id"]
            if public_id not in first or when < first[public_id]:
                first[public_id] = when
    withdrawals = tuple(
        Withdrawal(public_id, when)
        for public_id, when in sorted(first.items(), key=lambda item: item[1])
    )
    return Ledger(withdrawals, torn)
