"""A database that goes away, for the tests of tests/test_outage_*.py: the outage itself, made on
the application's real engine (its pool is emptied and every new connection is refused with the
driver's own error), what a 503 page must be, and the fixture of the Korean story form opened
while the database was there (conftest.py registers this module, for the files that use it)."""

from __future__ import annotations

import contextlib
import io
import sqlite3
from collections.abc import Iterator
from typing import Any

import lxml.html
import psycopg
import pytest
from flask import Flask, has_app_context
from sqlalchemy import event
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from browser_support import catalog
from conftest import PG_URL, hidden_fields, story_fields
from fuzzing.values import PNG
from storybank.errors import RETRY_AFTER_SECONDS
from storybank.extensions import db as _db

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
