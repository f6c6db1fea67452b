"""Encryption key rotation: `storybank keys rotate` and the service behind it."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from click.testing import Result
from cryptography.fernet import Fernet, InvalidToken
from flask import Flask
from sqlalchemy import select, text

from conftest import environ_for, run_console_script
from storybank.extensions import db
from storybank.models import AuditEvent, ConsentRecord, StaffUser, Story
from storybank.services.keys import encrypted_columns, rotate_encryption_keys

OLD = Fernet.generate_key().decode()
NEW = Fernet.generate_key().decode()
STRANGER = Fernet.generate_key().decode()  # a key the application was never given

ENCRYPTED_COLUMNS = (
    ("stories", "storyteller_name"),
    ("stories", "contact_email"),
    ("stories", "contact_phone"),
    ("consent_records", "shown_name"),
    ("staff_users", "totp_secret"),
)

Cell = tuple[str, str, int]  # table, column, primary key


@pytest.fixture
def old_app(app_factory: Callable[..., Flask], make_story: Any, make_staff: Any) -> Any:
    """An application that knows only OLD, its context pushed over the default app's."""
    # Depending on make_story and make_staff pushes the default context first, so this one is
    # current while the factories run and everything they store is encrypted under OLD.
    application = app_factory(STORYBANK_ENCRYPTION_KEYS=OLD)
    with application.app_context():
        yield application
        db.session.remove()


@pytest.fixture
def plaintexts(old_app: Flask, make_story: Any, make_staff: Any) -> dict[Cell, str]:
    """Stories, consent records and a staff account stored under OLD, by table/column/id."""
    first = make_story(storyteller_name="Mariam Haddad", shown_name="Mariam H.")
    first.contact_email = "mariam@example.org"
    first.contact_phone = "+1 555 0100"
    second = make_story(storyteller_name="Nguyễn Văn An", shown_name="An")
    second.contact_email = "an@example.org"
    make_story(storyteller_name=None)  # NULLs stay NULL and are not counted
    staff = make_staff("moderator")
    staff.totp_secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    db.session.commit()
    stored = {
        ("stories", "storyteller_name", first.id): "Mariam Haddad",
        ("stories", "contact_email", first.id): "mariam@example.org",
        ("stories", "contact_phone", first.id): "+1 555 0100",
        ("stories", "storyteller_name", second.id): "Nguyễn Văn An",
        ("stories", "contact_email", second.id): "an@example.org",
        ("consent_records", "shown_name", first.consent_records[0].id): "Mariam H.",
        ("consent_records", "shown_name", second.consent_records[0].id): "An",
        ("staff_users", "totp_secret", staff.id): "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
    }
    # Reading ids above opened a transaction; on SQLite it holds the write lock the rotation
    # in another application needs.
    db.session.remove()
    return stored


def raw_tokens() -> dict[Cell, str]:
    """Every stored non-null ciphertext of the known encrypted columns, read with plain SQL."""
    tokens: dict[Cell, str] = {}
    with db.engine.connect() as connection:
        for table, column in ENCRYPTED_COLUMNS:
            rows = connection.execute(
                text(f"SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL")
            )
            for row_id, token in rows:
                tokens[(table, column, row_id)] = token
    return tokens


def set_raw(table: str, column: str, row_id: int, value: str) -> None:
    """Store a value as it is, bypassing encryption."""
    with db.engine.begin() as connection:
        connection.execute(
            text(f"UPDATE {table} SET {column} = :value WHERE id = :id"),
            {"value": value, "id": row_id},
        )


def rotate(application: Flask, *args: str) -> Result:
    """Run `storybank keys rotate` in the given application's context."""
    # with_appcontext reuses whichever context is current, so this application's must be.
    with application.app_context():
        result = application.test_cli_runner().invoke(args=["keys", "rotate", *args])
        db.session.remove()
    return result


def opens(key: str, token: str) -> bool:
    try:
        Fernet(key.encode()).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def read_through_orm(application: Flask) -> dict[Cell, str]:
    """The plaintexts an application reads through the models."""
    read: dict[Cell, str] = {}
    with application.app_context():
        for story in db.session.scalars(select(Story)):
            for column in ("storyteller_name", "contact_email", "contact_phone"):
                if getattr(story, column) is not None:
                    read[("stories", column, story.id)] = getattr(story, column)
        for record in db.session.scalars(select(ConsentRecord)):
            if record.shown_name is not None:
                read[("consent_records", "shown_name", record.id)] = record.shown_name
        for user in db.session.scalars(select(StaffUser)):
            if user.totp_secret is not None:
                read[("staff_users", "totp_secret", user.id)] = user.totp_secret
        db.session.remove()
    return read


def test_every_encrypted_column_is_found():
    """Does rotation find the encrypted columns from the models, not from a list to maintain?"""
    found = {(table.name, column.name) for table, column in encrypted_columns()}
    assert set(ENCRYPTED_COLUMNS) <= found


def test_rotation_moves_every_value_to_the_new_key(app_factory, plaintexts):
    """After rotation, does the old key alone fail to read any stored value while the new key
    reads them all, and does an application with only the new key read the same plaintexts?"""
    before = raw_tokens()
    assert set(before) == set(plaintexts)
    assert all(opens(OLD, token) and not opens(NEW, token) for token in before.values())

    result = rotate(app_factory(STORYBANK_ENCRYPTION_KEYS=f"{NEW},{OLD}"))

    assert result.exit_code == 0, result.output
    assert "stories.storyteller_name    2 rotated, 0 undecryptable" in result.output
    assert "consent_records.shown_name  2 rotated, 0 undecryptable" in result.output
    assert "staff_users.totp_secret     1 rotated, 0 undecryptable" in result.output
    assert "Total: 8 rotated, 0 undecryptable." in result.output
    after = raw_tokens()
    assert set(after) == set(plaintexts)
    for cell, token in after.items():
        assert opens(NEW, token), cell
        assert not opens(OLD, token), cell
    assert read_through_orm(app_factory(STORYBANK_ENCRYPTION_KEYS=NEW)) == plaintexts


def test_rotation_does_not_touch_when_a_story_was_last_edited(app_factory, plaintexts):
    """Does a new ciphertext of the same name leave the story's `updated_at` as it was?"""
    query = text("SELECT id, updated_at FROM stories ORDER BY id")
    with db.engine.connect() as connection:
        before = connection.execute(query).all()
    assert rotate(app_factory(STORYBANK_ENCRYPTION_KEYS=f"{NEW},{OLD}")).exit_code == 0
    with db.engine.connect() as connection:
        assert connection.execute(query).all() == before


def test_undecryptable_values_are_reported_and_left_alone(app_factory, plaintexts):
    """Is a value no configured key opens counted, kept byte for byte, and the exit code 1,
    while every other value is still rotated and committed?"""
    story_id = next(row for table, _, row in plaintexts if table == "stories")
    stranger_token = Fernet(STRANGER.encode()).encrypt(b"Someone Else").decode()
    set_raw("stories", "contact_phone", story_id, "not-a-fernet-token")
    set_raw("stories", "storyteller_name", story_id, stranger_token)
    user_id = next(row for table, _, row in plaintexts if table == "staff_users")
    set_raw("staff_users", "totp_secret", user_id, "plain text, née unencrypted")
    broken = {
        ("stories", "contact_phone", story_id): "not-a-fernet-token",
        ("stories", "storyteller_name", story_id): stranger_token,
        ("staff_users", "totp_secret", user_id): "plain text, née unencrypted",
    }

    result = rotate(app_factory(STORYBANK_ENCRYPTION_KEYS=f"{NEW},{OLD}"))

    assert result.exit_code == 1
    assert "stories.storyteller_name    1 rotated, 1 undecryptable" in result.output
    assert "stories.contact_phone       0 rotated, 1 undecryptable" in result.output
    assert "staff_users.totp_secret     0 rotated, 1 undecryptable" in result.output
    assert "Total: 5 rotated, 3 undecryptable." in result.output
    assert "3 value(s) could not be decrypted with any configured key" in result.output
    after = raw_tokens()
    for cell, value in broken.items():
        assert after[cell] == value
    rotated = {cell: token for cell, token in after.items() if cell not in broken}
    assert len(rotated) == 5
    assert all(opens(NEW, token) and not opens(OLD, token) for token in rotated.values())


def test_console_script_exits_non_zero_on_undecryptable_values(database_url, plaintexts):
    """Does the installed `storybank keys rotate` end with a non-zero status and say why?"""
    story_id = next(row for table, _, row in plaintexts if table == "stories")
    set_raw("stories", "contact_phone", story_id, "not-a-fernet-token")
    environ = {
        **os.environ,
        **environ_for(database_url, STORYBANK_ENCRYPTION_KEYS=f"{NEW},{OLD}"),
    }

    result = run_console_script("keys", "rotate", environ=environ)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Total: 7 rotated, 1 undecryptable." in result.stdout
    assert "could not be decrypted with any configured key" in result.stderr
    assert raw_tokens()[("stories", "contact_phone", story_id)] == "not-a-fernet-token"


def test_rotation_is_audited_with_counts_only(app_factory, plaintexts):
    """Is one `keys.rotated` event written whose note has counts and no stored value?"""
    assert rotate(app_factory(STORYBANK_ENCRYPTION_KEYS=f"{NEW},{OLD}")).exit_code == 0
    tokens = raw_tokens().values()
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "keys.rotated"))
    event = events.one()
    assert event.actor_id is None and event.story_id is None
    assert event.note is not None
    assert "rotated=8; undecryptable=0" in event.note
    assert "stories.contact_email 2/0" in event.note
    for secret in [*plaintexts.values(), *tokens]:
        assert secret not in event.note


def test_rotation_in_small_batches_and_without_commit(app_factory, plaintexts):
    """Does the service page through rows in batches, and leave committing to its caller?"""
    before = raw_tokens()
    with app_factory(STORYBANK_ENCRYPTION_KEYS=f"{NEW},{OLD}").app_context():
        result = rotate_encryption_keys(batch_size=1)
        assert result.columns["stories.storyteller_name"].rotated == 2
        assert result.columns["consent_records.shown_name"].rotated == 2
        assert (result.rotated, result.undecryptable) == (8, 0)
        db.session.rollback()
        db.session.remove()
    assert raw_tokens() == before


def test_rotation_with_a_single_key_refreshes_the_tokens(app_factory, plaintexts):
    """With only one key configured, does rotation still run and keep every value readable?"""
    before = raw_tokens()
    only_old = app_factory(STORYBANK_ENCRYPTION_KEYS=OLD)
    assert rotate(only_old).exit_code == 0
    after = raw_tokens()
    assert set(after) == set(before)
    assert all(after[cell] != before[cell] for cell in before)
    assert read_through_orm(only_old) == plaintexts
