"""Storytellers as a browser carries them: open the form, send it, read the claim code from the
receipt, and send the same form again when no answer (or an error) came back. Then the count of
what was promised: every acknowledged claim code finds its story, and each form is one story."""

from __future__ import annotations

import http.client
import random
import re
import threading
import time
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from sqlalchemy import create_engine, text

from bench.load import Answer, Browser, hidden_fields

CLAIM_CODE = re.compile(r'id="claim-code"[^>]*>\s*([0-9A-Z-]+)\s*<')
# A request is given this long before it counts as unanswered (gunicorn's own timeout is 30 s).
REQUEST_TIMEOUT = 60.0
NO_ANSWER = 0
EMPTY_FIELDS = (
    "storyteller_name",
    "shown_name",
    "region",
    "city",
    "contact_email",
    "contact_phone",
    "website",
)
TICKED = ("consent_store", "consent_publish", "age_confirm")


class Visitor(Browser):
    """A browser that gives up on an answer after REQUEST_TIMEOUT, as a person would."""

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = REQUEST_TIMEOUT,
    ) -> Answer:
        return super().request(method, path, body, headers, timeout)


def loopback_address(number: int) -> str:
    """A storyteller's own address, as the proxy would pass it on (all in 127.0.0.0/8)."""
    return f"127.{1 + number // 62_500 % 250}.{number // 250 % 250}.{number % 250 + 1}"


@dataclass
class Form:
    """One copy of the story form, as one storyteller fills it in."""

    title: str
    address: str
    code: str | None = None
    already_received: bool = False  # answered "we already have this story", without the code

    @property
    def body(self) -> str:
        return (
            f"{self.title}. I came to this city with two suitcases and a phone number.\n\n"
            "The first winter I worked nights at a warehouse and learned English on the bus."
        )

    def fields(self, hidden: dict[str, str]) -> list[tuple[str, str]]:
        """What the browser sends: the hidden fields, the story, anonymous, ticked consents, and
        every text field left empty."""
        return [
            *hidden.items(),
            ("title", self.title),
            ("body", self.body),
            ("story_language", "en"),
            ("attribution", "anonymous"),
            *((name, "") for name in EMPTY_FIELDS),
            *((name, "y") for name in TICKED),
        ]


def new_forms(label: str, count: int, first_address: int = 0) -> list[Form]:
    """`count` forms whose titles start with `label` and say which form each is."""
    return [Form(f"{label} {n + 1}", loopback_address(first_address + n)) for n in range(count)]


@dataclass
class Tally:
    """Every answer the clients got, by status (0: none came), and the slowest story sent."""

    statuses: Counter[int] = field(default_factory=Counter)
    resent: int = 0
    slowest_write: float = 0.0
    unavailable_without_retry_after: int = 0
    # When each answer came (time.monotonic()) and its status, for the outage's timeline.
    timeline: list[tuple[float, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answered(
        self, status: int, write_seconds: float | None = None, answer: Answer | None = None
    ) -> None:
        with self.lock:
            self.statuses[status] += 1
            self.timeline.append((time.monotonic(), status))
            if write_seconds is not None:
                self.slowest_write = max(self.slowest_write, write_seconds)
            if status == 503 and answer is not None and not answer.headers.get("Retry-After"):
                self.unavailable_without_retry_after += 1

    def again(self) -> None:
        with self.lock:
            self.resent += 1

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    @property
    def bare_server_errors(self) -> int:
        """5xx other than 503 (a database away is to be answered 503 with Retry-After)."""
        return sum(n for status, n in self.statuses.items() if status >= 500 and status != 503)

    def shown(self) -> str:
        return ", ".join(
            f"{'no answer' if status == NO_ANSWER else status}: {n:,}"
            for status, n in sorted(self.statuses.items())
        )


def pause_after(answer: Answer | None, attempt: int) -> float:
    """How long a person waits before sending again: Retry-After when given, up to 2 s."""
    if answer is not None:
        after = answer.headers.get("Retry-After", "")
        if after.isdigit():
            return min(float(after), 2.0)
    return min(0.1 * 2**attempt, 2.0) * (0.5 + random.random())  # noqa: S311 - jitter


def send_form(port: int, form: Form, tally: Tally, deadline: float) -> None:
    """Open the form and send it until a receipt comes back (or the deadline passes)."""
    visitor = Visitor(port, forwarded_for=form.address)
    hidden: dict[str, str] | None = None
    attempt = 0
    while time.monotonic() < deadline:
        answer: Answer | None = None
        started = time.perf_counter()
        try:
            if hidden is None:
                answer = visitor.get("/en/share")
                tally.answered(answer.status, answer=answer)
                if answer.status == 200:
                    hidden = hidden_fields(answer.text)
                    continue
            else:
                if attempt:
                    tally.again()
                attempt += 1
                answer = visitor.post_multipart(
                    "/en/share", form.fields(hidden), files=("photo", "audio")
                )
                tally.answered(answer.status, time.perf_counter() - started, answer)
                if answer.status == 200:
                    found = CLAIM_CODE.search(answer.text)
                    if found:
                        form.code = found[1]
                    else:
                        form.already_received = True
                    return
                if answer.status == 400:
                    # The form again (an expired token, say), everything kept: send it again.
                    hidden = hidden_fields(answer.text) or hidden
        except (OSError, http.client.HTTPException):
            tally.answered(NO_ANSWER)
        time.sleep(pause_after(answer, attempt))


def send_all(port: int, forms: Iterable[Form], clients: int, tally: Tally, seconds: float) -> None:
    """The forms sent by `clients` storytellers at a time, each until acknowledged."""
    deadline = time.monotonic() + seconds
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(lambda form: send_form(port, form, tally, deadline), forms))


# ---------------------------------------------------------------------------------------------
# What was kept


@dataclass
class Kept:
    """The promise of a set of forms: acknowledged ones found, each form stored once."""

    sent: int
    acknowledged: int
    stored: int
    lost: int
    duplicated: int
    unacknowledged: int

    @property
    def kept(self) -> bool:
        return self.lost == 0 and self.duplicated == 0 and self.unacknowledged == 0

    def shown(self) -> str:
        shown = (
            f"{self.acknowledged:,} acknowledged, {self.stored:,} stored, {self.lost} lost, "
            f"{self.duplicated} duplicated"
        )
        if self.unacknowledged:
            shown += f", {self.unacknowledged} never acknowledged"
        return shown


def stories_per_title(database_url: str, label: str) -> Counter[str]:
    """How many stories each form title of `label` has in the database."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT title, count(*) FROM stories WHERE title LIKE :label GROUP BY title"),
                {"label": f"{label} %"},
            ).all()
    finally:
        engine.dispose()
    return Counter({title: int(count) for title, count in rows})


def count_kept(environ: dict[str, str], label: str, forms: list[Form]) -> Kept:
    """Look up every claim code the receipts showed through the storyteller service (as the
    status page does) and count each form's stories."""
    from storybank import create_app
    from storybank.extensions import db
    from storybank.services import storyteller

    per_title = stories_per_title(environ["STORYBANK_DATABASE_URL"], label)
    acknowledged = [form for form in forms if form.code or form.already_received]
    lost = 0
    app = create_app(environ=environ)
    with app.app_context():
        for form in acknowledged:
            if form.code is None:
                lost += per_title[form.title] == 0
                continue
            story = storyteller.find_by_code(form.code)
            lost += story is None or story.title != form.title
        db.session.remove()
        db.engine.dispose()
    return Kept(
        sent=len(forms),
        acknowledged=len(acknowledged),
        stored=sum(per_title.values()),
        lost=lost,
        duplicated=sum(count - 1 for count in per_title.values() if count > 1),
        unacknowledged=len(forms) - len(acknowledged),
    )


def look_up(port: int, code: str) -> Answer:
    """The storyteller's status page, through the claim-code form."""
    visitor = Visitor(port)
    page = visitor.get("/en/my-story")
    token = hidden_fields(page.text).get("csrf_token", "")
    return visitor.post_form("/en/my-story", {"csrf_token": token, "code": code})
