"""Generated HTTP requests for every public route and form (SPEC §6) and the staff sign-in steps.

A `Request` is a plain description (method, path, query string, headers, body) that Flask's test
client or a socket can send alike. Most requests start from one that reaches deep — a real form
token with its session cookie, a real claim code, a real story, media id or campaign — and change
one or a few parts: a hostile value, a missing or repeated field, a file where text belongs, an
odd encoding. The site under test is expected to trust one proxy (`STORYBANK_PROXY_COUNT=1`):
requests come from many `X-Forwarded-For` addresses, so per-address limits do not answer
everything with 429.

One job per module: `transport` (a request and its answer), `values` (hostile text, files,
limits), `site` (what the site holds, the sessions), `headers`, `pages`, `bodies` (form bodies and
a form's request), `forms` (the story, claim-code and staff sign-in forms); here, all of them
together and drawing examples outside a test.
"""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from .forms import claim_code_requests, staff_requests, story_form_requests
from .pages import page_requests
from .site import Facts, Site, open_sessions, seed_site
from .transport import Reply, Request
from .values import weighted

__all__ = [
    "Facts",
    "Reply",
    "Request",
    "Site",
    "claim_code_requests",
    "draw_requests",
    "every_request",
    "odd_body_requests",
    "open_sessions",
    "page_requests",
    "seed_site",
    "staff_requests",
    "story_form_requests",
]


def odd_body_requests(site: Site) -> st.SearchStrategy[Request]:
    """Every form with a broken or oddly labelled body: multipart flaws, Content-Type
    parameters, JSON of any shape, a Content-Length that disagrees."""
    return weighted(
        (2, story_form_requests(site, odd=True)),
        (2, claim_code_requests(site, odd=True)),
        (2, staff_requests(site, odd=True)),
    )


def every_request(site: Site) -> st.SearchStrategy[Request]:
    return weighted(
        (10, page_requests(site)),
        (6, story_form_requests(site)),
        (4, claim_code_requests(site)),
        (2, staff_requests(site)),
        (2, odd_body_requests(site)),
    )


def draw_requests(
    strategy: st.SearchStrategy[Request],
    count: int,
    seed_number: int,
    each: Callable[[Request], None],
) -> None:
    """Hand `count` requests drawn from `strategy` to `each`, the same ones for the same seed."""

    @settings(
        database=None,
        max_examples=count,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @seed(seed_number)
    @given(strategy)
    def collect(request: Request) -> None:
        each(request)

    collect()
