"""A database that goes away: every page answers 503 with `Retry-After` in the visitor's language
(JSON under /api/), never a bare 500; a form sent during the outage comes back whole, to be sent
again once the database is back, and the site recovers by itself.

The outage is made on the application's real engine: its pool is emptied and every new connection
is refused with the driver's own error (on PostgreSQL also: an application whose server is not
there at all, and connections the server ends in the middle of a request)."""

from __future__ import annotations

import contextlib
import io
import sqlite3
from collections import Counter
from collections.abc import Iterator
from typing import Any

import lxml.html
import psycopg
import pytest
import test_fuzz
from flask import Flask, has_app_context
from sqlalchemy import event, select, text
from sqlalchemy.exc import (
    DataError,
    DBAPIError,
    DisconnectionError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    ProgrammingError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout
from test_fuzz import Fuzz, send
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from browser_support import axe_violations, catalog, needs_sqlite_run, save_screenshot
from conftest import (
    PG_URL,
    claim_code_in,
    free_port,
    hidden_fields,
    stored_stories,
    story_fields,
)
from fuzzing import (
    Request,
    claim_code_requests,
    draw_requests,
    odd_body_requests,
    page_requests,
    staff_requests,
    story_form_requests,
)
from fuzzing.values import PNG, weighted
from storybank.database import is_unavailable
from storybank.errors import RETRY_AFTER_SECONDS
from storybank.extensions import db as _db
from storybank.extensions import limiter

TITLE = "We have a short technical problem"
SEND_AGAIN = "Send again"
STORY = (
    "언니가 2009년에 우리를 초청했습니다.\n\n우리는 아직도 기다리고 있습니다. 잊지 않으려고 씁니다."
)


def driver_refusal() -> Exception:
    """The error the database driver itself raises when no connection can be made."""
    if PG_URL:
        return psycopg.OperationalError(
            'connection failed: connection to server at "127.0.0.1", port 5432 failed: '
            "Connection refused"
        )
    error = sqlite3.OperationalError("unable to open database file")
    error.sqlite_errorcode = 14  # type: ignore[attr-defined]  # SQLITE_CANTOPEN
    return error


@contextlib.contextmanager
def outage(app: Flask) -> Iterator[Any]:
    """The database goes away: the pooled connections are closed and every new one is refused
    by the driver, until the block ends."""
    with app.app_context():
        engine = _db.engine

    def refuse(*_args: Any) -> None:
        raise driver_refusal()

    if has_app_context():
        _db.session.rollback()  # the test's own connection goes back to the pool, to be closed
    event.listen(engine, "do_connect", refuse)
    engine.dispose()
    try:
        yield engine
    finally:
        event.remove(engine, "do_connect", refuse)


def assert_unavailable(response: Any) -> str:
    """A 503 with Retry-After that no cache keeps; returns the page."""
    html = response.get_data(as_text=True)
    assert response.status_code == 503, (response.status_code, html[:400])
    assert response.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response.headers["Cache-Control"] == "no-store"
    assert "Traceback" not in html
    return html


def ko(message: str) -> str:
    return catalog("ko").gettext(message)


def kept_fields(html: str) -> tuple[str, str, MultiDict[str, str], list[str]]:
    """The form of a 503 page: its action, enctype, hidden fields (repeated names kept) and the
    names of its file inputs."""
    [form] = lxml.html.fromstring(html).xpath("//form[@class='kept-form']")
    fields: MultiDict[str, str] = MultiDict()
    for hidden in form.xpath(".//input[@type='hidden']"):
        fields.add(hidden.get("name"), hidden.get("value") or "")
    files = [upload.get("name") for upload in form.xpath(".//input[@type='file']")]
    return form.get("action"), form.get("enctype"), fields, files


def shown_texts(html: str) -> list[str]:
    """The texts a 503 page shows to copy."""
    return [area.text_content() for area in lxml.html.fromstring(html).xpath("//textarea")]


def multipart(client: Any, path: str, fields: MultiDict[str, Any]) -> Any:
    boundary, body = encode_multipart(fields)
    return client.post(path, data=body, content_type=f"multipart/form-data; boundary={boundary}")


@pytest.fixture
def opened_form(client, storyteller_world) -> MultiDict[str, Any]:
    """The Korean story form, opened while the database was there, filled in with a photo."""
    page = client.get("/ko/share")
    assert page.status_code == 200
    fields: MultiDict[str, Any] = MultiDict(hidden_fields(page.get_data(as_text=True)))
    typed = story_fields(
        story_language="ko", title="기다림의 여덟 해", body=STORY, themes=["family", "work"]
    )
    for name, value in typed.items():
        fields.setlist(name, value if isinstance(value, list) else [value])
    fields["photo"] = FileStorage(io.BytesIO(PNG), filename="우리 가족.png")
    return fields


# ---------------------------------------------------------------------------------------------
# Every route


# Routes that need no database: during an outage they answer as always.
NO_DATABASE = frozenset(
    {
        "GET static",
        "GET site.root",
        "GET site.choose_language",
        "GET site.theme_css",
        # The page nginx shows for a body over the size limit.
        "GET site.request_too_large",
        "GET discovery.robots",
        "GET api.openapi",
        "GET stories.privacy",
        "GET submit.my_story",
        "GET moderate.login",
        "GET moderate.second_factor",
        "GET moderate.enrol",
        # A visitor who gave no password yet is sent back to the first step.
        "POST moderate.second_factor",
        "POST moderate.enrol",
    }
)
# The steps of signing in, sent by a visitor who is not signed in.
SIGN_IN = frozenset({"moderate.login", "moderate.second_factor", "moderate.enrol"})


def route_requests(app: Flask, values: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(endpoint, method, path) for every rule and method of the url_map, in Korean and
    English for the routes with a language."""
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            locales = ("ko", "en") if "locale" in rule.arguments else (None,)
            for locale in locales:
                arguments = {name: values[name] for name in rule.arguments if name != "locale"}
                if locale:
                    arguments["locale"] = locale
                path = rule.build(arguments, append_unknown=False)
                assert path is not None, rule
                yield rule.endpoint, method, path[1]


def test_every_route_answers_503_with_retry_after(
    app, client, staff_client, make_story, storyteller_world
):
    """During the outage, does every route of the url_map, public and staff, GET and POST, in
    Korean and English, answer 503 with Retry-After (or, needing no database, as always), and
    never 500?"""
    story = make_story(state="published")
    staff = staff_client("admin")
    token = hidden_fields(client.get("/ko/my-story").get_data(as_text=True))["csrf_token"]
    staff_token = hidden_fields(staff.get("/moderate/intake").get_data(as_text=True))["csrf_token"]
    values = {
        "slug": "waiting-years",
        "public_id": story.public_id,
        "media_id": story.public_id,
        "story_id": story.id,
        "campaign_id": 1,
        "text_id": 1,
        "theme_id": 1,
        "user_id": 1,
        "language": "ko",
        "tag": "ko",
        "filename": "css/storybank.css",
    }
    answered: dict[int, set[str]] = {}
    served: set[str] = set()  # answered as always
    with outage(app):
        # Signing out last: the signed-in client stays signed in for every other staff route.
        for endpoint, method, path in sorted(
            route_requests(app, values), key=lambda request: request[0] == "moderate.logout"
        ):
            limiter.reset()
            staff_area = path.startswith("/moderate")
            sender, form_token = (staff, staff_token) if staff_area else (client, token)
            if endpoint in SIGN_IN:
                # Each step from a visitor of its own: a step refused clears the session.
                sender = app.test_client()
                form_token = hidden_fields(sender.get("/moderate/login").get_data(as_text=True))[
                    "csrf_token"
                ]
            if method == "GET":
                response = sender.get(path, headers={"Accept-Language": "ko"})
            else:
                body = {
                    "csrf_token": form_token,
                    "code": "AAAA-BBBB-CCCC-DDDD",
                    "note": "적어 둔 메모",
                    "body": STORY,
                    "email": "someone@example.org",
                    "password": "river stone lantern harvest",
                    "totp": "123456",
                }
                response = sender.post(path, data=body, headers={"Accept-Language": "ko"})
            response.close()
            status = response.status_code
            answered.setdefault(status, set()).add(f"{method} {path} ({endpoint})")
            assert status < 500 or status == 503, (method, path, status)
            if status == 503:
                html = assert_unavailable(response)
                if path.startswith("/ko/") or staff_area:
                    assert ko(TITLE) in html, (method, path)
            else:
                served.add(f"{method} {endpoint}")
    assert served <= NO_DATABASE, {k: v for k, v in answered.items() if k != 503}
    assert len(answered[503]) > 60, answered


# ---------------------------------------------------------------------------------------------
# The story form: nothing typed is lost, and sending it again stores it once


def test_the_story_form_comes_back_whole(app, client, opened_form):
    """Does the story form sent during the outage come back in Korean with every field to send
    again (form token and submission key included), the story shown to copy, and the photo asked
    for again?"""
    with outage(app):
        response = multipart(client, "/ko/share", opened_form)
    html = assert_unavailable(response)
    assert '<html lang="ko"' in html
    for message in (TITLE, SEND_AGAIN, "What you wrote"):
        assert ko(message) in html, message
    action, enctype, fields, files = kept_fields(html)
    assert (action, enctype) == ("/ko/share", "multipart/form-data")
    for name in ("csrf_token", "submission_key", "consent_version", "title", "body"):
        assert fields[name] == opened_form[name], name
    assert fields.getlist("themes") == ["family", "work"]
    assert files == ["photo"]
    assert "우리 가족.png" in html
    assert [text.replace("\r\n", "\n") for text in shown_texts(html)] == [STORY]
    assert 'lang="ko" dir="ltr"' in html
    assert stored_stories() == []


def test_sending_again_after_the_outage_stores_one_story(app, client, opened_form):
    """After the database is back, does pressing "Send again" store the story, with its photo
    chosen again, and pressing it a second time store nothing more?"""
    with outage(app):
        html = assert_unavailable(multipart(client, "/ko/share", opened_form))
    action, _enctype, fields, _files = kept_fields(html)
    answers = []
    for _press in range(2):
        again = fields.copy()
        again["photo"] = FileStorage(io.BytesIO(PNG), filename="우리 가족.png")  # chosen again
        answers.append(multipart(client, action, again))
    assert answers[0].status_code == 200, answers[0].get_data(as_text=True)[:500]
    code = claim_code_in(answers[0].get_data(as_text=True))
    assert answers[1].status_code == 200
    assert code in answers[1].get_data(as_text=True)  # the same receipt, not a second story
    [story] = stored_stories()
    assert story.original_text == STORY
    assert story.title == "기다림의 여덟 해"
    assert len(story.media) == 1


def test_the_same_form_sent_twice_during_the_outage_stores_once(app, client, opened_form):
    """Sent twice during the outage (a second impatient press), does the form still store one
    story once the database is back?"""
    with outage(app):
        first = assert_unavailable(multipart(client, "/ko/share", opened_form))
        _action, _enctype, fields, _files = kept_fields(first)
        second = assert_unavailable(multipart(client, "/ko/share", fields))
    _action, _enctype, again, _files = kept_fields(second)
    assert again == fields
    assert multipart(client, "/ko/share", again).status_code == 200
    assert multipart(client, "/ko/share", fields).status_code == 200
    assert len(stored_stories()) == 1


def test_a_story_without_files_needs_no_file_again(app, client, opened_form):
    """Without a file, does the page ask for none, and say nothing about choosing one again?"""
    del opened_form["photo"]
    with outage(app):
        html = assert_unavailable(multipart(client, "/ko/share", opened_form))
    assert kept_fields(html)[3] == []
    assert "could not be kept" not in html


# ---------------------------------------------------------------------------------------------
# The storyteller's follow-up forms and the staff forms


def test_the_answer_to_a_question_comes_back_and_is_taken_after(app, client, share, moderator):
    """Does the storyteller's answer sent during the outage come back with the claim code kept
    hidden (never shown), and is it received when sent again?"""
    from test_my_story import moderate

    from storybank.models import StoryMessage, StoryState

    response = share("en", story_fields(body="We waited nine years."))
    code = claim_code_in(response.get_data(as_text=True))
    [story] = stored_stories()
    moderate(_db, story, StoryState.IN_REVIEW, StoryState.CHANGES_REQUESTED,
             question="Which year?", by=moderator)  # fmt: skip
    token = hidden_fields(client.get("/en/my-story").get_data(as_text=True))["csrf_token"]
    answer = {"csrf_token": token, "code": code, "answer": "It was 2014.", "body": "We waited."}
    with outage(app):
        html = assert_unavailable(client.post("/en/my-story/answer", data=answer))
    assert "Nothing was saved yet" in html
    action, enctype, fields, _files = kept_fields(html)
    assert (action, enctype) == ("/en/my-story/answer", "application/x-www-form-urlencoded")
    assert fields.to_dict() == answer
    assert html.count(code) == 1  # in the hidden field only
    assert client.post(action, data=fields).status_code == 200
    _db.session.rollback()
    bodies = _db.session.scalars(select(StoryMessage.body)).all()
    assert "It was 2014." in bodies


def test_withdrawal_sent_during_the_outage_is_carried_out_after(app, client, share):
    """Is a withdrawal sent during the outage kept on the page, and carried out when sent
    again?"""
    from storybank.models import StoryState

    code = claim_code_in(share("en").get_data(as_text=True))
    token = hidden_fields(client.get("/en/my-story").get_data(as_text=True))["csrf_token"]
    withdraw = {"csrf_token": token, "code": code, "confirm_withdraw": "y"}
    with outage(app):
        html = assert_unavailable(client.post("/en/my-story/withdraw", data=withdraw))
    action, _enctype, fields, _files = kept_fields(html)
    assert client.post(action, data=fields).status_code == 200
    [story] = stored_stories()
    assert story.state is StoryState.WITHDRAWN


def test_signing_in_never_repeats_the_password(app, client, moderator):
    """Does a sign-in sent during the outage come back without its password (no form to send
    again, a link back instead), saying why?"""
    token = hidden_fields(client.get("/moderate/login").get_data(as_text=True))["csrf_token"]
    secret = "river stone lantern harvest"
    sign_in = {"csrf_token": token, "email": moderator.email, "password": secret}
    with outage(app):
        response = client.post("/moderate/login", data=sign_in)
    html = assert_unavailable(response)
    assert secret not in html
    assert "kept-form" not in html
    assert "we never keep passwords or sign-in codes" in html
    assert 'href="/moderate/login"' in html


def test_a_moderators_note_comes_back_in_the_staff_layout(app, staff_client, make_story):
    """Does a decision with a note, sent by a signed-in moderator during the outage, come back
    in the staff layout (without reading the account again) and take effect when sent again?"""
    from storybank.models import StoryState

    story = make_story(state="submitted")
    staff = staff_client("moderator")
    page = staff.get(f"/moderate/stories/{story.id}").get_data(as_text=True)
    decision = {
        "csrf_token": hidden_fields(page)["csrf_token"],
        "decision": "request_changes",
        "note": "Could you say which year?\nThank you.",
    }
    path = f"/moderate/stories/{story.id}/decision"
    with outage(app):
        html = assert_unavailable(staff.post(path, data=decision))
    assert 'class="staff"' in html and staff.user.email not in html
    assert [text.replace("\r\n", "\n") for text in shown_texts(html)] == [decision["note"]]
    action, _enctype, fields, _files = kept_fields(html)
    assert staff.post(action, data=fields).status_code in (200, 303)
    _db.session.rollback()
    assert _db.session.get(type(story), story.id).state is StoryState.CHANGES_REQUESTED


# ---------------------------------------------------------------------------------------------
# API, health check, recovery


def test_the_api_answers_json(app, client):
    """Does the API answer a JSON 503 with Retry-After?"""
    with outage(app):
        response = client.get("/api/v1/stories")
    assert_unavailable(response)
    assert response.json == {"error": {"status": 503, "title": TITLE}}


def test_the_health_check_follows_the_database(app, client):
    """Does /healthz answer 503 while the database is away and 200 once it is back?"""
    assert client.get("/healthz").status_code == 200
    with outage(app):
        assert client.get("/healthz").status_code == 503
    assert client.get("/healthz").status_code == 200


def test_pages_and_stored_pages_recover_by_themselves(app, client, make_story):
    """Once the database is back, do pages, stored pages and conditional requests answer again
    without a restart (and was a cached copy never confirmed during the outage)?"""
    story = make_story(state="published")
    path = f"/ko/stories/{story.public_id}"
    first = client.get(path)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    with outage(app):
        assert_unavailable(client.get(path))
        assert_unavailable(client.get(path, headers={"If-None-Match": etag}))
        assert_unavailable(client.get("/ko/"))
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(path).status_code == 200
    assert client.get("/ko/").status_code == 200


def test_the_page_is_drawn_when_the_layout_needs_the_database(app, client, opened_form):
    """When the site's layout reads the database (as a menu of campaigns might), is the 503
    page still drawn, with the form kept?"""
    from storybank.models import Campaign

    app.template_context_processors[None].append(
        lambda: {"campaigns": _db.session.scalars(select(Campaign)).all()}
    )
    with outage(app):
        html = assert_unavailable(multipart(client, "/ko/share", opened_form))
    assert ko(TITLE) in html and '<html lang="ko"' in html
    assert kept_fields(html)[2]["submission_key"] == opened_form["submission_key"]


def test_a_rollback_that_fails_too_is_survived(app, client, monkeypatch):
    """When even the rollback fails (the server is gone), is the answer still the 503 page?"""

    def broken_rollback() -> None:
        raise OperationalError("ROLLBACK", {}, driver_refusal())

    with outage(app):
        monkeypatch.setattr(_db.session, "rollback", broken_rollback)
        assert_unavailable(client.get("/en/stories"))


@pytest.mark.skipif(bool(PG_URL), reason="SQLite's own errors")
def test_a_database_file_that_fails_its_connection(app, client, storyteller_world):
    """When the SQLite file fails a connection in the middle of a request (a disk error), is
    the answer 503, and the next request served on a new connection?"""
    with app.app_context():
        engine = _db.engine
    connections = []
    event.listen(engine, "connect", lambda *_args: connections.append(1))

    def fail(*_args: Any) -> None:
        error = sqlite3.OperationalError("disk I/O error")
        error.sqlite_errorcode = 10  # type: ignore[attr-defined]  # SQLITE_IOERR
        raise error

    event.listen(engine, "do_execute", fail)
    try:
        assert_unavailable(client.get("/en/share"))
    finally:
        event.remove(engine, "do_execute", fail)
    before = len(connections)
    assert client.get("/en/share").status_code == 200
    assert len(connections) > before  # the failed connection was given up


def test_a_staff_error_page_that_needs_the_account_is_503(app, staff_client):
    """Is a missing staff page, whose layout reads the signed-in account, answered 503 (not a
    failure while drawing the 404 page)?"""
    staff = staff_client("moderator")
    with outage(app):
        assert_unavailable(staff.get("/moderate/no-such-page"))


def test_an_outage_met_after_the_view_is_503(app, client):
    """When a hook after the view meets the outage, is the answer still the 503 page?"""
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def late(response: Any) -> Any:
        raise OperationalError("SELECT 1", {}, driver_refusal())

    app.after_request_funcs[None].append(late)
    assert_unavailable(client.get("/en/privacy"))


def test_a_body_too_large_during_the_outage(app, client):
    """Is a form too large to read, sent during the outage, answered (413 or 503), never 500?"""
    app.config["MAX_CONTENT_LENGTH"] = 1024
    with outage(app):
        response = client.post("/ko/share", data={"body": "가" * 5000})
    assert response.status_code in (413, 503)
    assert "kept-form" not in response.get_data(as_text=True)


# ---------------------------------------------------------------------------------------------
# What is not an outage: bugs stay 500


@pytest.mark.parametrize(
    ("error", "unavailable"),
    [
        (OperationalError("SELECT 1", {}, sqlite3.OperationalError("unable to open")), True),
        (InterfaceError("SELECT 1", {}, psycopg.InterfaceError("the connection is lost")), True),
        (psycopg.OperationalError("server closed the connection unexpectedly"), True),
        (psycopg.errors.AdminShutdown("terminating connection"), True),
        (psycopg.errors.UniqueViolation("duplicate key"), False),
        (DisconnectionError(), True),
        (PoolTimeout(), True),
        (sqlite3.OperationalError("database is locked"), True),
        (ProgrammingError("SELECT 1", {}, Exception("closed"), connection_invalidated=True), True),
        (sqlite3.ProgrammingError("Cannot operate on a closed database."), True),
        (IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed")), False),
        (DataError("INSERT", {}, Exception("value too long")), False),
        (ProgrammingError("SELECT", {}, Exception("syntax error")), False),
        (sqlite3.ProgrammingError("Incorrect number of bindings supplied."), False),
        (sqlite3.InterfaceError("Error binding parameter 1"), False),
        (RuntimeError("a bug"), False),
        (None, False),
    ],
)
def test_what_counts_as_the_database_being_away(error, unavailable):
    """Are lost connections, refused connections, an empty pool and locks counted as the
    database being away, and integrity, data and programming errors as bugs?"""
    assert is_unavailable(error) is unavailable


def test_a_statement_the_database_cannot_prepare_is_a_bug(app):
    """Is a missing table a bug, not an outage (SQLite reports it as an "operational" error)?"""
    with pytest.raises(DBAPIError) as raised:
        _db.session.execute(text("SELECT * FROM no_such_table"))
    _db.session.rollback()
    assert not is_unavailable(raised.value)


@pytest.mark.parametrize(
    "error",
    [
        IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed")),
        sqlite3.OperationalError("no such column: x"),
        RuntimeError("a bug"),
    ],
)
def test_bugs_are_still_the_500_page(app, error):
    """Does an error that is a bug still answer the 500 page (and not 503)?"""
    if isinstance(error, sqlite3.OperationalError):
        error.sqlite_errorcode = 1  # type: ignore[attr-defined]  # SQLITE_ERROR
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/<locale>/bug")
    def bug() -> str:
        raise error

    response = app.test_client().get("/ko/bug")
    assert response.status_code == 500
    assert "Retry-After" not in response.headers
    assert ko("Something went wrong on our side") in response.get_data(as_text=True)


# ---------------------------------------------------------------------------------------------
# PostgreSQL: a server that is not there, and connections it ends

needs_postgres = pytest.mark.skipif(not PG_URL, reason="needs PostgreSQL")


@needs_postgres
def test_a_server_that_is_not_there(app_factory):
    """With the database URL pointing at a closed port, do pages, forms, the API and the health
    check answer 503 with Retry-After, never 500?"""
    from sqlalchemy.engine import make_url

    url = make_url(PG_URL).set(port=free_port()).render_as_string(hide_password=False)
    site = app_factory(url)
    client = site.test_client()
    for path in ("/ko/", "/ko/stories", "/en/share", "/api/v1/stories", "/sitemap.xml"):
        assert_unavailable(client.get(path))
    html = assert_unavailable(client.post("/ko/share", data={"body": STORY, "csrf_token": "x"}))
    assert kept_fields(html)[2]["body"] == STORY
    assert client.get("/healthz").status_code == 503


def terminate_connections(url: str) -> int:
    """End every other connection to the test database, as a server restart does."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        ended = connection.execute(
            text(
                "SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": make_url(url).database},
        ).scalar_one()
    admin.dispose()
    return int(ended)


@needs_postgres
def test_connections_ended_by_the_server_are_replaced(app, client, make_story, database_url):
    """After the server ends every connection (a restart), do the next requests, stored pages
    included, answer normally without a restart of the application?"""
    story = make_story(state="published")
    path = f"/en/stories/{story.public_id}"
    for _warm in range(2):
        assert client.get(path).status_code == 200
    _db.session.close()
    assert terminate_connections(database_url) > 0
    for page in (path, path, "/en/", "/api/v1/stories", "/healthz"):
        assert client.get(page).status_code == 200, page


@needs_postgres
def test_a_connection_ended_in_the_middle_of_a_request(
    app, client, storyteller_world, opened_form, database_url
):
    """When the server ends the connection while the story form is being stored, is the answer
    the 503 page with the form kept, and does sending it again store it once?"""
    with app.app_context():
        engine = _db.engine
    ended = []

    def end_it(connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not ended and statement.lstrip().upper().startswith("INSERT INTO STORIES"):
            ended.append(terminate_connections(database_url))

    event.listen(engine, "before_cursor_execute", end_it)
    try:
        response = multipart(client, "/ko/share", opened_form)
    finally:
        event.remove(engine, "before_cursor_execute", end_it)
    html = assert_unavailable(response)
    assert ended
    _action, _enctype, fields, _files = kept_fields(html)
    assert multipart(client, "/ko/share", fields).status_code == 200
    assert len(stored_stories()) == 1


# ---------------------------------------------------------------------------------------------
# The pages themselves: valid HTML, accessible, and usable with JavaScript off


def unavailable_pages(
    app: Flask, client: Any, staff: Any, opened_form: MultiDict[str, Any]
) -> list[Any]:
    """(label, page) of the 503 pages a person can meet: a story kept in Korean and in Urdu,
    a page that was only read, the sign-in refused, a staff note kept, and the page drawn
    without its layout."""
    from storybank.models import Campaign

    token = hidden_fields(client.get("/moderate/login").get_data(as_text=True))["csrf_token"]
    staff.set_cookie("lang", "ur")
    staff_token = hidden_fields(staff.get("/moderate/intake").get_data(as_text=True))["csrf_token"]
    urdu = opened_form.copy()
    urdu["body"] = "میری بہن نے 2009 میں ہمیں بلایا۔\n\nہم اب بھی انتظار کر رہے ہیں۔"
    urdu["story_language"] = "ur"
    pages = []
    with outage(app):
        for label, response in (
            ("ko story", multipart(client, "/ko/share", opened_form)),
            ("ur story", multipart(client, "/ur/share", urdu)),
            ("en page", client.get("/en/stories?theme=family")),
            (
                "sign-in",
                client.post(
                    "/moderate/login",
                    data={"csrf_token": token, "email": "a@example.org", "password": "x"},
                ),
            ),
            (
                "staff note",
                staff.post("/moderate/bulk", data={"csrf_token": staff_token, "note": "Yes\nno"}),
            ),
        ):
            pages.append((label, assert_unavailable(response)))
        app.template_context_processors[None].append(
            lambda: {"campaigns": _db.session.scalars(select(Campaign)).all()}
        )
        pages.append(("no layout", assert_unavailable(multipart(client, "/ko/share", opened_form))))
    return pages


def test_the_pages_pass_the_nu_html_checker(app, client, staff_client, opened_form, tmp_path):
    """Does the W3C Nu HTML Checker find no error on the 503 pages, left to right and right to
    left, with a form kept, without one, and drawn without the site's layout?"""
    from test_validators import nu_check

    pages = unavailable_pages(app, client, staff_client("moderator"), opened_form)
    files = []
    for number, (_label, html) in enumerate(pages):
        path = tmp_path / f"page-{number}.html"
        path.write_text(html, encoding="utf-8")
        files.append(path)
    errors = nu_check(tmp_path, files)
    assert errors == [], [(pages[int(e["url"][-6])][0], e["message"]) for e in errors]
    [(_label, urdu)] = [page for page in pages if page[0] == "ur story"]
    assert '<html lang="ur" dir="rtl"' in urdu and 'lang="ur" dir="rtl"' in urdu.split("<main")[1]


def fill_story(page: Any, site: Any, locale: str, body: str, tmp_path: Any) -> None:
    """Open the story form in `locale` and fill it in, with a photo, as a storyteller does."""
    photo = tmp_path / "가족.png"
    photo.write_bytes(PNG)
    page.goto(site(f"/{locale}/share"))
    page.fill("textarea[name=body]", body)
    page.check("input[name=attribution][value=anonymous]")
    page.check("input[name=consent_store]")
    page.check("input[name=age_confirm]")
    page.set_input_files("input[name=photo]", str(photo))


def press(page: Any, button: str) -> int:
    """Press a form's button; the status of the page it brings."""
    with page.expect_navigation() as navigation:
        page.locator(button).click()
    return int(navigation.value.status)


@needs_sqlite_run
def test_with_javascript_off_the_story_is_sent_again_after_the_outage(
    live_site, browser_context, tmp_path
):
    """In Chromium with JavaScript off, does a Korean storyteller who sends the form during the
    outage see it kept, choose the photo again, and get the receipt by pressing the button once
    the database is back?"""
    page = browser_context(java_script_enabled=False, locale="ko-KR").new_page()
    fill_story(page, live_site, "ko", STORY, tmp_path)
    with outage(live_site.app):
        assert press(page, "form.story-form button[type=submit]") == 503
    assert page.locator("h1").inner_text() == ko(TITLE)
    assert page.locator("textarea").input_value().replace("\r\n", "\n") == STORY
    save_screenshot(page, "outage-ko")
    page.set_input_files("form.kept-form input[type=file]", str(tmp_path / "가족.png"))
    assert press(page, "form.kept-form button[type=submit]") == 200
    assert page.locator("#claim-code").count() == 1


@needs_sqlite_run
@pytest.mark.parametrize("locale", ["ko", "ur", "en"])
def test_the_page_has_no_serious_accessibility_violations(
    locale, live_site, browser_context, tmp_path
):
    """Does axe find no serious or critical violation on the 503 page with the story kept,
    left to right and right to left?"""
    page = browser_context(bypass_csp=True, locale=locale).new_page()
    body = (
        "میری بہن نے 2009 میں ہمیں بلایا۔\n\nہم اب بھی انتظار کر رہے ہیں۔"
        if locale == "ur"
        else STORY
    )
    fill_story(page, live_site, locale, body, tmp_path)
    with outage(live_site.app):
        assert press(page, "form.story-form button[type=submit]") == 503
    assert axe_violations(page) == []
    save_screenshot(page, f"outage-{locale}-axe")


# ---------------------------------------------------------------------------------------------
# Generated requests during the outage

# The site of the fuzz tests (demo content, media, forms opened, staff half-way through signing
# in), made while the database was there. Last in this file: on PostgreSQL its content stays
# in the test database until the module ends.
fuzz_site = test_fuzz.fuzz


def test_generated_requests_during_the_outage_never_fail(fuzz_site: Fuzz) -> None:
    """Whatever path, query string, headers and form body a visitor sends during the outage,
    is the answer below 500, or 503 with Retry-After, and never a bare 500?"""
    strategy = weighted(
        (4, page_requests(fuzz_site.site)),
        (3, story_form_requests(fuzz_site.site)),
        (2, claim_code_requests(fuzz_site.site)),
        (1, staff_requests(fuzz_site.site)),
        (1, odd_body_requests(fuzz_site.site)),
    )
    statuses: Counter[int] = Counter()
    wrong: list[str] = []

    def check(request: Request) -> None:
        reply = send(fuzz_site.app, request)
        statuses[reply.status] += 1
        retry_after = dict((name.lower(), value) for name, value in reply.headers).get(
            "retry-after"
        )
        if reply.status >= 500 and (reply.status, retry_after) != (503, str(RETRY_AFTER_SECONDS)):
            wrong.append(f"{reply.status}: {request.describe()}")

    with outage(fuzz_site.app):
        draw_requests(strategy, 150, 503, check)
    print(dict(statuses))
    assert wrong == []
    assert statuses[503] > 30


def test_a_connection_lost_after_the_answer_is_made_costs_no_answer(app, client, monkeypatch):
    """When the server goes away between the answer and the end of the request (the session's
    closing rollback fails, outside every error handler), is the answer still the one made?"""
    from sqlalchemy.orm import Session

    closing = Session.close

    def close_on_a_dead_connection(self: Session) -> None:
        closing(self)
        raise OperationalError("ROLLBACK", {}, driver_refusal())

    monkeypatch.setattr(Session, "close", close_on_a_dead_connection)
    answer = client.get("/en/stories")
    monkeypatch.undo()
    assert answer.status_code == 200
    assert client.get("/en/stories").status_code == 200
