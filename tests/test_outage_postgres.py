"""A PostgreSQL server that goes away: a server that is not there at all, connections it ends
(as a restart does) and a connection ended in the middle of a request (skipped on SQLite)."""

from __future__ import annotations

from typing import Any

import pytest
from outage_support import STORY, assert_unavailable, kept_fields, multipart
from sqlalchemy import event, text

from conftest import PG_URL, free_port, stored_stories
from storybank.extensions import db as _db

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
