"""The headers of a generated request: an address behind the proxy and sometimes odd ones."""

from __future__ import annotations

import hashlib
from functools import cache

from hypothesis import strategies as st

from .site import Site
from .values import PNG, WAV, chance, weighted


@cache
def header_text() -> st.SearchStrategy[str]:
    """A header value HTTP can carry: no line breaks or NUL (latin-1, obs-text included)."""
    alphabet = st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f")
    return st.one_of(
        st.text(alphabet, max_size=40),
        st.builds(lambda n: "a" * n, st.sampled_from((1000, 7000))),
    )


@cache
def address() -> st.SearchStrategy[str]:
    """A private address; octets drawn from lists, so that few requests share one."""
    octet = st.sampled_from(range(256))
    return st.builds(
        lambda a, b, c: f"10.{a}.{b}.{c}", octet, octet, st.sampled_from(range(1, 255))
    )


RANGES = (
    "bytes=0-0",
    "bytes=0-99",
    "bytes=-5",
    "bytes=5-",
    "bytes=abc",
    "bytes=5-2",
    "bytes=999999999-",
    "bytes=0-999999999",
    "bytes=-0",
    "bytes=",
    "bytes=0-1,2-3",
    "bytes=0-1,0-1,0-1",
    "bytes=18446744073709551616-",
    "bytes=-18446744073709551616",
    "bytes=1-2-3",
    "bytes= 1 - 2 ",
    "items=0-5",
    "bytes=²-",
    "bytes=٣-5",
    "bytes=0-1, abc",
    "=",
    "",
)
DATES = (
    "Thu, 01 Jan 1970 00:00:00 GMT",
    "Fri, 31 Dec 9999 23:59:59 GMT",
    "Mon, 00 Jan 0000 00:00:00 GMT",
    "Sun, 06 Nov 1994 08:49:37 GMT",
    "Sunday, 06-Nov-94 08:49:37 GMT",
    "Sun Nov  6 08:49:37 1994",
    "yesterday",
    "0",
    "-1",
    "99999999999999",
    "Tue, 31 Feb 2026 25:61:61 GMT",
    "",
)
ETAGS = (
    f'"{hashlib.sha256(PNG).hexdigest()}"',
    f'"{hashlib.sha256(WAV).hexdigest()}"',
    f'W/"{hashlib.sha256(WAV).hexdigest()}"',
    '"abc"',
    "*",
    'W/"x"',
    '"unterminated',
    "W/",
    '"a", "b", *',
    "a" * 500,
    '""',
    ",,,",
)
ACCEPT_LANGUAGES = (
    "ko",
    "zh-TW",
    "zh-Hant-HK",
    "tl",
    "fil-PH",
    "ur;q=0.9, en;q=0.8",
    "*",
    "*;q=abc",
    "en;q=2",
    "en;q=-1",
    "en;q=NaN",
    "xx-YY-ZZ-1234567890",
    ";q=1",
    ",,,",
    "ko-KR-x-private",
    "i-klingon",
    "en;q=1;q=0",
    ", ".join(["ko"] * 200),
)


@st.composite
def headers(
    draw: st.DrawFn, site: Site, cookie: str | None = None, hot: tuple[str, ...] = ()
) -> list[tuple[str, str]]:
    """Headers of one request: an address behind the proxy, and sometimes odd headers (the
    `hot` ones, which the route reads, half the time)."""
    found: list[tuple[str, str]] = []
    forwarded = draw(
        weighted(
            (12, address()),
            (1, st.just(None)),
            (1, st.sampled_from(("unknown", "", "::1", "999.1.1.1", "a, b, c", "10.0.0.1,"))),
            (1, header_text()),
        )
    )
    if forwarded is not None:
        found.append(("X-Forwarded-For", forwarded))
    cookies = [cookie] if cookie else []
    if draw(chance(2 if "Cookie" in hot else 6)):
        junk = draw(
            st.one_of(
                st.sampled_from(site.facts.locales).map(lambda tag: f"lang={tag}"),
                header_text().map(lambda v: f"lang={v}"),
                st.sampled_from(
                    (
                        'lang="ko"',
                        "lang=",
                        "lang=%00",
                        "lang=ko; lang=ur",
                        "storybank_session=.eJyrVkrOz0vOyM",
                        "storybank_session=",
                        "storybank_session=a.b.c",
                        "=;;=",
                        "lang",
                    )
                ),
            )
        )
        cookies.append(junk)
    if cookies:
        found.append(("Cookie", "; ".join(cookies)))
    optional: list[tuple[str, st.SearchStrategy[str]]] = [
        ("Range", weighted((6, st.sampled_from(RANGES)), (1, header_text()))),
        ("If-None-Match", weighted((6, st.sampled_from(ETAGS)), (1, header_text()))),
        ("If-Modified-Since", weighted((6, st.sampled_from(DATES)), (1, header_text()))),
        ("If-Range", weighted((6, st.sampled_from(DATES + ETAGS)), (1, header_text()))),
        ("Accept-Language", weighted((6, st.sampled_from(ACCEPT_LANGUAGES)), (1, header_text()))),
        ("Accept", st.sampled_from(("*/*", "application/json", "text/html;q=abc", ""))),
        ("Accept-Encoding", st.sampled_from(("gzip", "br;q=2", "identity;q=0", "*;q=0"))),
        ("Host", st.sampled_from(("", "example.org", "[::1", "a" * 300, "xn--", "a:b:c"))),
        ("Origin", st.one_of(st.just("null"), header_text())),
        ("Referer", header_text()),
        ("User-Agent", header_text()),
        ("X-Forwarded-Proto", st.sampled_from(("https", "gopher", "", "https, http"))),
        ("X-Forwarded-Host", st.sampled_from(("example.org", "", "a b", "[::1"))),
        ("X-Requested-With", st.just("XMLHttpRequest")),
    ]
    for name, values in optional:
        if draw(chance(2 if name in hot else 20)):
            found.append((name, draw(values)))
    return [(name, header_safe(value)) for name, value in found]


def header_safe(value: str) -> str:
    """A header value as a client sends text beyond latin-1: its UTF-8 bytes (which a server
    then reads as latin-1)."""
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass").decode("latin-1")
    return value
