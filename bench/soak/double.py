"""The same form posted several times at once (a double click, a nervous storyteller): each form
must be one story, and every copy must get a calm answer (the receipt again, or "we already have
this story")."""

from __future__ import annotations

import http.client
import threading
from concurrent.futures import ThreadPoolExecutor

from bench.load import hidden_fields
from bench.report import say
from bench.soak.clients import (
    CLAIM_CODE,
    NO_ANSWER,
    Form,
    Tally,
    Visitor,
    new_forms,
    stories_per_title,
)
from bench.soak.report import Row
from bench.soak.settings import Settings
from bench.soak.site import Site

# The forms' addresses start past the crash test's, so no address meets a per-address limit.
FIRST_ADDRESS = 100_000


def post_copies(site: Site, form: Form, copies: int, tally: Tally) -> set[str]:
    """Open the form once, then send it `copies` times at the same moment; the codes shown."""
    visitor = Visitor(site.port, forwarded_for=form.address)
    hidden = hidden_fields(visitor.get("/en/share").text)
    gate = threading.Barrier(copies)
    codes: set[str] = set()

    def send(_copy: int) -> None:
        # One browser tab each, sharing the cookies the form was opened with.
        tab = Visitor(site.port, forwarded_for=form.address)
        tab.cookies = dict(visitor.cookies)
        gate.wait(timeout=30)
        try:
            answer = tab.post_multipart("/en/share", form.fields(hidden), files=("photo", "audio"))
        except (OSError, http.client.HTTPException):
            tally.answered(NO_ANSWER)
            return
        tally.answered(answer.status)
        found = CLAIM_CODE.search(answer.text) if answer.status == 200 else None
        if found:
            codes.add(found[1])

    with ThreadPoolExecutor(max_workers=copies) as pool:
        list(pool.map(send, range(copies)))
    return codes


def double_submit(site: Site, settings: Settings, database: str, label: str) -> Row:
    s = settings
    forms = new_forms(label, s.double_forms, FIRST_ADDRESS)
    tally = Tally()
    more_than_one_code = 0
    for form in forms:
        codes = post_copies(site, form, s.double_copies, tally)
        more_than_one_code += len(codes) > 1
    per_title = stories_per_title(site.environment["STORYBANK_DATABASE_URL"], label)
    counts = [per_title[form.title] for form in forms]
    exactly_one = sum(1 for count in counts if count == 1)
    say(
        f"{database}: {s.double_forms} forms × {s.double_copies} copies at once: "
        f"{exactly_one} forms stored once; answers {tally.shown()}"
    )
    spread = ", ".join(
        f"{counts.count(n)} {'form' if counts.count(n) == 1 else 'forms'} stored "
        f"{'once' if n == 1 else f'{n} times'}"
        for n in sorted(set(counts))
    )
    result = f"{spread}; answers {tally.shown()}" + (
        f"; {more_than_one_code} forms got different codes" if more_than_one_code else ""
    )
    ok = exactly_one == len(forms) and tally.server_errors == 0 and more_than_one_code == 0
    ok = ok and tally.statuses[NO_ANSWER] == 0
    test = (
        f"the same form posted {s.double_copies} times at once, {s.double_forms} forms, {database}"
    )
    return Row.judged(test, result, ok)
