"""Where request input becomes typed values: ids, slugs, language tags, regions, page numbers, text.

Every route and form reads its input through here, so input that is unknown, malformed, carries
characters no database can store (NUL, other control characters) or has the wrong type is refused
the same way everywhere: a path segment that cannot be an id never matches its route (404), a
query parameter that cannot be what it names answers 400 (JSON under /api/), a request body that
is not a form answers 415, and a form field gets a translated error with what was typed kept
(`storybank.forms`). Nothing is silently reinterpreted (the one value cut to a length is a
search query, at the 200 characters a search box takes).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, request
from werkzeug.exceptions import BadHost, BadRequest, NotFound, UnsupportedMediaType
from werkzeug.routing import BaseConverter
from werkzeug.wrappers import Request

from .regions import US_REGIONS
from .services.public import StoryFilters
from .services.taxonomy import SLUG_PATTERN

T = TypeVar("T")

# Characters that no stored text may hold: NUL (PostgreSQL refuses it), the other C0 and C1
# control characters but tab and line breaks, lone surrogates (not encodable), and the two
# noncharacters U+FFFE/U+FFFF that mark broken decoding.
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# In a path or a query parameter not even tab or a line break belongs.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# A public id as `new_public_id()` makes them: lower-case Crockford base32.
PUBLIC_ID = r"[0-9a-hjkmnp-tv-z]{16}"
PUBLIC_ID_PATTERN = re.compile(PUBLIC_ID)
# A BCP 47 language tag: a primary language and subtags (script, region, variants, extensions).
LANGUAGE_TAG_LIMIT = 35
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
# The largest page number any list answers; beyond it no list has pages.
PAGE_LIMIT = 999_999
# Database keys fit a signed 64-bit integer on every database.
ID_LIMIT = 2**63 - 1
ASCII_DIGITS = re.compile(r"[0-9]{1,19}")
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


class InvalidParameter(BadRequest):
    """A query parameter that cannot be what its name says (400, naming the parameter)."""

    def __init__(self, name: str) -> None:
        super().__init__(f"invalid query parameter {name!r}")
        self.parameter = name


class PublicIdConverter(BaseConverter):
    """A story's or a medium's public id in a path: anything else never matches the route."""

    regex = PUBLIC_ID


class SlugConverter(BaseConverter):
    """A theme's or campaign's slug in a path."""

    regex = SLUG_PATTERN.pattern.removeprefix("^").removesuffix("$")


def whole_number(raw: str, *, limit: int = PAGE_LIMIT) -> int | None:
    """A whole number from 1 to `limit` written in ASCII digits; None for anything else
    ("²", "٣" and "③" are digits to `str.isdigit()`, not numbers to `int()`)."""
    if not ASCII_DIGITS.fullmatch(raw):
        return None
    number = int(raw)
    return number if 1 <= number <= limit else None


def record_id(raw: str) -> int | None:
    """A database key sent back by a staff form (never shown to the public); None if not one."""
    return whole_number(raw, limit=ID_LIMIT)


def is_public_id(value: str) -> bool:
    return PUBLIC_ID_PATTERN.fullmatch(value) is not None


def language_tag(raw: str) -> str | None:
    """A well-formed BCP 47 tag, lower-case as stories store it (`zh-hant`), else None."""
    if len(raw) > LANGUAGE_TAG_LIMIT or not LANGUAGE_TAG.fullmatch(raw):
        return None
    return raw.lower()


def region_code(raw: str) -> str | None:
    """A US state or territory code as the post writes it ("IL"), else None ("ILX" is not IL)."""
    return raw if raw in US_REGIONS else None


def slug(raw: str) -> str | None:
    return raw if SLUG_PATTERN.fullmatch(raw) else None


# ---------------------------------------------------------------------------------------------
# Query parameters


def query_value(name: str) -> str | None:
    """The one value of a single-valued query parameter; a repeated one is refused."""
    values = request.args.getlist(name)
    if len(values) > 1:
        raise InvalidParameter(name)
    return values[0] if values else None


def query_parameter(
    name: str, parse: Callable[[str], T | None], *, blank_allowed: bool = True
) -> T | None:
    """A query parameter as a typed value: None when absent or blank (where a form's "all"
    sends it blank), 400 when malformed."""
    raw = query_value(name)
    if raw is None or (raw == "" and blank_allowed):
        return None
    value = parse(raw)
    if value is None:
        raise InvalidParameter(name)
    return value


def page_parameter(*, blank_allowed: bool = True, not_found: bool = False) -> int:
    """The `page` parameter: 1 when absent (or blank, where a form may send it blank). A bad
    one is a bad request, or (`not_found`, for pages of a site) a page that does not exist."""
    raw = query_value("page")
    if raw is None or (blank_allowed and raw == ""):
        return 1
    number = whole_number(raw)
    if number is None:
        raise NotFound() if not_found else InvalidParameter("page")
    return number


def story_filters(*, blank_allowed: bool = True) -> StoryFilters:
    """The readers' filters (`theme`, `lang`, `region`, `campaign`); blank means all on the
    site's filter form, and is refused by the API, whose document calls it invalid."""
    return StoryFilters(
        theme=query_parameter("theme", slug, blank_allowed=blank_allowed),
        language=query_parameter("lang", language_tag, blank_allowed=blank_allowed),
        region=query_parameter("region", region_code, blank_allowed=blank_allowed),
        campaign=query_parameter("campaign", slug, blank_allowed=blank_allowed),
    )


# ---------------------------------------------------------------------------------------------
# Every request, before its view


def usable_host(request: Request) -> bool:
    """Whether the Host header names a host this site's absolute addresses can be built on
    (not, say, an empty or over-long IDNA label such as `xn--`)."""
    try:
        request.host.lower().encode("idna")
        request.host_url  # noqa: B018  (decoding it is the check)
    except (UnicodeError, ValueError):
        return False
    return True


def refuse_unusable_input() -> None:
    """Refuse what no view could use: control characters in the path (no such page) or in a
    query parameter (400), a body that is not a form (415: every form here is HTML) and a form
    part without a name (400)."""
    if request.routing_exception is not None:
        return  # no such page, or not with this method: routing says so (404, 405)
    if not usable_host(request):
        raise BadHost()
    if CONTROL.search(request.path):
        raise NotFound()
    for name, value in request.args.items(multi=True):
        if CONTROL.search(name) or CONTROL.search(value):
            raise InvalidParameter(name if not CONTROL.search(name) else "?")
    changes = request.method in ("POST", "PUT", "PATCH", "DELETE")
    if changes and has_body():
        if request.mimetype not in FORM_TYPES:
            raise UnsupportedMediaType()
        # A multipart part without a name belongs to no field (a browser never sends one).
        if any(not isinstance(name, str) for name in (*request.form, *request.files)):
            raise BadRequest()


def has_body() -> bool:
    return bool(request.content_length) or request.headers.get("Transfer-Encoding") is not None


def init_app(app: Flask) -> None:
    """Register the path converters (before any route uses them) and the request check."""
    app.url_map.converters["public_id"] = PublicIdConverter
    app.url_map.converters["slug"] = SlugConverter
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_unusable_input)
