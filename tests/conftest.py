"""Fixtures: an application per test on a migrated database (SQLite, or PostgreSQL when
STORYBANK_TEST_DATABASE_URL is set), clients, factories and staff personas."""

from __future__ import annotations

import contextlib
import contextvars
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from flask import Flask, g
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from storybank import create_app
from storybank.catalogs import compile_all
from storybank.extensions import db as _db

PROJECT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("STORYBANK_TEST_DATABASE_URL", "")
pytest_plugins = ("browser_support", "outage_support")
TEST_SECRET = "test-secret-key-that-is-long-enough-for-storybank"
TEST_KEYS = (Fernet.generate_key().decode(), Fernet.generate_key().decode())
# Withdrawals made by the tests are recorded here, never in the project's instance folder.
TEST_LEDGER = Path(tempfile.mkdtemp(prefix="storybank-ledger-")) / "withdrawals.ledger"


def environ_for(database_url: str, **extra: str) -> dict[str, str]:
    """The STORYBANK_* variables of a test application."""
    return {
        "STORYBANK_ENV": "testing",
        "STORYBANK_SECRET_KEY": TEST_SECRET,
        "STORYBANK_ENCRYPTION_KEYS": ",".join(TEST_KEYS),
        "STORYBANK_DATABASE_URL": database_url,
        "STORYBANK_WITHDRAWAL_LEDGER": str(TEST_LEDGER),
        **extra,
    }


def run_console_script(*args: str, environ: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run the installed `storybank` command as a person would."""
    script = Path(sys.executable).with_name("storybank")
    return subprocess.run(
        [str(script), *args], env=environ, capture_output=True, text=True, timeout=120, check=False
    )


def make_app(database_url: str, **extra: str) -> Flask:
    return create_app(environ=environ_for(database_url, **extra))


def migrate_to_head(database_url: str) -> None:
    from flask_migrate import upgrade

    app = make_app(database_url)
    with app.app_context():
        upgrade()
        _db.engine.dispose()


def drop_postgres_database(database_url: str) -> None:
    url = make_url(database_url)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
    admin.dispose()


def postgres_database(suffix: str) -> str:
    """A fresh, empty UTF-8 PostgreSQL database named after the configured one."""
    url = make_url(PG_URL)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    name = f"{url.database}_{suffix}{('_' + worker) if worker else ''}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(
            text(
                f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' "
                "LC_CTYPE 'C.UTF-8' TEMPLATE template0"
            )
        )
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def empty_postgres(database_url: str) -> None:
    """Leave the shared PostgreSQL database as empty as the other tests expect it."""
    engine = create_engine(database_url)
    with engine.begin() as connection:
        tables = connection.execute(
            text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename != 'alembic_version'"
            )
        ).scalars()
        names = ", ".join(f'"{name}"' for name in tables)
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def shipped_gunicorn(environ: dict[str, str], log_path: Path) -> Iterator[int]:
    """storybank under the shipped gunicorn.conf.py with `environ`, one worker on a free port,
    its output in `log_path`; yields the port once it takes connections."""
    port = free_port()
    environ = {**environ, "STORYBANK_BIND": f"127.0.0.1:{port}", "STORYBANK_WORKERS": "1"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [str(gunicorn), "-c", "gunicorn.conf.py"],
            cwd=PROJECT,
            env=environ,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            yield port
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)


def pytest_report_header() -> str:
    return f"storybank database: {'PostgreSQL' if PG_URL else 'SQLite'}"


# Lines in which checks say how much they covered ("144 pages checked"), shown at the end of
# the run: recorded as test properties, they reach the summary from parallel workers too.
COVERAGE_LINES: list[str] = []


@pytest.fixture
def coverage_line(record_property: Callable[[str, object], None]) -> Callable[[str], None]:
    """Say, in the run's summary, how much this check covered."""

    def say(line: str) -> None:
        record_property("coverage", line)

    return say


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call" and report.passed:
        COVERAGE_LINES.extend(str(v) for name, v in report.user_properties if name == "coverage")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if COVERAGE_LINES:
        terminalreporter.section("what the checks covered")
        for line in COVERAGE_LINES:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogs() -> None:
    compile_all()


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database migrated to head once per session: a file to copy, or a PostgreSQL URL."""
    if PG_URL:
        url = postgres_database("suite")
        migrate_to_head(url)
        return url
    path = tmp_path_factory.mktemp("template") / "storybank.db"
    migrate_to_head(f"sqlite:///{path}")
    return str(path)


@pytest.fixture
def database_url(migrated_template: str, tmp_path: Path) -> Iterator[str]:
    """An empty, migrated database for one test."""
    if not PG_URL:
        path = tmp_path / "storybank.db"
        shutil.copyfile(migrated_template, path)
        yield f"sqlite:///{path}"
        return
    yield migrated_template
    empty_postgres(migrated_template)


@pytest.fixture
def fresh_database_url(tmp_path: Path) -> Iterator[str]:
    """An empty database with no tables at all (for migration and CLI tests)."""
    if not PG_URL:
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    url = postgres_database(f"fresh_{uuid.uuid4().hex[:8]}")
    yield url
    drop_postgres_database(url)


@pytest.fixture
def app_factory(database_url: str) -> Iterator[Callable[..., Flask]]:
    """Make applications with extra settings; their connections are closed afterwards."""
    made: list[Flask] = []

    def factory(url: str | None = None, **settings: str) -> Flask:
        application = make_app(url or database_url, **settings)
        application.test_client_class = RequestClient
        made.append(application)
        return application

    yield factory
    for application in made:
        with application.app_context():
            _db.session.remove()
            _db.engine.dispose()


class RequestClient(FlaskClient):
    """A test client whose every request runs in its own application context, as in a server:
    its own `g` and its own database session, whatever context the test itself holds."""

    def open(self, *args: Any, **kwargs: Any) -> Any:
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture
def app(app_factory: Callable[..., Flask]) -> Iterator[Flask]:
    application = app_factory()
    with application.app_context():
        # The test inspects the database between requests: its reads must not hold SQLite's
        # write lock while the requests it makes need it.
        g.reads_only = True
        yield application
        _db.session.remove()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def db(app: Flask) -> Any:
    return _db


@pytest.fixture
def make_staff(app: Flask) -> Callable[..., Any]:
    from storybank.models import Role
    from storybank.services.accounts import create_staff_user

    def make(role: str = "moderator", email: str | None = None) -> Any:
        _db.session.commit()  # a fresh snapshot, keeping whatever the test changed
        user = create_staff_user(
            email or f"{role}-{uuid.uuid4().hex[:6]}@example.org",
            Role(role),
            "river stone lantern harvest",
        )
        _db.session.commit()
        return user

    return make


@pytest.fixture
def moderator(make_staff: Callable[..., Any]) -> Any:
    return make_staff("moderator")


@pytest.fixture
def admin(make_staff: Callable[..., Any]) -> Any:
    return make_staff("admin")


@pytest.fixture
def translator(make_staff: Callable[..., Any]) -> Any:
    return make_staff("translator")


@pytest.fixture
def make_story(app: Flask) -> Callable[..., Any]:
    """Build a story with its consent record, first revision and `given` event."""
    from storybank import claimcode
    from storybank.models import (
        Attribution,
        ConsentEvent,
        ConsentEventKind,
        ConsentMethod,
        ConsentRecord,
        ConsentText,
        PublishableRevision,
        Story,
        StoryState,
    )
    from storybank.models._types import utcnow
    from storybank.services.moderation import refresh_flag_count

    def make(
        *,
        state: str = "submitted",
        language: str = "en",
        title: str = "A story",
        body: str = "What happened to my family.",
        scopes: tuple[str, ...] = ("store", "publish"),
        attribution: str = "anonymous",
        storyteller_name: str | None = "Test Storyteller",
        shown_name: str | None = None,
    ) -> Any:
        _db.session.commit()  # a fresh snapshot: requests may have written since the last read
        consent_text = _db.session.query(ConsentText).filter_by(language="en").first()
        if consent_text is None:
            consent_text = ConsentText(version=1, language="en", body="You agree to this.")
            _db.session.add(consent_text)
        now = utcnow()
        story_state = StoryState(state)
        story = Story(
            story_language=language,
            title=title,
            original_text=body,
            storyteller_name=storyteller_name,
            claim_code_hash=claimcode.digest(claimcode.generate()),
            state=story_state,
            published_at=now
            if story_state in (StoryState.PUBLISHED, StoryState.UNPUBLISHED)
            else None,
            withdrawn_at=now if story_state is StoryState.WITHDRAWN else None,
        )
        story.revisions = [PublishableRevision(number=1, title=title, text=body)]
        record = ConsentRecord(
            story=story,
            consent_text=consent_text,
            text_version=1,
            text_sha256=consent_text.body_sha256,
            language_shown="en",
            language_requested=language,
            scopes_given=frozenset(scopes),
            current_scopes=frozenset(scopes),
            attribution=Attribution(attribution),
            shown_name=shown_name,
            method=ConsentMethod.ONLINE,
            age_confirmed=True,
        )
        record.events = [ConsentEvent(kind=ConsentEventKind.GIVEN, scopes=frozenset(scopes))]
        _db.session.add_all([story, record])
        _db.session.flush()
        refresh_flag_count(story)
        _db.session.commit()
        return story

    return make


HIDDEN_INPUT = re.compile(r'<input[^>]*name="([a-z_]+)"[^>]*type="hidden"[^>]*value="([^"]*)"')
KO_CONSENT = "이야기를 보관하고 선택하신 대로만 사용합니다."
EN_CONSENT = "We keep your story and use it only as you choose."


def hidden_fields(html: str) -> dict[str, str]:
    """The hidden inputs of a page (the form token, the idempotency key, the consent version)."""
    return {name: unescape(value) for name, value in HIDDEN_INPUT.findall(html)}


def story_fields(**overrides: Any) -> dict[str, Any]:
    """A complete, valid story form; `None` leaves a field out (an unticked box)."""
    fields: dict[str, Any] = {
        "title": "Eight years of waiting",
        "body": "My sister filed for us in 2009. We are still waiting.",
        "story_language": "en",
        "attribution": "first_name",
        "storyteller_name": "Kim Eun-jin",
        "shown_name": "Eun Jin",
        "region": "IL",
        "city": "Chicago",
        "consent_store": "y",
        "consent_publish": "y",
        "age_confirm": "y",
    }
    fields.update(overrides)
    return {name: value for name, value in fields.items() if value is not None}


@pytest.fixture
def storyteller_world(app: Flask) -> Any:
    """What the story form needs: consent texts in English and Korean, themes and a campaign."""
    from storybank.models import Campaign, CampaignText, ConsentText, Theme, ThemeName

    _db.session.add_all(
        [
            ConsentText(version=1, language="en", body=EN_CONSENT),
            ConsentText(version=1, language="ko", body=KO_CONSENT),
            Theme(
                slug="family",
                position=0,
                names=[ThemeName(locale="en", name="Family"), ThemeName(locale="ko", name="가족")],
            ),
            Theme(slug="work", position=1, names=[ThemeName(locale="en", name="Work")]),
            Campaign(
                slug="waiting-years",
                texts=[
                    CampaignText(locale="en", name="Waiting years", prompt="How long?"),
                    CampaignText(locale="ko", name="기다린 세월", prompt="얼마나 기다리셨나요?"),
                ],
            ),
        ]
    )
    _db.session.commit()


@pytest.fixture
def share(client: FlaskClient, storyteller_world: Any) -> Callable[..., Any]:
    """Open the story form in `locale`, then send it with `fields` (and `files`)."""

    def send(
        locale: str = "en",
        fields: dict[str, Any] | None = None,
        files: dict[str, tuple[bytes, str]] | None = None,
        path: str = "share",
        **extra: Any,
    ) -> Any:
        page = client.get(f"/{locale}/{path}")
        assert page.status_code == 200, page.status_code
        data = MultiDict(hidden_fields(page.get_data(as_text=True)))
        for name, value in (story_fields() if fields is None else fields).items():
            data.setlist(name, value if isinstance(value, list) else [value])
        for name, (content, filename) in (files or {}).items():
            data[name] = FileStorage(io.BytesIO(content), filename=filename)
        # Encoded in memory: the test client would spool large bodies to files it never closes.
        boundary, body = encode_multipart(data)
        return client.post(
            f"/{locale}/{path}",
            data=body,
            content_type=f"multipart/form-data; boundary={boundary}",
            **extra,
        )

    return send


def stored_stories() -> list[Any]:
    from storybank.models import Story

    _db.session.rollback()  # end the test's own snapshot: see what the requests committed
    return list(_db.session.scalars(select(Story).order_by(Story.id)))


def claim_code_in(html: str) -> str:
    found = re.search(r'id="claim-code"[^>]*>([0-9A-Z-]+)<', html)
    assert found, "the page shows no claim code"
    return found[1]


STAFF_PASSWORD = "river stone lantern harvest"
TOTP_SECRET = re.compile(r'id="totp-secret"[^>]*>([A-Z2-7]+)<')


def form_token(client: FlaskClient, path: str) -> str:
    """The form token of a page (which also starts the session that holds it)."""
    html = client.get(path).get_data(as_text=True)
    for tag in INPUT_TAG.findall(html):
        attributes = dict(ATTRIBUTE.findall(tag))
        if attributes.get("name") == "csrf_token":
            return unescape(attributes["value"])
    raise AssertionError(f"{path} has no form token")


def sign_in(client: FlaskClient, email: str, password: str = STAFF_PASSWORD) -> str:
    """Sign in with a password, enrol the second factor, and return its secret."""
    import pyotp

    token = form_token(client, "/moderate/login")
    answer = client.post(
        "/moderate/login", data={"csrf_token": token, "email": email, "password": password}
    )
    assert answer.status_code == 303, answer.get_data(as_text=True)
    assert answer.location.endswith("/moderate/login/enrol"), answer.location
    page = client.get("/moderate/login/enrol").get_data(as_text=True)
    found = TOTP_SECRET.search(page)
    assert found, "the enrolment page shows no secret"
    secret = found[1]
    answer = client.post(
        "/moderate/login/enrol",
        data={"csrf_token": hidden_fields(page)["csrf_token"], "totp": pyotp.TOTP(secret).now()},
    )
    assert answer.status_code == 303, answer.get_data(as_text=True)
    return secret


@pytest.fixture
def staff_client(app: Flask, make_staff: Callable[..., Any]) -> Callable[..., Any]:
    """A client signed in as a new account of `role` (the account is `client.user`)."""

    def make(role: str = "moderator") -> Any:
        user = make_staff(role)
        client = app.test_client()
        sign_in(client, user.email)
        client.user = user  # type: ignore[attr-defined]
        return client

    return make


def post_form(client: FlaskClient, page_path: str, action: str, **fields: Any) -> Any:
    """Send a form of a staff page: its token from `page_path`, `fields` as typed."""
    return client.post(action, data={"csrf_token": form_token(client, page_path), **fields})


INPUT_TAG = re.compile(r"<input\b([^>]*)>")
ATTRIBUTE = re.compile(r'([a-z_-]+)="([^"]*)"')


def forms_in(html: str, action: str) -> list[tuple[str, dict[str, str]]]:
    """Each form posting to `action`: its HTML and its hidden fields (any attribute order)."""
    found = []
    for match in re.finditer(r'<form\b[^>]*action="([^"]*)"[^>]*>(.*?)</form>', html, re.S):
        if unescape(match[1]).split("?")[0] != action:
            continue
        fields = {}
        for tag in INPUT_TAG.findall(match[2]):
            attributes = dict(ATTRIBUTE.findall(tag))
            if attributes.get("type") == "hidden" and "name" in attributes:
                fields[attributes["name"]] = unescape(attributes.get("value", ""))
        found.append((match[2], fields))
    return found


def add_translation(
    story: Any,
    reviewer: Any,
    language: str,
    title: str | None,
    text: str,
    state: str = "approved",
    **extra: Any,
) -> Any:
    """A translation of the story's current text, approved by `reviewer` unless told otherwise."""
    from storybank.models import StoryTranslation, TranslationState

    review_state = TranslationState(state)
    translation = StoryTranslation(
        story=story,
        language=language,
        title=title,
        text=text,
        review_state=review_state,
        reviewed_by=reviewer if review_state is TranslationState.APPROVED else None,
        source_revision_number=story.current_revision.number,
        **extra,
    )
    _db.session.add(translation)
    _db.session.commit()
    return translation


def take_out_of_public(story: Any, moderator: Any, how: str) -> None:
    """End a published story's public life: a moderator unpublishes it (`unpublish`), the
    storyteller takes back `publish` (`narrow`), or withdraws it (`withdraw`)."""
    from storybank.models import Scope
    from storybank.services import decisions, moderation, storyteller

    if how == "unpublish":
        moderation.claim(story, moderator, seen_holder_id=None)
        decisions.decide(story, moderator, "unpublish", "taking it down")
    elif how == "narrow":
        storyteller.narrow_consent(story, frozenset({Scope.STORE}))
    elif how == "withdraw":
        storyteller.withdraw(story)
    else:
        raise ValueError(how)
    _db.session.commit()
