"""Migrations: the models agree with the latest migration; every step upgrades and downgrades."""

from __future__ import annotations

import re
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from conftest import make_app
from storybank.extensions import db
from storybank.models._types import utcnow
from storybank.models.search import is_mapped_schema


def script_directory(app) -> ScriptDirectory:
    return ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())


def test_models_match_the_latest_migration(fresh_database_url):
    """Would autogenerate find nothing to add after `db upgrade`?"""
    app = make_app(fresh_database_url)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_object": is_mapped_schema}
            )
            differences = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert differences == []


def test_every_migration_upgrades_and_downgrades(fresh_database_url):
    """Does each revision apply, undo and re-apply cleanly, ending with no tables at base?"""
    app = make_app(fresh_database_url)
    with app.app_context():
        revisions = [r.revision for r in script_directory(app).walk_revisions("base", "heads")]
        revisions.reverse()  # oldest first
        assert revisions, "no migrations found"
        previous = "base"
        for revision in revisions:
            upgrade(revision=revision)
            downgrade(revision=previous)
            upgrade(revision=revision)
            previous = revision
        downgrade(revision="base")
        remaining = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        db.engine.dispose()
    assert remaining == set()


def test_migration_files_are_date_prefixed(app):
    """Do revision files sort in the order they were written?"""
    for revision in script_directory(app).walk_revisions():
        name = revision.path.rsplit("/", 1)[-1]
        assert name[:8].isdigit() and name[8] == "_", name


def test_migration_files_list_in_the_order_of_their_chain(app):
    """Does the folder, sorted by name, list the revisions as the chain runs from the first to
    the latest, each named after the date and time it says it was created?"""
    scripts = script_directory(app)
    chain = [Path(revision.path).name for revision in scripts.walk_revisions()][::-1]
    assert sorted(chain) == chain
    assert sorted(path.name for path in Path(scripts.versions).glob("*.py")) == chain
    for revision in scripts.walk_revisions():
        created = re.search(
            r"^Create Date: (\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d)", revision.module.__doc__, re.M
        )
        assert created, revision.path
        year, month, day, hour, minute = created.groups()
        assert Path(revision.path).name.startswith(
            f"{year}{month}{day}_{hour}{minute}_{revision.revision}_"
        )


def test_revision_reasons_become_values_and_back(fresh_database_url):
    """Do the English sentences once stored as revision reasons become the enum's values (with
    the redacted kinds in their own column), and the sentences again on the way down?"""
    from sqlalchemy import text

    from storybank import claimcode
    from storybank.models import PublishableRevision, RevisionReason, Story

    app = make_app(fresh_database_url)
    with app.app_context():
        upgrade()
        story = Story(
            story_language="en",
            title="A story",
            original_text="What happened.",
            claim_code_hash=claimcode.digest(claimcode.generate()),
        )
        story.revisions = [
            PublishableRevision(number=1, text="What happened."),
            PublishableRevision(number=2, text="x", reason=RevisionReason.EDITED),
            PublishableRevision(
                number=3, text="y", reason=RevisionReason.REDACTED, redacted_kinds="a_number,phone"
            ),
            PublishableRevision(number=4, text="z", reason=RevisionReason.STORYTELLER_REVISED),
        ]
        db.session.add(story)
        db.session.commit()
        stored = text("SELECT reason FROM publishable_revisions ORDER BY number")

        downgrade(revision="f25100a3b6a5")
        with db.engine.connect() as connection:
            sentences = connection.scalars(stored).all()
        upgrade()
        with db.engine.connect() as connection:
            values = connection.execute(
                text("SELECT reason, redacted_kinds FROM publishable_revisions ORDER BY number")
            ).all()
        db.session.remove()
        db.engine.dispose()
    assert sentences == [
        None,
        "edited by a moderator",
        "redacted: a_number, phone",
        "revised by the storyteller",
    ]
    assert [tuple(row) for row in values] == [
        (None, None),
        ("edited", None),
        ("redacted", "a_number,phone"),
        ("storyteller_revised", None),
    ]


def test_changing_the_stories_table_keeps_every_row_that_refers_to_it(fresh_database_url):
    """SQLite changes a table by copying it: does taking the story states back down and up
    again keep each story's revisions (ON DELETE CASCADE must not fire), put a story in a
    newer state back in review, and count the states afresh?"""
    from sqlalchemy import text

    from storybank import claimcode
    from storybank.models import PublishableRevision, Story, StoryState

    app = make_app(fresh_database_url)
    with app.app_context():
        upgrade()
        for state in (StoryState.APPROVED, StoryState.PUBLISHED):
            story = Story(
                story_language="en",
                title="A story",
                original_text="What happened.",
                claim_code_hash=claimcode.digest(claimcode.generate()),
                state=state,
                published_at=utcnow() if state is StoryState.PUBLISHED else None,
            )
            story.revisions = [PublishableRevision(number=1, text="What happened.")]
            db.session.add(story)
        db.session.commit()
        db.session.remove()

        downgrade(revision="6adfd59cb607")
        with db.engine.connect() as connection:
            states = connection.scalars(text("SELECT state FROM stories ORDER BY id")).all()
            revisions = connection.scalar(text("SELECT count(*) FROM publishable_revisions"))
            counted = dict(
                connection.execute(text("SELECT state, number FROM story_state_counts")).all()
            )
        upgrade()
        with db.engine.connect() as connection:
            after = connection.scalar(text("SELECT count(*) FROM publishable_revisions"))
        db.engine.dispose()
    assert states == ["in_review", "published"]
    assert revisions == after == 2
    assert counted == {"in_review": 1, "published": 1}
