"""Copying a whole database out and back, per kind: SQLite through its online backup API,
PostgreSQL through `pg_dump` and `pg_restore` (the client programs of the server's major version
or newer, Debian's `postgresql-client`).

A restore is always prepared in a scratch database beside the live one (a file in the same
folder; a database on the same server) and only moved into place once it is complete, so a
refused or failed restore leaves the live database as it was.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url

READ_SIZE = 1024 * 1024


class DatabaseCopyError(Exception):
    """The database could not be copied out or in; the message says why, for the operator."""


def kind_of(url: str) -> str:
    return "postgresql" if make_url(url).get_backend_name() == "postgresql" else "sqlite"


def sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise DatabaseCopyError("An in-memory SQLite database cannot be backed up or restored.")
    return Path(database).absolute()


def schema_revision(connection: sqlite3.Connection) -> str:
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise DatabaseCopyError("The database has no schema version: was it migrated?") from exc
    return str(row[0]) if row else ""


@contextlib.contextmanager
def sqlite_snapshot(url: str) -> Iterator[tuple[Path, str]]:
    """A consistent copy of the live SQLite database, taken while the site runs (one read
    transaction: writers go on in the write-ahead log), in a private file beside it; yields the
    copy's path and schema revision, and removes the copy afterwards."""
    live = sqlite_path(url)
    if not live.exists():
        raise DatabaseCopyError(f"There is no database at {live}.")
    with scratch_file(live.parent, "backup") as copy:
        source = sqlite3.connect(live)
        target = sqlite3.connect(copy)
        try:
            source.execute("PRAGMA busy_timeout=30000")
            source.backup(target)
            revision = schema_revision(target)
        except sqlite3.Error as exc:
            raise DatabaseCopyError(f"SQLite could not copy the database: {exc}") from exc
        finally:
            target.close()
            source.close()
        yield copy, revision


@contextlib.contextmanager
def scratch_file(folder: Path, purpose: str) -> Iterator[Path]:
    """A new file readable only by this user in `folder` (where the live database already is,
    so the plain copy is exposed to no one new), removed with its journal files afterwards.
    While in use it is locked; a copy left by a process that was killed is not, and the next
    backup or restore removes it."""
    remove_abandoned_copies(folder)
    fd, name = tempfile.mkstemp(prefix=f"{SCRATCH_PREFIX}{purpose}-", suffix=".db", dir=folder)
    path = Path(name)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield path
    finally:
        _remove_copy(path)
        os.close(fd)


SCRATCH_PREFIX = ".storybank-"


def remove_abandoned_copies(folder: Path) -> int:
    """Remove the scratch copies of backups and restores that were interrupted (no process
    holds their lock): a plain copy of the database must not outlive its use."""
    removed = 0
    for path in folder.glob(f"{SCRATCH_PREFIX}*.db"):
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            continue  # in use by a backup or restore running now
        else:
            _remove_copy(path)
            removed += 1
        finally:
            os.close(fd)
    return removed


def _remove_copy(path: Path) -> None:
    for leftover in (
        path,
        *(path.with_name(path.name + end) for end in ("-wal", "-shm", "-journal")),
    ):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()


def write_sqlite_copy(pieces: Iterable[bytes], copy: Path) -> None:
    """Write a restored SQLite file from `pieces` and check that it is a whole database."""
    with copy.open("wb") as handle:
        for piece in pieces:
            handle.write(piece)
        handle.flush()
        os.fsync(handle.fileno())
    connection = sqlite3.connect(copy)
    try:
        checked = connection.execute("PRAGMA integrity_check").fetchone()
        if not checked or checked[0] != "ok":
            raise DatabaseCopyError("The database inside the backup is damaged.")
    except sqlite3.DatabaseError as exc:
        raise DatabaseCopyError("The backup does not hold a SQLite database.") from exc
    finally:
        connection.close()


def install_sqlite_copy(copy: Path, url: str) -> None:
    """Replace the live database's content with the prepared copy, in one transaction of the
    backup API (a process still connected sees either the old or the new database, never a
    mix), then move the write-ahead log into the file and empty it."""
    live = sqlite_path(url)
    live.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(copy)
    target = sqlite3.connect(live)
    try:
        # Erased stories leave free pages (zeroed): the copy takes none of them along.
        source.execute("VACUUM")
        target.execute("PRAGMA busy_timeout=30000")
        source.backup(target)
        target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error as exc:
        raise DatabaseCopyError(f"SQLite could not write the live database: {exc}") from exc
    finally:
        target.close()
        source.close()


# PostgreSQL ----------------------------------------------------------------------------------


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise DatabaseCopyError(
            f"{name} is not installed. Install PostgreSQL's client programs (on Debian: "
            "apt install postgresql-client) of the server's version or newer."
        )
    return found


def _client_command(program: str, url: str, *options: str) -> tuple[list[str], dict[str, str]]:
    """The command line of one of PostgreSQL's client programs for the database at `url`, and
    the environment that carries its password (never on a command line, where other users of
    the machine could read it)."""
    parsed = make_url(url)
    environ = dict(os.environ)
    if parsed.password is not None:
        environ["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return [_program(program), *options, f"--dbname={plain}"], environ


def _failure(program: str, completed_error: bytes) -> DatabaseCopyError:
    message = completed_error.decode("utf-8", "replace").strip().splitlines()
    detail = message[-1] if message else "no message"
    return DatabaseCopyError(f"{program} failed: {detail}")


def postgres_revision(url: str) -> str:
    """The schema revision of the PostgreSQL database at `url`."""
    engine = create_engine(make_url(url))
    try:
        with engine.connect() as connection:
            return str(connection.scalar(text("SELECT version_num FROM alembic_version")) or "")
    except Exception as exc:
        raise DatabaseCopyError(
            f"The database has no schema version (was it migrated?): {type(exc).__name__}"
        ) from exc
    finally:
        engine.dispose()


def pg_dump(url: str, sink: Callable[[bytes], None]) -> None:
    """Stream a consistent dump of the live database (custom format, uncompressed: the backup
    file compresses it) to `sink`."""
    command, environ = _client_command(
        "pg_dump", url, "--format=custom", "--compress=0", "--no-owner", "--no-privileges"
    )
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(  # noqa: S603  (a fixed program; arguments from settings)
            command, stdout=subprocess.PIPE, stderr=errors, env=environ
        )
        assert process.stdout is not None
        with process.stdout:
            while block := process.stdout.read(READ_SIZE):
                sink(block)
        if process.wait() != 0:
            errors.seek(0)
            raise _failure("pg_dump", errors.read())


def _maintenance(url: URL) -> Engine:
    return create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")


def create_scratch_database(url: str) -> str:
    """A new, empty database beside the live one, with the same encoding and collation; returns
    its URL. Scratch databases of restores that were interrupted are dropped first."""
    parsed = make_url(url)
    live = parsed.database or ""
    name = f"{live[:40]}_restore_{secrets.token_hex(4)}"
    engine = _maintenance(parsed)
    try:
        with engine.connect() as connection:
            abandoned = connection.scalars(
                text(
                    "SELECT datname FROM pg_database d WHERE datname ~ :pattern AND NOT EXISTS "
                    "(SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)"
                ),
                {"pattern": "^" + re.escape(live[:40]) + "_(restore|replaced)_[0-9a-f]{8}$"},
            ).all()
            for old in abandoned:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{old}"'))
            found = connection.execute(
                text("SELECT datcollate, datctype FROM pg_database WHERE datname = :name"),
                {"name": live},
            ).first()
            collate, ctype = found if found else ("C.UTF-8", "C.UTF-8")
            connection.execute(
                text(
                    f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' "
                    f"LC_COLLATE '{collate}' LC_CTYPE '{ctype}' TEMPLATE template0"
                )
            )
    except Exception as exc:
        raise DatabaseCopyError(
            "PostgreSQL refused to create a scratch database for the restore (the database user "
            f"needs the CREATEDB privilege): {type(exc).__name__}"
        ) from exc
    finally:
        engine.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    parsed = make_url(url)
    engine = _maintenance(parsed)
    try:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    finally:
        engine.dispose()


def pg_restore(pieces: Iterable[bytes], url: str) -> None:
    """Load a dump into the (scratch) database at `url` in one transaction. Stops at the first
    error, of the dump or of the backup file."""
    command, environ = _client_command(
        "pg_restore",
        url,
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
    )
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(  # noqa: S603  (a fixed program; arguments from settings)
            command, stdin=subprocess.PIPE, stderr=errors, env=environ
        )
        assert process.stdin is not None
        try:
            with process.stdin:
                for piece in pieces:
                    process.stdin.write(piece)
        except BrokenPipeError:
            pass  # pg_restore stopped early: its exit status and message say why
        except BaseException:
            process.kill()
            process.wait()
            raise
        if process.wait() != 0:
            errors.seek(0)
            raise _failure("pg_restore", errors.read())


def other_connections(url: str) -> int:
    """How many sessions other than this process's are connected to the database at `url`."""
    parsed = make_url(url)
    engine = _maintenance(parsed)
    try:
        with engine.connect() as connection:
            return int(
                connection.scalar(
                    text(
                        "SELECT count(*) FROM pg_stat_activity "
                        "WHERE datname = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": parsed.database},
                )
                or 0
            )
    finally:
        engine.dispose()


def install_postgres_copy(scratch_url: str, url: str) -> None:
    """Put the prepared scratch database in the live one's place by renaming both (the old one
    is then dropped): the live name holds either the old or the restored database, never a
    half-restored one."""
    scratch = make_url(scratch_url).database
    parsed = make_url(url)
    live = parsed.database
    replaced = f"{(live or '')[:40]}_replaced_{secrets.token_hex(4)}"
    engine = _maintenance(parsed)
    try:
        with engine.connect() as connection:
            exists = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": live}
            )
            # Both renames in one transaction: the live name never points at nothing.
            connection.exec_driver_sql("BEGIN")
            try:
                connection.exec_driver_sql("SET LOCAL lock_timeout = '10s'")
                if exists:
                    connection.exec_driver_sql(f'ALTER DATABASE "{live}" RENAME TO "{replaced}"')
                connection.exec_driver_sql(f'ALTER DATABASE "{scratch}" RENAME TO "{live}"')
                connection.exec_driver_sql("COMMIT")
            except Exception:
                connection.exec_driver_sql("ROLLBACK")
                raise
            if exists:
                connection.execute(text(f'DROP DATABASE "{replaced}" WITH (FORCE)'))
    except Exception as exc:
        raise DatabaseCopyError(
            "PostgreSQL refused to put the restored database in place (the database user must "
            f"own the database): {type(exc).__name__}"
        ) from exc
    finally:
        engine.dispose()
