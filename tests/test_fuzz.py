"""Generated requests against a site with demo content: nothing a visitor sends may make the
server fail (a 5xx answer, or a traceback in the log).

A fixed-seed slice of what `make fuzz` sends over HTTP, here handed to the application in-process
as a WSGI server would. Each test runs all its examples and then lists every failure it met, one
line per kind, so one run shows the whole picture.
"""

from __future__ import annotations

import gc
import logging
import re
import shutil
import time
import traceback
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote_to_bytes

import pytest
from flask import Flask
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from werkzeug.test import EnvironBuilder, run_wsgi_app

from conftest import PG_URL, empty_postgres, make_app
from fuzzing import (
    Reply,
    Request,
    Site,
    claim_code_requests,
    odd_body_requests,
    open_sessions,
    page_requests,
    seed_site,
    staff_requests,
    story_form_requests,
)
from storybank.extensions import db as _db

ROOT = Path(__file__).resolve().parent.parent


class Captured(logging.Handler):
    """Log records of one request that show a failure: an exception, or anything at ERROR."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info or record.levelno >= logging.ERROR or "Traceback" in record.getMessage():
            self.records.append(record)


def send(app: Flask, request: Request) -> Reply:
    """Call the application with a request description, as a WSGI server would pass it on.

    Not through the test client: after the answer it works out the request's URL again for its
    cookies, and fails on a Host no server would have let through to it."""
    headers = list(request.headers)
    length = request.content_length()
    if length is not None:
        headers.append(("Content-Length", str(length)))
    builder = EnvironBuilder(
        method=request.method,
        headers=headers,
        data=request.body or None,
        query_string=request.query,
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
    )
    try:
        environ = builder.get_environ()
    finally:
        builder.close()
    # The path as a server decodes it: percent escapes undone, bytes carried as latin-1.
    environ["PATH_INFO"] = unquote_to_bytes(request.path).decode("latin-1")
    environ["REQUEST_URI"] = environ["RAW_URI"] = request.target
    with warnings.catch_warnings():
        # Werkzeug's form parser leaves the spooled file of an upload to the garbage collector
        # when it refuses the rest of the body (a broken multipart, too many parts). A server
        # never sees that warning; here it would fail whichever later test collects the file.
        warnings.filterwarnings(
            "ignore",
            r"(Unclosed file <tempfile\.SpooledTemporaryFile|unclosed file <_io\.BufferedRandom)",
            ResourceWarning,
        )
        try:
            try:
                answer, status, answer_headers = run_wsgi_app(app, environ, buffered=True)
                body = b"".join(answer)
            except Exception as escaped:
                # Not even the error page could be made: a server answers with its own 500.
                logging.getLogger("fuzz").error("escaped the application", exc_info=escaped)
                return Reply(500, [], b"")
            return Reply(int(status.split()[0]), list(answer_headers.items()), body)
        finally:
            if "multipart" in (request.header("Content-Type") or "").lower():
                gc.collect()


@dataclass
class Failure:
    request: Request
    status: int
    records: list[logging.LogRecord]

    def cause(self) -> str:
        """The last exception logged, and the innermost line of storybank it went through."""
        for record in reversed(self.records):
            trace = record.exc_text or ""
            if record.exc_info and record.exc_info[1] is not None:
                trace = "".join(traceback.format_exception(record.exc_info[1]))
            if trace:
                return summary(trace)
        if self.records:
            return self.records[-1].getMessage().splitlines()[0][:160]
        return "no traceback logged"


# The line naming an exception (`package.Error: message`), not the notes SQLAlchemy adds under it.
EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(?:Error|Exception|Warning|Exit|BadHost)\b.*$", re.M)
FRAME = re.compile(r'^  File "([^"]+)", line (\d+), in (.+)$', re.M)


def summary(trace: str) -> str:
    """`Error: message at storybank/x.py:12 (function)` from a rendered traceback."""
    exceptions = EXCEPTION_LINE.findall(trace)
    last = exceptions[-1] if exceptions else trace.rstrip().splitlines()[-1]
    frames = FRAME.findall(trace)
    # The innermost line of storybank, or else of whatever library raised it.
    ours = [frame for frame in frames if "/storybank/" in frame[0]] or frames[-1:]
    place = ""
    if ours:
        filename, number, function = ours[-1]
        place = f" at {shown_path(filename)}:{number} ({function})"
    return f"{last[:140]}{place}"


def shown_path(filename: str) -> str:
    if "/site-packages/" in filename:
        return filename.rpartition("/site-packages/")[2]
    return str(Path(filename).relative_to(ROOT)) if filename.startswith(str(ROOT)) else filename


@dataclass
class Fuzz:
    app: Flask
    site: Site
    log: Captured
    failures: list[Failure] = field(default_factory=list)

    def run(self, strategy: Callable[[Site], st.SearchStrategy[Request]], examples: int) -> None:
        """Send `examples` generated requests, then fail listing every kind of failure met."""
        failures: list[Failure] = []
        answers: Counter[str] = Counter()

        # Too slow / too large: the strategies build bodies near and over the size limits on
        # purpose, and every example is a whole request.
        @settings(
            max_examples=examples,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=[
                HealthCheck.too_slow,
                HealthCheck.data_too_large,
                HealthCheck.large_base_example,
            ],
        )
        @given(strategy(self.site))
        def check(request: Request) -> None:
            self.log.records.clear()
            reply = send(self.app, request)
            answers[f"{request.aim} {reply.status}"] += 1
            if reply.status >= 500 or self.log.records:
                failures.append(Failure(request, reply.status, list(self.log.records)))

        started = time.perf_counter()
        check()
        print(f"{examples} examples in {time.perf_counter() - started:.1f} s:")
        for answer, count in sorted(answers.items()):
            print(f"  {answer}: {count}")
        assert not failures, report(failures)


def report(failures: list[Failure]) -> str:
    kinds: dict[tuple[str, str], list[Failure]] = {}
    for failure in failures:
        # One kind whatever position in the text the bad character had.
        cause = re.sub(r"position \d+", "position …", failure.cause())
        kinds.setdefault((failure.request.aim, cause), []).append(failure)
    lines = [f"{len(failures)} requests failed, {len(kinds)} kinds:"]
    for (aim, cause), found in kinds.items():
        first = found[0]
        lines.append(
            f"- {aim}: {cause} — {len(found)}× (status {first.status}), e.g. "
            f"{first.request.describe(headers=True)}"
        )
    return "\n".join(lines)


@pytest.fixture(scope="module")
def fuzz(migrated_template: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzz]:
    """An app with the demo content, two staff accounts and media, behind one trusted proxy
    (each generated request has its own address), with the submission limits raised."""
    if PG_URL:
        url = migrated_template
    else:
        path = tmp_path_factory.mktemp("fuzz") / "storybank.db"
        shutil.copyfile(migrated_template, path)
        url = f"sqlite:///{path}"
    app: Flask = make_app(
        url,
        STORYBANK_PROXY_COUNT="1",
        STORYBANK_SUBMISSION_LIMIT="100000 per minute",
        STORYBANK_SUBMISSION_CAP="100000 per minute",
    )
    # As in production: an unexpected exception becomes the 500 page and a logged traceback.
    app.config["PROPAGATE_EXCEPTIONS"] = False
    facts = seed_site(app)
    log = Captured()
    root = logging.getLogger()
    root.addHandler(log)
    try:
        site = open_sessions(lambda request: send(app, request), facts)
        yield Fuzz(app, site, log)
    finally:
        root.removeHandler(log)
        with app.app_context():
            _db.session.remove()
            _db.engine.dispose()
        if PG_URL:
            empty_postgres(url)


def test_pages_never_fail(fuzz: Fuzz) -> None:
    """Does every page answer below 500, whatever its path segments, query string and headers?"""
    fuzz.run(page_requests, 500)


def test_story_form_never_fails(fuzz: Fuzz) -> None:
    """Does the story form refuse or store, never fail, whatever its fields and encoding?"""
    fuzz.run(story_form_requests, 120)


def test_claim_code_forms_never_fail(fuzz: Fuzz) -> None:
    """Do the claim-code form and the forms behind it answer below 500 whatever they get?"""
    fuzz.run(claim_code_requests, 150)


def test_staff_sign_in_never_fails(fuzz: Fuzz) -> None:
    """Do the password, second-factor and enrolment steps answer below 500 whatever they get?"""
    fuzz.run(staff_requests, 60)


def test_odd_bodies_never_fail(fuzz: Fuzz) -> None:
    """Do the forms answer below 500 when the body itself is broken or oddly labelled?"""
    fuzz.run(odd_body_requests, 100)
