"""Every page during a database outage: each route of the url_map, public and staff, answers 503
with `Retry-After` in the visitor's language (JSON under /api/) or, needing no database, as
always, never a bare 500; the health check follows the database; the site recovers by itself;
and an outage met late (in the layout, after the view, in the rollback, after the answer is made)
is still answered."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from outage_support import (
    STORY,
    TITLE,
    assert_unavailable,
    driver_refusal,
    kept_fields,
    ko,
    multipart,
    outage,
)
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError

from conftest import PG_URL, hidden_fields
from storybank.extensions import db as _db
from storybank.extensions import limiter

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
