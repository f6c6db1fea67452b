"""Health check, security headers, the public pages, and logs without addresses."""

from __future__ import annotations

import logging
import re

import pytest

from storybank.extensions import db
from storybank.logging import LogScrubber
from storybank.models import ConsentText

PUBLIC_PAGES = ("/en/", "/ko/", "/en/consent", "/ko/consent", "/en/privacy", "/ko/privacy")


def test_health_check_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_health_check_fails_when_the_database_is_unreachable(app_factory, tmp_path):
    """Does /healthz answer 503 when the database cannot be opened?"""
    app = app_factory(f"sqlite:///{tmp_path / 'missing-dir' / 'nope.db'}")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "error"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_pages_carry_a_strict_policy_and_no_inline_code(client, path):
    """Is every page served with a strict CSP and free of inline script, style or CDN links?"""
    response = client.get(path)
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]
    html = response.get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert "<style" not in html and " style=" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert html.count("<main") == 1
    assert '<a class="skip-link" href="#main">' in html


def test_staff_area_is_never_cached(client):
    assert client.get("/moderate/").headers["Cache-Control"] == "no-store"


def test_theme_colours_come_from_configuration(app_factory):
    """Do the organisation's colours reach the pages through a stylesheet, not inline?"""
    app = app_factory(STORYBANK_ORG_PRIMARY_COLOUR="#123456", STORYBANK_ORG_NAME="Casa")
    client = app.test_client()
    css = client.get("/theme.css")
    assert css.mimetype == "text/css"
    assert "--colour-brand: #123456;" in css.get_data(as_text=True)
    assert "<title>Home · Casa</title>" in client.get("/en/").get_data(as_text=True)


def test_consent_page_shows_the_text_in_the_readers_language(app, client):
    db.session.add_all(
        [
            ConsentText(version=1, language="en", body="You agree.\n\nSecond paragraph."),
            ConsentText(version=1, language="ko", body="동의합니다.\n\n두 번째 문단."),
        ]
    )
    db.session.commit()
    html = client.get("/ko/consent").get_data(as_text=True)
    assert '<div class="consent-text" lang="ko" dir="ltr">' in html
    assert "<p>동의합니다.</p>" in html and "<p>두 번째 문단.</p>" in html
    assert "준비되지 않았습니다" not in html


def test_consent_page_says_when_it_falls_back(app, client):
    """Is an English consent text on a Korean page labelled as such, in Korean?"""
    db.session.add(ConsentText(version=2, language="en", body="<b>Plain</b> text & more."))
    db.session.commit()
    html = client.get("/ko/consent").get_data(as_text=True)
    assert "아직 선택하신 언어로 준비되지 않았습니다" in html
    assert '<div class="consent-text" lang="en" dir="ltr">' in html
    assert "&lt;b&gt;Plain&lt;/b&gt; text &amp; more." in html


def test_privacy_notice_in_korean(client):
    html = client.get("/ko/privacy").get_data(as_text=True)
    assert "개인정보 보호" in html and "What we keep" not in html


def test_server_log_lines_lose_the_client_address():
    """Does the log filter remove addresses from development-server and gunicorn messages?"""
    scrubber = LogScrubber()
    record = logging.LogRecord(
        "werkzeug",
        logging.INFO,
        __file__,
        1,
        '%s - - [21/Nov/2026 10:00:00] "%s" %s -',
        ("198.51.100.23", "GET /ko/ HTTP/1.1", 200),
        None,
    )
    scrubber.filter(record)
    assert "198.51.100.23" not in record.getMessage()
    assert '"GET /ko/ HTTP/1.1" 200' in record.getMessage()
    error = logging.LogRecord(
        "gunicorn.error",
        logging.WARNING,
        __file__,
        1,
        "Invalid request from ip=%s: %s",
        ("2001:db8::1", "bad header"),
        None,
    )
    scrubber.filter(error)
    assert "2001:db8" not in error.getMessage()


@pytest.mark.parametrize(
    "notice", [" * Running on http://127.0.0.1:5000", "Listening at: http://0.0.0.0:8000 (12)"]
)
def test_server_start_up_notices_stay_readable(notice):
    """Are the server's own listening addresses kept (they belong to no visitor)?"""
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, notice, (), None)
    LogScrubber().filter(record)
    assert record.getMessage() == notice
