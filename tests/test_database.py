"""The database layer: SQLite settings, concurrent writers, constraints, append-only records,
encryption at rest, and the one definition of what the public may see."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import delete, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from conftest import PG_URL
from storybank.extensions import db
from storybank.models import (
    ActorKind,
    AppendOnlyError,
    AuditEvent,
    ConsentEvent,
    ConsentEventKind,
    PublicEdition,
    Story,
    Theme,
)
from storybank.services.public import attribution_text, is_public, public_stories

sqlite_only = pytest.mark.skipif(bool(PG_URL), reason="SQLite settings")


@sqlite_only
def test_sqlite_connection_settings(app):
    """Are WAL, synchronous=FULL, foreign keys and a busy timeout on for every connection?"""
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_concurrent_writers_all_succeed(app_factory):
    """Do many simultaneous writers queue instead of failing with "database is locked", even
    when the public edition's row does not exist yet and all of them create it at once?"""
    app = app_factory()
    with app.app_context():
        db.session.execute(delete(PublicEdition))
        db.session.commit()
    writers, rows_each = 8, 15
    errors: list[BaseException] = []
    start = threading.Barrier(writers)

    def write(worker: int) -> None:
        try:
            with app.app_context():
                start.wait()
                for row in range(rows_each):
                    # Read first, then write: the pattern that fails when locks are upgraded.
                    db.session.scalar(select(Theme.id).limit(1))
                    db.session.add(Theme(slug=f"w{worker}-{row}", position=row))
                    db.session.commit()
                db.session.remove()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    with app.app_context():
        assert db.session.query(Theme).count() == writers * rows_each
        assert db.session.get(PublicEdition, 1).number == writers * rows_each + 1


@pytest.mark.parametrize(
    "change",
    [
        "state = 'archived'",  # not a state of the lifecycle
        "state = 'withdrawn'",  # withdrawn without the time it happened
        "state = 'published'",  # published without the time it happened
        "region = 'I'",  # not a two-letter code
        "original_text = NULL",  # text erased without withdrawal
    ],
)
def test_story_invariants_are_held_by_the_database(app, make_story, change):
    """Does the database itself refuse a story that breaks the lifecycle's rules?"""
    story = make_story()
    with pytest.raises(IntegrityError):
        db.session.execute(text(f"UPDATE stories SET {change} WHERE id = :id"), {"id": story.id})
    db.session.rollback()


def test_audit_events_are_append_only(app, make_story):
    """Can an audit event be neither changed nor deleted, through the ORM or plain SQL?"""
    story = make_story()
    event = AuditEvent(action="story.viewed", actor_kind=ActorKind.SYSTEM, story=story)
    db.session.add(event)
    db.session.commit()

    event.note = "rewritten history"
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()

    db.session.delete(event)
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()

    for statement in ("UPDATE audit_events SET note = 'x'", "DELETE FROM audit_events"):
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()


def test_consent_events_are_append_only(app, make_story):
    story = make_story()
    for statement in (
        "UPDATE consent_events SET scopes = 'store publish press'",
        "DELETE FROM consent_events",
    ):
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
    event = db.session.scalars(select(ConsentEvent)).one()
    assert event.kind is ConsentEventKind.GIVEN
    assert story.current_consent.scopes_from_events() == {"store", "publish"}


def test_personal_details_are_encrypted_at_rest(app, make_story):
    """Does a raw read of the database show no storyteller name, contact or shown name?"""
    story = make_story(
        storyteller_name="김순자", attribution="pen_name", shown_name="시카고 할머니"
    )
    story.contact_email = "soonja@example.org"
    story.contact_phone = "(312) 555-0147"
    db.session.commit()
    row = db.session.execute(
        text("SELECT storyteller_name, contact_email, contact_phone FROM stories")
    ).one()
    shown = db.session.execute(text("SELECT shown_name FROM consent_records")).scalar()
    for stored, plain in zip(
        (*row, shown),
        ("김순자", "soonja@example.org", "(312) 555-0147", "시카고 할머니"),
        strict=True,
    ):
        assert stored and plain not in stored and stored.startswith("gAAAA")
    db.session.expire_all()
    again = db.session.get(Story, story.id)
    assert again.storyteller_name == "김순자"
    assert again.contact_phone == "(312) 555-0147"


@pytest.mark.parametrize(
    ("state", "scopes", "public"),
    [
        ("published", ("store", "publish"), True),
        ("published", ("store",), False),
        ("unpublished", ("store", "publish"), False),
        ("in_review", ("store", "publish"), False),
        ("submitted", ("store", "publish", "press"), False),
        ("declined", ("store", "publish"), False),
    ],
)
def test_one_definition_of_public(app, make_story, state, scopes, public):
    """Does the public query agree with the per-story check, by state and consent?"""
    story = make_story(state=state, scopes=scopes)
    listed = db.session.scalars(public_stories()).all()
    assert (story in listed) is public
    assert is_public(story) is public


def test_attribution_is_exactly_what_was_chosen(app, make_story):
    """Is the full name shown only with `full_name`, and the typed text otherwise?"""
    full = make_story(attribution="full_name", storyteller_name="Eun Jin Kim")
    first = make_story(
        attribution="first_name", storyteller_name="Eun Jin Kim", shown_name="Eun Jin"
    )
    anonymous = make_story(attribution="anonymous", storyteller_name="Eun Jin Kim")
    assert attribution_text(full) == "Eun Jin Kim"
    assert attribution_text(first) == "Eun Jin"
    assert attribution_text(anonymous) is None
