"""Visitors over HTTP: staff sign-in, concurrent submissions, the links a page holds."""

from __future__ import annotations

import contextlib
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html import unescape

from bench.load import ATTRIBUTE, Browser, hidden_fields
from bench.settings import HarnessError

STORY_LINK = re.compile(r'href="/[a-z-]+/stories/([0-9a-z]{16})"')


def linked_stories(port: int, path: str) -> int | None:
    """How many different stories a page links to; None when it does not answer 200."""
    answer = Browser(port).get(path)
    return len(set(STORY_LINK.findall(answer.text))) if answer.status == 200 else None


TOTP_SECRET = re.compile(r'id="totp-secret"[^>]*>\s*([A-Z2-7]+)\s*<')


def sign_in(port: int, email: str, password: str) -> str:
    """Sign in through the pages (password, then TOTP enrolment); the session cookie header."""
    import pyotp

    browser = Browser(port)
    page = browser.get("/moderate/login")
    token = hidden_fields(page.text).get("csrf_token")
    if page.status != 200 or not token:
        raise HarnessError(f"the sign-in page answered {page.status} without a form token")
    answer = browser.post_form(
        "/moderate/login", {"csrf_token": token, "email": email, "password": password}
    )
    location = answer.headers.get("Location", "")
    if answer.status != 303 or not location.endswith("/moderate/login/enrol"):
        raise HarnessError(f"the password step answered {answer.status} → {location or '-'}")
    page = browser.get("/moderate/login/enrol")
    found = TOTP_SECRET.search(page.text)
    token = hidden_fields(page.text).get("csrf_token")
    if not found or not token:
        raise HarnessError("the enrolment page shows no secret or no form token")
    code = pyotp.TOTP(found[1]).now()
    answer = browser.post_form("/moderate/login/enrol", {"csrf_token": token, "totp": code})
    if answer.status != 303:
        raise HarnessError(f"the enrolment step answered {answer.status}")
    queue = browser.get("/moderate/")
    if queue.status != 200:
        raise HarnessError(f"the queue answered {queue.status} after signing in")
    return browser.cookie_header()


@dataclass
class SubmissionOutcome:
    errors: int = 0
    receipts: int = 0
    seconds: float = 0.0
    slowest: float = 0.0
    problems: list[str] = field(default_factory=list)


STORY_BODY = (
    "I came to this city {n} years ago with two suitcases and a phone number.\n\n"
    "The first winter I worked nights at a warehouse and learned English on the bus. "
    "Storyteller number {i} of this benchmark wrote this."
)


def submit_concurrently(port: int, count: int) -> SubmissionOutcome:
    """`count` storytellers open the form, then all send it at the same moment."""
    outcome = SubmissionOutcome()
    lock = threading.Lock()
    gate = threading.Barrier(count)

    def problem(text: str) -> None:
        with lock:
            outcome.errors += 1
            outcome.problems.append(text)

    def storyteller(i: int) -> None:
        # Each from their own address, as real storytellers behind the proxy would be.
        browser = Browser(port, forwarded_for=f"10.77.{i // 250}.{i % 250 + 1}")
        fields: dict[str, str] | None = None
        try:
            page = browser.get("/en/share")
            if page.status == 200:
                fields = hidden_fields(page.text)
            else:
                problem(f"storyteller {i}: the form answered {page.status}")
        except OSError as exc:
            problem(f"storyteller {i}: opening the form failed: {exc}")
        # A storyteller whose form did not open still meets the others, or they would wait.
        with contextlib.suppress(threading.BrokenBarrierError):
            gate.wait(timeout=120)
        if fields is None:
            return
        sent = [
            *fields.items(),
            ("title", f"Two suitcases ({i})"),
            ("body", STORY_BODY.format(n=i % 20 + 1, i=i)),
            ("story_language", "en"),
            ("attribution", "anonymous"),
            ("storyteller_name", ""),
            ("shown_name", ""),
            ("region", ""),
            ("city", ""),
            ("contact_email", ""),
            ("contact_phone", ""),
            ("website", ""),
            ("consent_store", "y"),
            ("consent_publish", "y"),
            ("age_confirm", "y"),
        ]
        started = time.perf_counter()
        try:
            answer = browser.post_multipart("/en/share", sent, files=("photo", "audio"))
        except OSError as exc:
            problem(f"storyteller {i}: sending failed: {exc}")
            return
        elapsed = time.perf_counter() - started
        with lock:
            outcome.slowest = max(outcome.slowest, elapsed)
        if not 200 <= answer.status < 400:
            problem(f"storyteller {i}: answered {answer.status}")
        elif 'id="claim-code"' in answer.text:
            with lock:
                outcome.receipts += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=count) as pool:
        list(pool.map(storyteller, range(count)))
    outcome.seconds = time.perf_counter() - started
    return outcome


STYLESHEET = re.compile(r"<link\b[^>]*>", re.I)
SCRIPT = re.compile(r"<script\b[^>]*>", re.I)


def linked_assets(html: str) -> list[str]:
    """The stylesheets and scripts a page links from this site, in page order."""
    found = []
    for tag in STYLESHEET.findall(html):
        attributes = dict(ATTRIBUTE.findall(tag))
        if "stylesheet" in attributes.get("rel", "").lower().split() and "href" in attributes:
            found.append(unescape(attributes["href"]))
    for tag in SCRIPT.findall(html):
        attributes = dict(ATTRIBUTE.findall(tag))
        if "src" in attributes:
            found.append(unescape(attributes["src"]))
    # Only this site's files count (and there must be no others: SPEC §4.8).
    return list(dict.fromkeys(a for a in found if a.startswith("/") and not a.startswith("//")))
