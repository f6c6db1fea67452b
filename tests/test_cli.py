"""The command line: db upgrade, users create, seed-demo, run."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import func, inspect, select

from conftest import environ_for, make_app, run_console_script
from storybank.extensions import db
from storybank.models import (
    AuditEvent,
    Campaign,
    ConsentText,
    Role,
    StaffUser,
    Story,
    StoryState,
    Theme,
)
from storybank.services.accounts import password_hasher

GOOD_PASSWORD = "copper kettle meadow sparrow"


def test_db_upgrade_creates_a_new_database(fresh_database_url, tmp_path):
    """Does `storybank db upgrade` (the console script) create every table in a new database?"""
    environ = {**os.environ, **environ_for(fresh_database_url)}
    result = run_console_script("db", "upgrade", environ=environ)
    assert result.returncode == 0, result.stderr
    app = make_app(fresh_database_url)
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
        db.engine.dispose()
    assert {"stories", "consent_records", "consent_events", "audit_events", "media"} <= tables


def test_users_create_with_password_on_stdin(app, runner):
    """Does `users create` make an Argon2id account from a password on standard input?"""
    result = runner.invoke(
        args=["users", "create", "Mina@Example.org", "--role", "moderator", "--password-stdin"],
        input=GOOD_PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created moderator account mina@example.org" in result.output
    user = db.session.scalars(select(StaffUser)).one()
    assert user.email == "mina@example.org"
    assert user.role is Role.MODERATOR
    assert user.password_hash.startswith("$argon2id$")
    assert password_hasher.verify(user.password_hash, GOOD_PASSWORD)
    assert user.totp_secret is None  # enrolment happens at first sign-in
    assert db.session.scalar(select(AuditEvent.action)) == "account.created"


def test_users_create_with_a_prompt(app, runner):
    result = runner.invoke(
        args=["users", "create", "ana@example.org", "--role", "admin"],
        input=f"{GOOD_PASSWORD}\n{GOOD_PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalars(select(StaffUser.role)).one() is Role.ADMIN


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("ana@example.org", "short", "at least 12 characters"),
        ("ana@example.org", "password1234", "too easy to guess"),
        ("not-an-address", GOOD_PASSWORD, "valid e-mail address"),
    ],
)
def test_users_create_refuses_bad_input(app, runner, email, password, message):
    """Are weak passwords and bad addresses refused, with nothing created?"""
    result = runner.invoke(
        args=["users", "create", email, "--role", "translator", "--password-stdin"],
        input=password + "\n",
    )
    assert result.exit_code == 1
    assert message in result.output
    assert db.session.scalar(select(func.count(StaffUser.id))) == 0


def test_users_create_refuses_a_duplicate(app, runner):
    args = ["users", "create", "ana@example.org", "--role", "admin", "--password-stdin"]
    assert runner.invoke(args=args, input=GOOD_PASSWORD + "\n").exit_code == 0
    args[2] = "ANA@example.org"
    result = runner.invoke(args=args, input=GOOD_PASSWORD + "\n")
    assert result.exit_code == 1
    assert "already exists" in result.output


def test_users_create_refuses_an_unknown_role(app, runner):
    result = runner.invoke(
        args=["users", "create", "ana@example.org", "--role", "owner", "--password-stdin"],
        input=GOOD_PASSWORD + "\n",
    )
    assert result.exit_code == 2
    assert "owner" in result.output


def test_seed_demo_adds_the_demo_once(app, runner):
    """Does seed-demo add the campaign, six themes, consent texts and stories, only once?"""
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count(Theme.id))) == 6
    assert db.session.scalar(select(func.count(Campaign.id))) == 1
    assert set(db.session.scalars(select(ConsentText.language))) >= {"en", "ko"}
    stories = db.session.scalars(select(Story)).all()
    assert 8 <= len(stories) <= 12
    assert {s.story_language for s in stories} >= {"ko", "en", "es", "zh-hans", "vi", "tl"}
    assert len({s.state for s in stories}) >= 4
    for story in stories:
        assert story.current_consent is not None
        assert story.current_consent.current_scopes == story.current_consent.scopes_from_events()
    withdrawn = [s for s in stories if s.state is StoryState.WITHDRAWN]
    assert all(s.original_text is None and s.storyteller_name is None for s in withdrawn)
    assert result.output.count("-") >= 3 * len(stories)  # one grouped claim code per story

    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0
    assert "already there" in again.output
    assert db.session.scalar(select(func.count(Story.id))) == len(stories)


def test_seeded_home_page_shows_published_stories_only(app, runner, client):
    """After seeding, does home list the published demo stories and nothing else?"""
    runner.invoke(args=["seed-demo"])
    html = client.get("/en/").get_data(as_text=True)
    stories = db.session.scalars(select(Story)).all()
    for story in stories:
        shown = f"/en/stories/{story.public_id}" in html
        assert shown == (story.state is StoryState.PUBLISHED), story.public_id


def test_run_command_is_the_development_server(database_url, monkeypatch):
    """Does `storybank run` offer Flask's development server?"""
    from click.testing import CliRunner

    from storybank.cli import cli

    for name, value in environ_for(database_url).items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(cli, ["run", "--help"])
    assert result.exit_code == 0
    assert "development server" in result.output.lower()
