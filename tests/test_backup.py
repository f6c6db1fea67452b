"""`storybank backup` and `storybank restore`: a backup taken while the site runs, encrypted; a
restore that takes back every story withdrawn since, before anything is served; and refusals that
change nothing."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from flask import g
from sqlalchemy import func, select
from test_public_surfaces import surfaces, visible_everywhere
from test_share import jpeg_with_gps

from conftest import (
    PG_URL,
    claim_code_in,
    environ_for,
    hidden_fields,
    post_form,
    run_console_script,
    stored_stories,
    story_fields,
)
from storybank.extensions import db as _db
from storybank.models import AuditEvent, Media, Story, StoryState


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    return tmp_path / "ledger" / "withdrawals.ledger"


@pytest.fixture
def app(app_factory: Any, ledger: Path) -> Any:
    """The site, recording withdrawals in this test's own ledger."""
    application = app_factory(STORYBANK_WITHDRAWAL_LEDGER=str(ledger))
    with application.app_context():
        g.reads_only = True  # as the suite's own `app`: the test's reads take no write lock
        yield application
        _db.session.remove()


@pytest.fixture
def operator(app: Any, database_url: str, ledger: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Runs `storybank …` in the site's environment, as an operator on the server would."""
    for name, value in environ_for(database_url, STORYBANK_WITHDRAWAL_LEDGER=str(ledger)).items():
        monkeypatch.setenv(name, value)
    runner = app.test_cli_runner()

    def run(*args: str, input: str | None = None) -> Any:
        _db.session.remove()  # the test holds no connection while the operator works
        return runner.invoke(args=list(args), input=input)

    return run


def tell_and_publish(share: Any, staff_client: Any, word: str) -> tuple[str, str]:
    """A story with a photo, told and published through HTTP: its public id and claim code."""
    told = share(
        "en",
        story_fields(
            title=f"{word}'s wait", body=f"{word} waited nine years.", consent_publish="y"
        ),
        files={"photo": (jpeg_with_gps(), "me.jpg")},
    )
    code = claim_code_in(told.get_data(as_text=True))
    [story] = stored_stories()[-1:]
    moderator = staff_client("moderator")
    page = f"/moderate/stories/{story.id}"
    assert (
        post_form(moderator, page, f"{page}/decision", decision="publish", note="").status_code
        == 303
    )
    return story.public_id, code


def withdraw(client: Any, code: str) -> None:
    token = hidden_fields(client.get("/en/my-story").get_data(as_text=True))["csrf_token"]
    answer = client.post(
        "/en/my-story/withdraw", data={"csrf_token": token, "code": code, "confirm_withdraw": "y"}
    )
    assert answer.status_code == 200


@pytest.fixture
def published(share: Any, staff_client: Any) -> dict[str, tuple[str, str]]:
    return {word: tell_and_publish(share, staff_client, word) for word in ("Zephyrine", "Odalys")}


def test_a_story_withdrawn_after_the_backup_stays_withdrawn_after_the_restore(
    client, operator, published, ledger, tmp_path
):
    """Backup, the storyteller withdraws, the server is restored from the backup: is the story
    still gone from its page, the API, the list, search, feed and sitemap, its media too, and
    does the restore say how many it took back?"""
    gone_id, gone_code = published["Zephyrine"]
    kept_id, _code = published["Odalys"]
    backup = tmp_path / "site.backup"
    made = operator("backup", str(backup))
    assert made.exit_code == 0, made.output
    assert "Backed up" in made.output
    [photo_id] = _db.session.scalars(
        select(Media.public_id).join(Story).where(Story.public_id == gone_id)
    )
    photo = f"/media/{photo_id}"
    before = {path: client.get(path).headers["ETag"] for path in surfaces(gone_id).values()}

    withdraw(client, gone_code)
    assert gone_id in ledger.read_text()

    restored = operator("restore", str(backup), "--yes")
    assert restored.exit_code == 0, restored.output
    assert "Withdrawals applied again: 1" in restored.output

    assert client.get(f"/en/stories/{gone_id}").status_code == 410
    assert client.get(f"/api/v1/stories/{gone_id}").status_code == 410
    assert client.get(photo).status_code == 404
    assert not any(visible_everywhere(client, gone_id).values())
    # The other story is back everywhere (the surfaces' searches are for the withdrawn one's
    # words; a search for its own finds it).
    kept = visible_everywhere(client, kept_id)
    assert all(seen for surface, seen in kept.items() if "search" not in surface)
    assert kept_id in client.get("/en/search?q=Odalys").get_data(as_text=True)
    # Pages cached before the restore are not taken for current, though the edition number
    # went back to the backup's.
    for path, etag in before.items():
        assert client.get(path, headers={"If-None-Match": etag}).status_code == 200, path
    _db.session.remove()
    story = _db.session.scalar(select(Story).where(Story.public_id == gone_id))
    assert story.state is StoryState.WITHDRAWN
    assert story.original_text is None and story.title is None and not story.media
    note = _db.session.scalar(
        select(AuditEvent.note)
        .where(AuditEvent.story_id == story.id)
        .order_by(AuditEvent.id.desc())
    )
    assert "withdrawal ledger" in note
    if not PG_URL:
        database = Path(_db.engine.url.database)
        assert b"Zephyrine" not in database.read_bytes()
        assert b"Odalys" in database.read_bytes()


def test_a_backup_reveals_no_story_name_or_contact(operator, share, tmp_path):
    share(
        "en",
        story_fields(body="Marisol Quintero-Abadi lives at 14 Linden Street.", name="Marisol Q."),
    )
    backup = tmp_path / "site.backup"
    assert operator("backup", str(backup)).exit_code == 0
    content = backup.read_bytes()
    for secret in (b"Marisol", b"Linden", "Linden".encode("utf-16-le")):
        assert secret not in content
    assert content.startswith(b"storybank backup\n")
    assert backup.stat().st_mode & 0o077 == 0  # readable by its owner only


def story_count() -> int:
    _db.session.remove()
    return _db.session.scalar(select(func.count()).select_from(Story))


@pytest.fixture
def made_backup(operator, published, tmp_path) -> Path:
    backup = tmp_path / "site.backup"
    assert operator("backup", str(backup)).exit_code == 0
    return backup


def damaged(backup: Path, how: str) -> Path:
    content = bytearray(backup.read_bytes())
    if how == "truncated":
        content = content[: len(content) // 2]
    elif how == "tampered":
        content[len(content) // 2] ^= 0x01
    elif how == "header changed":
        content = content.replace(b'"database"', b'"databasf"', 1)
    elif how == "not a backup":
        content = bytearray(b"SQLite format 3\x00" + bytes(4096))
    elif how == "empty":
        content = bytearray()
    elif how == "extra data":
        content += b"more"
    path = backup.with_name(f"{how}.backup")
    path.write_bytes(bytes(content))
    return path


@pytest.mark.parametrize(
    ("how", "message"),
    [
        ("truncated", "incomplete"),
        ("tampered", "changed or damaged"),
        ("header changed", "damaged"),
        ("not a backup", "not a storybank backup"),
        ("empty", "not a storybank backup"),
        ("extra data", "changed"),
    ],
)
def test_a_damaged_backup_is_refused_and_changes_nothing(
    client, operator, made_backup, published, how, message
):
    gone_id, gone_code = published["Zephyrine"]
    withdraw(client, gone_code)
    stories = story_count()
    refused = operator("restore", str(damaged(made_backup, how)), "--yes")
    assert refused.exit_code != 0
    assert message in refused.output
    assert "Traceback" not in refused.output
    assert story_count() == stories
    assert client.get(f"/en/stories/{gone_id}").status_code == 410
    assert client.get(f"/en/stories/{published['Odalys'][0]}").status_code == 200


def test_a_backup_made_with_another_key_is_refused(operator, made_backup, monkeypatch):
    monkeypatch.setenv("STORYBANK_BACKUP_KEY", Fernet.generate_key().decode())
    from storybank import create_app

    other = create_app(dict(os.environ))
    with other.app_context():
        refused = other.test_cli_runner().invoke(args=["restore", str(made_backup), "--yes"])
    assert refused.exit_code != 0
    assert "key that is not configured" in refused.output


def test_a_backup_key_of_its_own_encrypts_backups(app_factory, database_url, tmp_path, monkeypatch):
    key = Fernet.generate_key().decode()
    application = app_factory(STORYBANK_BACKUP_KEY=key)
    backup = tmp_path / "own-key.backup"
    assert application.test_cli_runner().invoke(args=["backup", str(backup)]).exit_code == 0
    from storybank.backup import archive

    with backup.open("rb") as handle:
        header, _encoded = archive.read_header(handle)
    assert header.key_id == archive.key_fingerprint(key)


def test_a_restore_without_its_ledger_refuses_unless_told(
    client, operator, made_backup, published, ledger
):
    gone_id, gone_code = published["Zephyrine"]
    withdraw(client, gone_code)
    ledger.rename(ledger.with_name("moved.ledger"))
    refused = operator("restore", str(made_backup), "--yes")
    assert refused.exit_code != 0
    assert "cannot be found" in refused.output and "--without-ledger" in refused.output
    assert client.get(f"/en/stories/{gone_id}").status_code == 410

    # Given where the ledger went, the restore honours it.
    moved = operator(
        "restore", str(made_backup), "--yes", "--ledger", str(ledger.with_name("moved.ledger"))
    )
    assert "Withdrawals applied again: 1" in moved.output
    assert client.get(f"/en/stories/{gone_id}").status_code == 410

    # Told explicitly, it restores, warning that withdrawn stories return.
    forced = operator("restore", str(made_backup), "--yes", "--without-ledger")
    assert forced.exit_code == 0, forced.output
    assert "PUBLIC AGAIN" in forced.output
    assert client.get(f"/en/stories/{gone_id}").status_code == 200


def test_a_damaged_ledger_is_refused_but_a_line_cut_by_a_crash_is_set_aside(
    client, operator, made_backup, published, ledger
):
    _gone_id, gone_code = published["Zephyrine"]
    withdraw(client, gone_code)
    good = ledger.read_text()
    ledger.write_text(good + "2026-12-01T10:00:00Z")  # a crash during the write of a line
    restored = operator("restore", str(made_backup), "--yes")
    assert "Withdrawals applied again: 1" in restored.output
    assert "cut short" in restored.output

    ledger.write_text(good + "not a withdrawal\n")
    refused = operator("restore", str(made_backup), "--yes")
    assert refused.exit_code != 0
    assert "line 3" in refused.output


def test_declining_the_question_restores_nothing(client, operator, made_backup, published):
    _gone_id, gone_code = published["Zephyrine"]
    withdraw(client, gone_code)
    stories = story_count()
    answer = operator("restore", str(made_backup), input="n\n")
    assert "holds 2 stories" in answer.output
    assert "Nothing was restored" in answer.output
    assert story_count() == stories


def test_backup_refuses_an_unusable_destination(operator, tmp_path, storyteller_world):
    missing = tmp_path / "no such folder" / "site.backup"
    failed = operator("backup", str(missing))
    assert failed.exit_code != 0
    assert "No backup was written" in failed.output
    assert "Traceback" not in failed.output

    existing = tmp_path / "existing.backup"
    existing.write_bytes(b"an older backup")
    refused = operator("backup", str(existing))
    assert refused.exit_code != 0 and "exists already" in refused.output
    assert existing.read_bytes() == b"an older backup"
    assert operator("backup", str(existing), "--overwrite").exit_code == 0
    assert not list(tmp_path.glob("*.partial"))


def test_a_withdrawal_goes_ahead_when_the_ledger_cannot_be_written(
    client, published, ledger, caplog
):
    """The storyteller's withdrawal never waits on the ledger: it is erased, and the operator
    is told (in the log, which names the file but not the story) that the ledger missed it."""
    gone_id, gone_code = published["Zephyrine"]
    ledger.parent.write_text("a file where the ledger's folder should be")
    withdraw(client, gone_code)
    assert client.get(f"/en/stories/{gone_id}").status_code == 410
    [record] = [r for r in caplog.records if "withdrawal ledger" in r.getMessage()]
    assert str(ledger) in record.getMessage()
    assert gone_id not in record.getMessage()


@pytest.mark.skipif(not PG_URL, reason="PostgreSQL only: sessions of other processes")
def test_a_postgres_restore_waits_for_the_site_to_stop(operator, made_backup, database_url):
    from sqlalchemy import create_engine, text

    other = create_engine(database_url)
    with other.connect() as connection:
        connection.execute(text("SELECT 1"))
        refused = operator("restore", str(made_backup), "--yes")
    other.dispose()
    assert refused.exit_code != 0
    assert "still connected" in refused.output
    assert operator("restore", str(made_backup), "--yes").exit_code == 0


def test_the_installed_command_backs_up_and_restores(
    client, published, database_url, ledger, tmp_path
):
    """`storybank backup` and `storybank restore`, run as an operator runs them."""
    environ = {
        **environ_for(database_url, STORYBANK_WITHDRAWAL_LEDGER=str(ledger)),
        "PATH": os.environ["PATH"],
    }
    backup = tmp_path / "nightly.backup"
    _db.session.remove()
    made = run_console_script("backup", str(backup), environ=environ)
    assert made.returncode == 0, made.stderr
    gone_id, gone_code = published["Zephyrine"]
    withdraw(client, gone_code)
    _db.session.remove()
    _db.engine.dispose()  # the site stops before a restore
    restored = run_console_script("restore", str(backup), "--yes", environ=environ)
    assert restored.returncode == 0, restored.stderr
    assert "Withdrawals applied again: 1" in restored.stdout
    assert client.get(f"/en/stories/{gone_id}").status_code == 410


def test_a_dry_run_checks_a_backup_and_replaces_nothing(client, operator, made_backup, published):
    _gone_id, gone_code = published["Zephyrine"]
    withdraw(client, gone_code)
    stories = story_count()
    checked = operator("restore", str(made_backup), "--dry-run")
    assert checked.exit_code == 0, checked.output
    assert "1 withdrawn since it was made will be taken back again" in checked.output
    assert "nothing was replaced" in checked.output
    assert story_count() == stories


def test_a_backup_into_a_folder_is_named_after_its_time(operator, storyteller_world, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    assert operator("backup", str(folder)).exit_code == 0
    [made] = folder.iterdir()
    assert made.name.startswith("storybank-") and made.name.endswith("Z.backup")


def test_a_backup_of_an_older_schema_is_brought_up_to_date(
    fresh_database_url, tmp_path, monkeypatch
):
    """A backup made by an earlier release is restored with this release's schema."""
    from flask_migrate import upgrade

    from conftest import make_app

    ledger = tmp_path / "withdrawals.ledger"
    ledger.write_text("")
    for name, value in environ_for(
        fresh_database_url, STORYBANK_WITHDRAWAL_LEDGER=str(ledger)
    ).items():
        monkeypatch.setenv(name, value)
    older = make_app(fresh_database_url, STORYBANK_WITHDRAWAL_LEDGER=str(ledger))
    backup = tmp_path / "older.backup"
    with older.app_context():
        upgrade(revision="8844bab663da")
        runner = older.test_cli_runner()
        assert runner.invoke(args=["backup", str(backup)]).exit_code == 0
        _db.engine.dispose()
        restored = runner.invoke(args=["restore", str(backup), "--yes"])
        assert restored.exit_code == 0, restored.output
        revision = (
            _db.session.connection()
            .exec_driver_sql("SELECT version_num FROM alembic_version")
            .scalar()
        )
        _db.session.remove()
        _db.engine.dispose()
    from alembic.script import ScriptDirectory

    from conftest import PROJECT

    assert revision == ScriptDirectory(str(PROJECT / "migrations")).get_current_head()


def test_copies_left_by_an_interrupted_restore_are_removed(operator, made_backup, database_url):
    """A restore killed half-way leaves a plain copy of the database (a file, or a database on
    the server): the next backup or restore removes it."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    if PG_URL:
        abandoned = f"{url.database}_restore_0badc0de"
        admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{abandoned}"'))
        assert operator("restore", str(made_backup), "--dry-run").exit_code == 0
        with admin.connect() as connection:
            names = set(connection.scalars(text("SELECT datname FROM pg_database")))
        admin.dispose()
        assert abandoned not in names
        assert not any("_restore_" in name and name.startswith(str(url.database)) for name in names)
    else:
        folder = Path(url.database).parent
        abandoned = folder / ".storybank-restore-x1y2z3.db"
        abandoned.write_bytes(b"a plain copy of every story")
        (folder / ".storybank-restore-x1y2z3.db-wal").write_bytes(b"more")
        assert operator("backup", str(made_backup.with_name("next.backup"))).exit_code == 0
        assert not list(folder.glob(".storybank-*"))


def test_a_backup_made_by_a_newer_release_is_refused(operator, storyteller_world, tmp_path):
    """A backup whose schema this release does not know is refused by name, and the database
    keeps its own schema."""
    from sqlalchemy import text

    def set_revision(revision: str) -> str:
        with _db.engine.begin() as connection:
            before = connection.scalar(text("SELECT version_num FROM alembic_version"))
            connection.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
        return before

    _db.session.remove()
    current = set_revision("ffffffffffff")
    backup = tmp_path / "newer.backup"
    made = operator("backup", str(backup))
    set_revision(current)
    assert made.exit_code == 0, made.output
    refused = operator("restore", str(backup), "--yes")
    assert refused.exit_code != 0
    assert "made by a newer release" in refused.output
    with _db.engine.connect() as connection:
        assert connection.scalar(text("SELECT version_num FROM alembic_version")) == current


def test_a_backup_of_the_other_kind_of_database_is_refused(
    operator, storyteller_world, ledger, tmp_path
):
    """A PostgreSQL backup cannot be restored into SQLite, nor the reverse: refused by name."""
    from conftest import TEST_KEYS
    from storybank.backup import archive

    other = "sqlite" if PG_URL else "postgresql"
    backup = tmp_path / "other.backup"
    with backup.open("wb") as handle:
        writer = archive.ArchiveWriter(
            handle,
            TEST_KEYS[0],
            database=other,
            revision="f25100a3b6a5",
            created_at="2026-12-01T03:00:00Z",
        )
        writer.write(b"a dump of the other kind")
        writer.close()
    ledger.parent.mkdir()
    ledger.write_text("")
    stories = story_count()
    refused = operator("restore", str(backup), "--yes")
    assert refused.exit_code != 0
    assert f"a backup of a {other} database" in refused.output
    assert story_count() == stories
