"""No tracking: a visitor's address and user agent reach no log line and no table."""

from __future__ import annotations

import logging
import os
import socket
import time

import pytest
from sqlalchemy import inspect, text
from test_share import raw_database_bytes

from conftest import PG_URL, environ_for, hidden_fields, shipped_gunicorn, story_fields

SENTINEL_ADDRESS = "127.42.13.77"
SENTINEL_AGENT = "SentinelBrowser/9.9 (zq-ua-7731)"
ENVIRON = {"REMOTE_ADDR": SENTINEL_ADDRESS, "HTTP_USER_AGENT": SENTINEL_AGENT}


def every_stored_value(db) -> str:
    """Every row of every table, as text."""
    rows = []
    for name in inspect(db.engine).get_table_names():
        rows += [str(tuple(row)) for row in db.session.execute(text(f'SELECT * FROM "{name}"'))]
    return "\n".join(rows)


def test_sentinel_visitor_leaves_no_trace(app, client, storyteller_world, db, caplog, database_url):
    """A visitor with a distinctive address and user agent tells a story, mistypes forms and
    codes until refused, and hits missing pages: is either string in any log or any table?"""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    caplog.set_level(logging.DEBUG)

    @app.get("/<locale>/broken")
    def broken() -> str:
        raise RuntimeError("a bug, reported with its traceback")

    def get(path):
        return client.get(path, environ_base=ENVIRON)

    def post(path, data):
        return client.post(path, data=data, environ_base=ENVIRON)

    page = get("/ko/share").get_data(as_text=True)
    assert post("/ko/share", {**hidden_fields(page), **story_fields()}).status_code == 200
    page = get("/en/share").get_data(as_text=True)
    assert post("/en/share", {**hidden_fields(page), **story_fields(body="")}).status_code == 400
    assert post("/en/share", story_fields()).status_code == 400  # no form token
    token = hidden_fields(get("/en/my-story").get_data(as_text=True))["csrf_token"]
    statuses = [
        post("/en/my-story", {"csrf_token": token, "code": "AAAA-BBBB-CCCC-DDDD"}).status_code
        for _ in range(11)
    ]
    assert statuses[-1] == 429
    assert get("/en/no-such-page").status_code == 404
    assert client.post("/", environ_base=ENVIRON).status_code == 405
    assert get("/").status_code == 302
    assert get("/en/broken").status_code == 500

    logged = caplog.text + "\n".join(str(r.__dict__) for r in caplog.records)
    assert "ratelimit" in logged  # the limiter did log its refusal: the check is not vacuous
    assert "story received" in logged
    assert "a bug, reported with its traceback" in logged  # the error report is there too
    for sentinel in (SENTINEL_ADDRESS, SENTINEL_AGENT, "zq-ua-7731"):
        assert sentinel not in logged

    db.session.rollback()
    stored = every_stored_value(db)
    assert "Eight years of waiting" in stored  # the story is there, so the search is real
    for sentinel in (SENTINEL_ADDRESS, SENTINEL_AGENT):
        assert sentinel not in stored
    if not PG_URL:
        db.session.close()
        raw = raw_database_bytes(database_url)
        assert SENTINEL_ADDRESS.encode() not in raw and b"zq-ua-7731" not in raw


def raw_request(port: int, payload: bytes) -> bytes:
    """Send bytes from the sentinel loopback address and read the whole answer."""
    with socket.create_connection(("127.0.0.1", port), source_address=(SENTINEL_ADDRESS, 0)) as s:
        s.sendall(payload)
        s.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.fixture
def gunicorn_server(tmp_path, database_url):
    """storybank under the project's own gunicorn configuration, its output captured."""
    environ = {**os.environ, **environ_for(database_url)}
    with shipped_gunicorn(environ, tmp_path / "gunicorn.log") as port:
        yield port


def test_gunicorn_logs_nothing_about_the_visitor(gunicorn_server, tmp_path):
    """Under the shipped gunicorn configuration, do the access and error logs leave out the
    address and user agent of a visitor — including a request too broken to parse?"""
    port = gunicorn_server
    agent = SENTINEL_AGENT.encode()
    for path in (b"/en/", b"/ko/privacy", b"/en/no-such-page?code=SECRETQUERY"):
        answer = raw_request(
            port,
            b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nUser-Agent: " + agent + b"\r\n"
            b"Connection: close\r\n\r\n",
        )
        assert answer.startswith((b"HTTP/1.1 200", b"HTTP/1.1 404"))
    raw_request(port, b"NONSENSE\x01 / HTTP/9\r\n\r\n")
    log_path, log = tmp_path / "gunicorn.log", ""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and "Invalid request" not in log:
        time.sleep(0.1)  # the server writes its lines after answering
        log = log_path.read_text(encoding="utf-8", errors="replace")
    # The access log is written, without the query string.
    assert '"GET /ko/privacy" 200' in log, log
    assert "Invalid request" in log  # and the broken request was reported
    for sentinel in (SENTINEL_ADDRESS, "zq-ua-7731", "SentinelBrowser", "SECRETQUERY"):
        assert sentinel not in log


def test_an_oversized_upload_gets_its_page_over_a_real_connection(gunicorn_server):
    """Does a 41 MB upload read a translated 413 page, not a reset connection?"""
    size = 41 * 1024 * 1024
    head = (
        f"POST /ko/share HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
        f"Content-Length: {size}\r\nConnection: close\r\n\r\n"
    ).encode()
    answer = raw_request(gunicorn_server, head + b"\0" * size)
    assert answer.startswith(b"HTTP/1.1 413")
    assert "파일이 너무 큽니다".encode() in answer
