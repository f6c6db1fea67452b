"""Production mode: HTTPS only (HSTS) on every answer, and the entry points start with the
documented variables."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from test_config import ORGANISATION

from conftest import environ_for

PROJECT = Path(__file__).resolve().parent.parent
ONE_YEAR = 365 * 24 * 60 * 60

# Every kind of answer: pages, redirects, errors, the API, feeds, discovery, health, static
# files and the staff area.
PATHS = (
    "/",
    "/en/",
    "/ko/stories",
    "/en/stories.atom",
    "/en/search?q=family",
    "/en/share",
    "/en/my-story",
    "/en/privacy",
    "/en/no-such-page",
    "/api/v1/stories",
    "/api/v1/no-such-thing",
    "/robots.txt",
    "/sitemap.xml",
    "/healthz",
    "/static/css/storybank.css",
    "/moderate/login",
    "/moderate/",
)


@pytest.fixture
def production_app(app_factory):
    application = app_factory(STORYBANK_ENV="production", **ORGANISATION)

    @application.get("/<locale>/broken")
    def broken() -> str:
        raise RuntimeError("a bug")

    return application


def test_every_production_answer_asks_for_https_for_a_year(production_app):
    """In production, does every answer — page, redirect, error, API, static file, staff page —
    tell browsers to use HTTPS only, for at least a year, subdomains included?"""
    client = production_app.test_client()
    answers = {path: client.get(path) for path in PATHS}
    answers["POST /en/privacy"] = client.post("/en/privacy")
    answers["/en/broken"] = client.get("/en/broken")
    statuses = {answer.status_code for answer in answers.values()}
    assert {200, 302, 404, 405, 500} <= statuses  # the kinds of answer are all there
    for label, answer in answers.items():
        answer.close()  # a static file is streamed from an open file
        header = answer.headers.get("Strict-Transport-Security", "")
        directives = [directive.strip() for directive in header.split(";")]
        max_age = re.fullmatch(r"max-age=(\d+)", directives[0])
        assert max_age and int(max_age[1]) >= ONE_YEAR, (label, header)
        assert "includeSubDomains" in directives, (label, header)


@pytest.mark.parametrize("env", ["testing", "development"])
def test_no_hsts_outside_production(app_factory, env):
    """Over plain HTTP in development and tests, is HSTS left out (it would pin localhost)?"""
    client = app_factory(STORYBANK_ENV=env).test_client()
    for path in ("/en/", "/en/no-such-page", "/healthz", "/moderate/login"):
        assert "Strict-Transport-Security" not in client.get(path).headers, path


def import_wsgi(environ: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Load wsgi.py as gunicorn does, in a process of its own."""
    return subprocess.run(
        [sys.executable, "-c", "import wsgi; print(wsgi.app.config['STORYBANK_ENV'])"],
        cwd=PROJECT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_wsgi_starts_in_production_with_the_documented_variables(database_url):
    """Does wsgi.py start in production with the keys and the organisation set, and refuse,
    naming the variables, without the organisation?"""
    base = {k: v for k, v in os.environ.items() if not k.startswith("STORYBANK_")}
    keys = environ_for(database_url, STORYBANK_ENV="production")
    started = import_wsgi({**base, **keys, **ORGANISATION})
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "production"
    refused = import_wsgi({**base, **keys})
    assert refused.returncode != 0
    assert "STORYBANK_ORG_NAME and STORYBANK_ORG_CONTACT_EMAIL are not set" in refused.stderr
