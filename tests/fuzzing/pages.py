"""Page requests (GET and HEAD, sometimes other methods): path segments, query strings, routes."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import quote_from_bytes, quote_plus

from hypothesis import strategies as st

from .headers import headers
from .site import Facts, Site
from .transport import Request, as_bytes
from .values import SEARCH_WORDS, chance, hostile_text, hostile_value, page_numbers, weighted

# ---------------------------------------------------------------------------------------------
# Paths and query strings


@cache
def segment(valid: Sequence[str], extra: Sequence[str] = ()) -> st.SearchStrategy[str]:
    """One path segment, percent-encoded: mostly a real value, sometimes hostile."""
    encoded = hostile_value((*valid, *extra)).map(lambda v: quote_from_bytes(as_bytes(v), safe=""))
    raw = st.sampled_from(("%", "%zz", "%2", "%2F", "%252F", "%C0%AF", "..", ".", "%00", "%FF"))
    if not valid:
        return weighted((5, encoded), (1, raw))
    real = st.sampled_from(valid)
    return weighted((8, real), (5, encoded), (1, raw))


@cache
def locale_segment(facts: Facts) -> st.SearchStrategy[str]:
    junk = ("EN", "en-US", "en_US", "zh_hans", "zh-Hans", "zh", "fil", "xx", "ur-PK", "e")
    return segment(facts.locales, junk)


RAW_QUERY_PIECES = ("", "&", "&&", "=", "==", "%", "%zz", "%u0041", "+", ";", "a=b=c", "page")


@st.composite
def query_string(draw: st.DrawFn, known: Mapping[str, st.SearchStrategy[Any]]) -> str:
    """Known names with hostile values, unknown and repeated names, odd separators."""
    names = list(known)
    pairs: list[str] = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(range(10)))
        if kind < 7 and names:
            name = draw(st.sampled_from(names))
            value = draw(known[name])
        elif kind < 9:
            name = draw(hostile_text(("lang", "page", "q", "next", "format", "locale")))
            value = draw(hostile_value())
        else:
            pairs.append(draw(st.sampled_from(RAW_QUERY_PIECES)))
            continue
        plus = draw(st.booleans())
        quote = (lambda b: quote_plus(b, safe="")) if plus else (lambda b: quote_from_bytes(b, ""))
        encoded_name = quote(as_bytes(name))
        if draw(chance(10)):
            pairs.append(encoded_name)  # a name without `=`
        else:
            pairs.append(f"{encoded_name}={quote(as_bytes(value))}")
    separator = draw(st.sampled_from(("&", "&", "&", ";", "&&")))
    return separator.join(pairs)


# ---------------------------------------------------------------------------------------------
# Pages

STORY_FILTER_NAMES = ("theme", "lang", "region", "campaign", "page")


@cache
def known_parameters(facts: Facts) -> dict[str, st.SearchStrategy[Any]]:
    ids = facts.public_ids + facts.hidden_ids
    return {
        "page": page_numbers(),
        "theme": hostile_value(facts.theme_slugs),
        "lang": hostile_value(facts.story_languages),
        "region": hostile_value((*facts.regions, *(r.lower() for r in facts.regions[:5]))),
        "campaign": hostile_value(facts.campaign_slugs),
        "q": weighted((3, st.sampled_from(SEARCH_WORDS)), (2, hostile_value(SEARCH_WORDS))),
        "original": hostile_value(("1", "0")),
        "part": hostile_value(("pages", "stories")),
        "from": hostile_value(ids),
        "to": hostile_value(ids),
        "next": hostile_value(
            (
                "/ko/stories",
                "/en/",
                "//evil.example",
                "/\\evil",
                "https://evil.example",
                "/moderate/",
            )
        ),
        "state": hostile_value(("open", "submitted", "published")),
    }


@dataclass(frozen=True)
class Route:
    """A page: its path with {placeholders}, the query names and headers it reads."""

    pattern: str
    names: tuple[str, ...] = ()
    hot: tuple[str, ...] = ()
    methods: tuple[str, ...] = ("GET", "HEAD")


# Public answers are conditional (ETag, Last-Modified); the language comes from the cookie or
# Accept-Language where the address names none.
CACHED = ("If-None-Match", "If-Modified-Since")
NEGOTIATED = ("Cookie", "Accept-Language")


PAGES = (
    Route("/", hot=NEGOTIATED),
    Route("/{locale}/", hot=CACHED),
    Route("/{locale}/share"),
    Route("/{locale}/share/{campaign}"),
    Route("/{locale}/my-story"),
    Route("/{locale}/stories", STORY_FILTER_NAMES, CACHED),
    Route("/{locale}/stories/{story}", ("original",), CACHED),
    Route("/{locale}/search", ("q", "page"), CACHED),
    Route("/{locale}/stories.atom", hot=CACHED),
    Route("/{locale}/consent"),
    Route("/{locale}/privacy"),
    Route("/media/{media}", hot=("Range", "If-Range", *CACHED)),
    Route("/media/{media}", hot=("Range",)),
    Route("/api/v1/stories", STORY_FILTER_NAMES, CACHED),
    Route("/api/v1/stories/{story}", hot=CACHED),
    Route("/api/v1/openapi.json", hot=CACHED),
    Route("/sitemap.xml", ("part", "from", "to"), CACHED),
    Route("/robots.txt", hot=CACHED),
    Route("/healthz"),
    Route("/theme.css"),
    Route("/language/{locale}", ("next",), NEGOTIATED),
    Route("/moderate/login"),
    Route("/moderate/login/code"),
    Route("/moderate/login/enrol"),
    Route("/moderate/", ("state", "page")),
    Route("/moderate/logout"),
    Route("/moderate/stories/{number}"),
    Route("/static/css/{static}"),
)
ODD_METHODS = ("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "get")


@cache
def placeholder(facts: Facts, name: str) -> st.SearchStrategy[str]:
    if name == "locale":
        return locale_segment(facts)
    if name == "campaign":
        return segment(facts.campaign_slugs, ("waiting", "WAITING-YEARS"))
    if name == "story":
        return segment(facts.public_ids + facts.public_ids + facts.hidden_ids, ("0" * 16,))
    if name == "media":
        return segment(facts.media_ids, ("0" * 16,))
    if name == "number":
        return segment(("1", "2", "99999999999999999999", "-1", "²"))
    if name == "static":
        return segment(("site.css", "missing.css", "../../wsgi.py"))
    raise KeyError(name)


@st.composite
def page_requests(draw: st.DrawFn, site: Site) -> Request:
    """GET or HEAD of a page, with a generated query string, path segments and headers."""
    route = draw(st.sampled_from(PAGES))
    path = route.pattern
    for name in re.findall(r"{(\w+)}", route.pattern):
        path = path.replace("{" + name + "}", draw(placeholder(site.facts, name)), 1)
    known = known_parameters(site.facts)
    query = draw(query_string({name: known[name] for name in route.names}))
    method = draw(weighted((12, st.sampled_from(route.methods)), (1, st.sampled_from(ODD_METHODS))))
    sessions = {
        "/moderate/login/enrol": site.enrol,
        "/moderate/login/code": site.second_step,
    }
    cookie = None
    if draw(st.booleans()):
        cookie = sessions.get(path, site.visitor).cookie
    aim = re.sub(r"{(\w+)}", r"<\1>", route.pattern.replace("{locale}", "L"))
    found = tuple(draw(headers(site, cookie, route.hot)))
    return Request(method, path, query, found, aim=f"GET {aim}")
