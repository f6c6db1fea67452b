"""`storybank backup` and `storybank restore` (SPEC §13).

A backup is the whole database (media included: they live in it), copied while the site runs and
encrypted (archive.py). A restore prepares the backup in a scratch database, brings its schema up
to this release, takes back every story the withdrawal ledger lists (ledger.py) and moves the
public edition on, and only then puts it in the live database's place: the site never serves a
restored story that its storyteller had withdrawn.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from flask import Flask, current_app
from sqlalchemy import func, select

from . import archive, databases, ledger
from .archive import ArchiveError
from .databases import DatabaseCopyError
from .ledger import LedgerError


class BackupError(Exception):
    """The backup or restore was refused or failed; nothing was changed. The message says why."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    database: str
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class Prepared:
    """A restored database, ready to be put in place, and what the restore did to it."""

    created_at: str
    stories: int
    withdrawn_in_backup: int
    withdrawn_again: int
    not_in_backup: int
    ledger_entries: int
    torn_lines: int


def timestamped_name() -> str:
    """A backup's file name that sorts by time: storybank-20261207T190000Z.backup."""
    return f"storybank-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}.backup"


def make_backup(path: Path, *, overwrite: bool = False) -> BackupResult:
    """Write an encrypted backup of the live database to `path` (atomically: a file of that
    name is a whole backup or does not exist)."""
    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    key = current_app.config["STORYBANK_BACKUP_KEYS"][0]
    kind = databases.kind_of(url)
    path = path.absolute()
    if path.exists() and not overwrite:
        raise BackupError(f"{path} exists already; choose another name (or --overwrite).")
    created_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        with _partial_file(path) as handle:
            if kind == "sqlite":
                with databases.sqlite_snapshot(url) as (copy, revision):
                    writer = archive.ArchiveWriter(
                        handle, key, database=kind, revision=revision, created_at=created_at
                    )
                    with copy.open("rb") as source:
                        while block := source.read(databases.READ_SIZE):
                            writer.write(block)
            else:
                writer = archive.ArchiveWriter(
                    handle,
                    key,
                    database=kind,
                    revision=databases.postgres_revision(url),
                    created_at=created_at,
                )
                databases.pg_dump(url, writer.write)
            writer.close()
    except (DatabaseCopyError, OSError) as exc:
        raise BackupError(f"No backup was written: {_reason(exc)}") from exc
    return BackupResult(path, path.stat().st_size, kind, tuple(_ledger_warnings(url)))


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        where = f" ({error.filename})" if error.filename else ""
        return f"{error.strerror}{where}"
    return str(error)


@contextlib.contextmanager
def _partial_file(path: Path) -> Iterator[IO[bytes]]:
    """A private file `path.partial` that becomes `path` only when everything was written."""
    partial = path.with_name(path.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        raise


def _ledger_warnings(url: str) -> Iterator[str]:
    """What the operator should know about the withdrawal ledger when making a backup."""
    path: Path = current_app.config["STORYBANK_WITHDRAWAL_LEDGER"]
    try:
        ledger.check_writable(path)
    except LedgerError as exc:
        yield f"{exc}. Withdrawals cannot be recorded outside the database until this is fixed."
        return
    if databases.kind_of(url) == "sqlite":
        database = databases.sqlite_path(url)
        if database.exists() and path.stat().st_dev == database.stat().st_dev:
            yield (
                f"The withdrawal ledger {path} is on the same disk as the database. If that disk "
                "is lost, a restore cannot know which stories were withdrawn since the backup: "
                "set STORYBANK_WITHDRAWAL_LEDGER to a file on the disk that holds the backups."
            )


def restore_backup(
    source: Path,
    *,
    environ: Mapping[str, str],
    ledger_paths: Sequence[Path],
    without_ledger: bool,
    confirm: Callable[[Prepared], bool],
) -> Prepared | None:
    """Restore `source` into the live database. Returns what was done, or None when `confirm`
    said no (nothing changed then, as on any error)."""
    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    kind = databases.kind_of(url)
    found = _read_ledgers(ledger_paths, without_ledger)
    try:
        handle = source.open("rb")
    except OSError as exc:
        raise BackupError(f"Cannot read the backup: {_reason(exc)}") from exc
    with handle:
        try:
            header, pieces = archive.read_archive(
                handle, current_app.config["STORYBANK_BACKUP_KEYS"]
            )
        except ArchiveError as exc:
            raise BackupError(str(exc)) from exc
        if header.database != kind:
            raise BackupError(
                f"This is a backup of a {header.database} database; the configured database "
                f"(STORYBANK_DATABASE_URL) is {kind}."
            )
        _check_revision(header.revision)
        from ..extensions import db

        db.engine.dispose()  # this process holds no connection to the live database
        if kind == "sqlite":
            return _restore_sqlite(url, header, pieces, environ, found, confirm)
        return _restore_postgres(url, header, pieces, environ, found, confirm)


def _read_ledgers(paths: Sequence[Path], without_ledger: bool) -> ledger.Ledger:
    if without_ledger:
        return ledger.Ledger((), 0)
    missing = [str(path) for path in paths if not path.exists()]
    if missing or not paths:
        raise BackupError(
            f"The withdrawal ledger {', '.join(missing) or '(none given)'} cannot be found. "
            "Without it, stories withdrawn since this backup was made would be public again. "
            "Give its path with --ledger, or, only if it is truly lost, restore with "
            "--without-ledger and review every public story."
        )
    try:
        return ledger.read(paths)
    except LedgerError as exc:
        raise BackupError(str(exc)) from exc


def _check_revision(revision: str) -> None:
    from alembic.script import ScriptDirectory
    from flask_migrate import Migrate

    migrate: Migrate = current_app.extensions["migrate"]
    scripts = ScriptDirectory(migrate.directory)
    try:
        known = scripts.get_revision(revision) is not None
    except Exception:
        known = False
    if not known:
        raise BackupError(
            f"This backup's schema ({revision or 'none'}) is unknown to this release of "
            "storybank: it was made by a newer release. Install that release to restore it."
        )


def _restore_sqlite(
    url: str,
    header: archive.Header,
    pieces: Iterator[bytes],
    environ: Mapping[str, str],
    found: ledger.Ledger,
    confirm: Callable[[Prepared], bool],
) -> Prepared | None:
    live = databases.sqlite_path(url)
    live.parent.mkdir(parents=True, exist_ok=True)
    with databases.scratch_file(live.parent, "restore") as copy:
        with _nothing_restored():
            databases.write_sqlite_copy(_checked(pieces), copy)
        prepared = _prepare(f"sqlite:///{copy}", header, environ, found)
        if not confirm(prepared):
            return None
        with _nothing_restored():
            databases.install_sqlite_copy(copy, url)
    return prepared


def _restore_postgres(
    url: str,
    header: archive.Header,
    pieces: Iterator[bytes],
    environ: Mapping[str, str],
    found: ledger.Ledger,
    confirm: Callable[[Prepared], bool],
) -> Prepared | None:
    with _nothing_restored():
        scratch = databases.create_scratch_database(url)
    installed = False
    try:
        with _nothing_restored():
            databases.pg_restore(_checked(pieces), scratch)
        prepared = _prepare(scratch, header, environ, found)
        if not confirm(prepared):
            return None
        connected = databases.other_connections(url)
        if connected:
            raise BackupError(
                f"{connected} session(s) are still connected to the live database. Stop the site "
                "(and anything else using the database), then restore again."
            )
        with _nothing_restored():
            databases.install_postgres_copy(scratch, url)
        installed = True
        return prepared
    finally:
        if not installed:
            databases.drop_database(scratch)


@contextlib.contextmanager
def _nothing_restored() -> Iterator[None]:
    """A failure to copy the database, reported as the refusal it is: nothing was changed."""
    try:
        yield
    except DatabaseCopyError as exc:
        raise BackupError(f"Nothing was restored: {exc}") from exc


def _checked(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """The backup's content, an `ArchiveError` turned into a refusal that names no internals."""
    try:
        yield from pieces
    except ArchiveError as exc:
        raise DatabaseCopyError(str(exc)) from exc


def _prepare(
    scratch_url: str, header: archive.Header, environ: Mapping[str, str], found: ledger.Ledger
) -> Prepared:
    """In the scratch database: this release's schema, every ledgered withdrawal taken back, the
    public edition moved on (so nothing cached before the restore is taken for current)."""
    from flask_migrate import upgrade

    from .. import create_app
    from ..db import editions
    from ..db.engines import release_erased_pages
    from ..extensions import db
    from ..models import Story, StoryState
    from ..services.storyteller import withdraw_again

    app: Flask = create_app({**environ, "STORYBANK_DATABASE_URL": scratch_url})
    with app.app_context():
        try:
            upgrade()
            withdrawn_in_backup = 0
            withdrawn_again = 0
            not_in_backup = 0
            for entry in found.withdrawals:
                story = db.session.scalar(select(Story).where(Story.public_id == entry.public_id))
                if story is None:
                    not_in_backup += 1
                elif story.state is StoryState.WITHDRAWN:
                    withdrawn_in_backup += 1
                else:
                    withdraw_again(story, entry.withdrawn_at)
                    withdrawn_again += 1
            editions.advance(db.session)
            stories = db.session.scalar(select(func.count()).select_from(Story)) or 0
            db.session.commit()
            release_erased_pages()
        finally:
            db.session.remove()
            db.engine.dispose()
    return Prepared(
        created_at=header.created_at,
        stories=stories,
        withdrawn_in_backup=withdrawn_in_backup,
        withdrawn_again=withdrawn_again,
        not_in_backup=not_in_backup,
        ledger_entries=len(found.withdrawals),
        torn_lines=found.torn_lines,
    )
