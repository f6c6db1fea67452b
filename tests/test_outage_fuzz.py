"""Generated requests during a database outage: whatever path, query string, headers and form
body a visitor sends, the answer is below 500, or 503 with `Retry-After`."""

from __future__ import annotations

from collections import Counter

import test_fuzz
from outage_support import outage
from test_fuzz import Fuzz, send

from fuzzing import (
    Request,
    claim_code_requests,
    draw_requests,
    odd_body_requests,
    page_requests,
    staff_requests,
    story_form_requests,
)
from fuzzing.values import weighted
from storybank.errors import RETRY_AFTER_SECONDS

# The site of the fuzz tests (demo content, media, forms opened, staff half-way through signing
# in), made while the database was there. Alone in this file: on PostgreSQL its content stays
# in the test database until the module ends.
fuzz_site = test_fuzz.fuzz


def test_generated_requests_during_the_outage_never_fail(fuzz_site: Fuzz) -> None:
    """Whatever path, query string, headers and form body a visitor sends during the outage,
    is the answer below 500, or 503 with Retry-After, and never a bare 500?"""
    strategy = weighted(
        (4, page_requests(fuzz_site.site)),
        (3, story_form_requests(fuzz_site.site)),
        (2, claim_code_requests(fuzz_site.site)),
        (1, staff_requests(fuzz_site.site)),
        (1, odd_body_requests(fuzz_site.site)),
    )
    statuses: Counter[int] = Counter()
    wrong: list[str] = []

    def check(request: Request) -> None:
        reply = send(fuzz_site.app, request)
        statuses[reply.status] += 1
        retry_after = dict((name.lower(), value) for name, value in reply.headers).get(
            "retry-after"
        )
        if reply.status >= 500 and (reply.status, retry_after) != (503, str(RETRY_AFTER_SECONDS)):
            wrong.append(f"{reply.status}: {request.describe()}")

    with outage(fuzz_site.app):
        draw_requests(strategy, 150, 503, check)
    print(dict(statuses))
    assert wrong == []
    assert statuses[503] > 30
