"""The databases a bench run measures: migrated, seeded afresh on SQLite and PostgreSQL."""

from __future__ import annotations

import secrets
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from bench.report import say, section
from bench.settings import BIN, ROOT, STAFF_EMAIL, WORK, HarnessError, Keys, Settings


def storybank_command(environment: dict[str, str], *args: str, stdin: str | None = None) -> str:
    """Run the installed `storybank` command as an operator would."""
    done = subprocess.run(  # noqa: S603 - the installed console script, arguments built here
        [str(BIN / "storybank"), *args],
        cwd=ROOT,
        env=environment,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise HarnessError(f"`storybank {' '.join(args)}` failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def new_database(keys: Keys, url: str, label: str) -> None:
    """Migrate an empty database and add the demo organisation (themes, campaign, texts)."""
    environment = keys.environment(url)
    storybank_command(environment, "db", "upgrade")
    added = storybank_command(environment, "seed-demo").splitlines()
    say(f"{label}: migrated; {added[0] if added else 'demo content added'}")


def seed(keys: Keys, url: str, count: int, label: str, seed_number: int) -> None:
    from bench.seed import seed_stories
    from storybank import create_app

    app = create_app(environ=keys.environment(url))
    report = seed_stories(app, count, seed=seed_number, label=label)
    say(
        f"{label}: added {report.published:,} published, {report.open:,} in the moderation queue, "
        f"{report.other:,} declined/unpublished/withdrawn, {report.translations:,} approved "
        f"translations in {report.insert_seconds:.1f} s; search index, state counts and "
        f"public edition in {report.reindex_seconds:.1f} s"
    )


def remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


@dataclass
class Databases:
    small_url: str
    large_url: str
    postgres_url: str | None
    staff_password: str


def prepare_databases(settings: Settings, keys: Keys) -> Databases:
    section("Seeding")
    WORK.mkdir(parents=True, exist_ok=True)
    small_path, large_path = WORK / "bench-small.db", WORK / "bench-large.db"
    remove_sqlite(small_path)
    remove_sqlite(large_path)
    small_url, large_url = f"sqlite:///{small_path}", f"sqlite:///{large_path}"
    password = f"bench {secrets.token_urlsafe(18)}"

    started = time.perf_counter()
    label = f"SQLite {settings.small:,}"
    new_database(keys, small_url, label)
    seed(keys, small_url, settings.small, label, seed_number=1)
    storybank_command(
        keys.environment(small_url),
        "users",
        "create",
        STAFF_EMAIL,
        "--role",
        "moderator",
        "--password-stdin",
        stdin=password + "\n",
    )
    # The larger database grows from a copy of the smaller one (staff account included; its
    # second factor is enrolled separately on each, at sign-in).
    shutil.copyfile(small_path, large_path)
    label = f"SQLite {settings.large:,}"
    seed(keys, large_url, settings.large - settings.small, label, seed_number=2)
    say(f"SQLite seeding took {time.perf_counter() - started:.0f} s")

    postgres_url = prepare_postgres(settings, keys)
    return Databases(small_url, large_url, postgres_url, password)


def fresh_postgres(url: str, skipped: str) -> str | None:
    """Drop and create the UTF-8 database; None, with a line saying what is `skipped`, when
    PostgreSQL is away."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    parsed = make_url(url)
    admin = create_engine(
        parsed.set(database="postgres"),
        isolation_level="AUTOCOMMIT",
        connect_args={"connect_timeout": 5},
    )
    try:
        with admin.connect() as connection:
            name = parsed.database
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(
                text(
                    f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' "
                    "LC_CTYPE 'C.UTF-8' TEMPLATE template0"
                )
            )
    except SQLAlchemyError as exc:
        reason = str(exc.orig if hasattr(exc, "orig") else exc).strip().splitlines()[0]
        say(f"PostgreSQL at {parsed.host or 'localhost'} is not reachable ({reason}): {skipped}")
        return None
    finally:
        admin.dispose()
    return parsed.render_as_string(hide_password=False)


def prepare_postgres(settings: Settings, keys: Keys) -> str | None:
    """A fresh UTF-8 PostgreSQL database with the smaller seed; None when PostgreSQL is away."""
    rendered = fresh_postgres(settings.postgres_url, "the PostgreSQL figures are skipped.")
    if rendered is None:
        return None
    started = time.perf_counter()
    label = f"PostgreSQL {settings.small:,}"
    new_database(keys, rendered, label)
    seed(keys, rendered, settings.small, label, seed_number=3)
    say(f"PostgreSQL seeding took {time.perf_counter() - started:.0f} s")
    return rendered


def count_stories(url: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM stories")).scalar_one())
    finally:
        engine.dispose()


def sample_story(url: str) -> str | None:
    """A published story readers would open: Korean with an approved English translation
    when there is one (the multilingual case), else the latest published story."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(
                text(
                    "SELECT s.public_id FROM stories s WHERE s.state = 'published' "
                    "ORDER BY (s.story_language = 'ko' AND EXISTS (SELECT 1 FROM "
                    "story_translations t WHERE t.story_id = s.id AND t.language = 'en' "
                    "AND t.review_state = 'approved')) DESC, s.published_at DESC LIMIT 1"
                )
            ).scalar_one_or_none()
    finally:
        engine.dispose()
