"""Generated HTTP requests for every public route and form (SPEC §6) and the staff sign-in steps.

A `Request` is a plain description (method, path, query string, headers, body) that Flask's test
client or a socket can send alike. Most requests start from one that reaches deep — a real form
token with its session cookie, a real claim code, a real story, media id or campaign — and change
one or a few parts: a hostile value, a missing or repeated field, a file where text belongs, an
odd encoding. The site under test is expected to trust one proxy (`STORYBANK_PROXY_COUNT=1`):
requests come from many `X-Forwarded-For` addresses, so per-address limits do not answer
everything with 429.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import struct
import wave
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from html import unescape
from http.cookies import CookieError, SimpleCookie
from typing import Any
from urllib.parse import quote_from_bytes, quote_plus

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

# ---------------------------------------------------------------------------------------------
# Requests and answers


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart body."""

    filename: str
    data: bytes
    content_type: str | None = "application/octet-stream"


Value = str | bytes | Upload
Fields = list[tuple[str, Value]]


@dataclass(frozen=True)
class Request:
    """One HTTP request, exactly as it goes on the wire (path and query already encoded)."""

    method: str
    path: str
    query: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    # A Content-Length that disagrees with the body (None: the body's own length).
    declared_length: int | None = None
    # The route or form the request is aimed at, for reports.
    aim: str = ""

    @property
    def target(self) -> str:
        return f"{self.path}?{self.query}" if self.query else self.path

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def content_length(self) -> int | None:
        """The Content-Length to send: the declared one, the body's, or none for a bodiless GET."""
        if self.declared_length is not None:
            return self.declared_length
        if self.body or self.method not in ("GET", "HEAD", "OPTIONS", "DELETE", "TRACE"):
            return len(self.body)
        return None

    def wire(self, host: str) -> bytes:
        """The request as bytes for a socket (one request per connection)."""
        lines = [f"{self.method} {self.target} HTTP/1.1"]
        if self.header("Host") is None:
            lines.append(f"Host: {host}")
        lines += [f"{name}: {value}" for name, value in self.headers]
        length = self.content_length()
        if length is not None:
            lines.append(f"Content-Length: {length}")
        lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        return head + self.body

    def preview(self, limit: int = 60) -> str:
        """A short, printable preview of the body for reports."""
        if not self.body:
            return ""
        shown = repr(self.body[:limit])[2:-1]
        return shown + ("…" if len(self.body) > limit else "") + f" ({len(self.body):,} bytes)"

    def describe(self, headers: bool = False) -> str:
        """Method, target and a body preview; with `headers`, the headers too (values cut)."""
        target = self.target if len(self.target) <= 160 else self.target[:160] + "…"
        shown = f"{self.method} {target}"
        if headers:
            for name, value in self.headers:
                if name.lower() in ("cookie", "x-forwarded-for"):
                    continue
                value = value if len(value) <= 40 else f"{value[:40]}… ({len(value)} chars)"
                shown += f"  [{name}: {value!r}]"
        body = self.preview()
        return shown + (f"  body: {body}" if body else "")


@dataclass(frozen=True)
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def cookies(self) -> dict[str, str]:
        """The cookies this answer sets (a removed cookie maps to "")."""
        found: dict[str, str] = {}
        for name, value in self.headers:
            if name.lower() != "set-cookie":
                continue
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value)
            except CookieError:
                continue
            for key, morsel in jar.items():
                found[key] = "" if morsel["max-age"] == "0" else morsel.value
        return found


Send = Callable[[Request], Reply]

# ---------------------------------------------------------------------------------------------
# What the generated requests know of the site

STAFF_PASSWORD = "river stone lantern harvest"
NEW_STAFF = "fuzz-new@example.org"
ENROLLED_STAFF = "fuzz-enrolled@example.org"


@dataclass(frozen=True, eq=False)
class Facts:
    """What the site holds: made by `seed_site`, read by the strategies."""

    locales: tuple[str, ...]
    story_languages: tuple[str, ...]
    regions: tuple[str, ...]
    public_ids: tuple[str, ...]
    hidden_ids: tuple[str, ...]  # stories that exist but are not public (withdrawn among them)
    media_ids: tuple[str, ...]
    campaign_slugs: tuple[str, ...]
    theme_slugs: tuple[str, ...]
    # Claim codes by what a form may do with them without changing what the public sees:
    # "lookup" all; "answer" a story with a question; "change" stories that are not published.
    codes: Mapping[str, tuple[str, ...]]
    staff_password: str = STAFF_PASSWORD
    new_staff: str = NEW_STAFF
    enrolled_staff: str = ENROLLED_STAFF


@dataclass(frozen=True, eq=False)
class Session:
    """A visitor's session cookie with the hidden fields of a form it opened."""

    cookie: str
    fields: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class Site:
    facts: Facts
    visitor: Session  # opened the story form: form token, idempotency key, consent version
    enrol: Session  # gave the password of an account without a second factor
    second_step: Session  # gave the password of an account with one


def seed_site(app: Any) -> Facts:
    """Add the demo content, two staff accounts and media of a published story; say what is
    there. The database must be migrated and empty."""
    import pyotp
    from sqlalchemy import select

    from storybank.extensions import db
    from storybank.i18n import STORY_LANGUAGES
    from storybank.models import Campaign, Media, MediaKind, Role, Story, StoryState, Theme
    from storybank.regions import US_REGIONS
    from storybank.services import accounts, demo

    with app.app_context():
        result = demo.seed()
        if result is None:
            raise RuntimeError("the database has demo content already: it must start empty")
        accounts.create_staff_user(NEW_STAFF, Role.MODERATOR, STAFF_PASSWORD)
        enrolled = accounts.create_staff_user(ENROLLED_STAFF, Role.MODERATOR, STAFF_PASSWORD)
        secret = accounts.start_enrolment(enrolled)
        if not accounts.confirm_enrolment(enrolled, pyotp.TOTP(secret).now()):
            raise RuntimeError("could not enrol the second factor of the fuzz account")
        stories = db.session.scalars(select(Story).order_by(Story.id)).all()
        published = [s for s in stories if s.state is StoryState.PUBLISHED]
        for kind, content_type, data in (
            (MediaKind.PHOTO, "image/png", PNG),
            (MediaKind.AUDIO, "audio/wav", WAV),
        ):
            db.session.add(
                Media(
                    story=published[0],
                    kind=kind,
                    content_type=content_type,
                    byte_size=len(data),
                    sha256=hashlib.sha256(data).hexdigest(),
                    data=data,
                    width=1 if kind is MediaKind.PHOTO else None,
                    height=1 if kind is MediaKind.PHOTO else None,
                )
            )
        db.session.commit()
        codes: dict[str, list[str]] = {"lookup": [], "answer": [], "change": []}
        for _language, state, code in result.claim_codes:
            codes["lookup"].append(code)
            if state == StoryState.CHANGES_REQUESTED.value:
                codes["answer"].append(code)
            if state != StoryState.PUBLISHED.value:
                codes["change"].append(code)
        facts = Facts(
            locales=tuple(app.config["STORYBANK_LOCALES"]),
            story_languages=tuple(STORY_LANGUAGES),
            regions=tuple(US_REGIONS),
            public_ids=tuple(s.public_id for s in published),
            hidden_ids=tuple(s.public_id for s in stories if s not in published),
            media_ids=tuple(db.session.scalars(select(Media.public_id)).all()),
            campaign_slugs=tuple(db.session.scalars(select(Campaign.slug)).all()),
            theme_slugs=tuple(db.session.scalars(select(Theme.slug)).all()),
            codes={purpose: tuple(found) for purpose, found in codes.items()},
        )
        db.session.remove()
    return facts


INPUT_TAG = re.compile(r"<input\b([^>]*)>")
ATTRIBUTE = re.compile(r'([a-zA-Z_:-]+)="([^"]*)"')


def hidden_fields(html: str) -> dict[str, str]:
    fields = {}
    for tag in INPUT_TAG.findall(html):
        attributes = dict(ATTRIBUTE.findall(tag))
        if attributes.get("type") == "hidden" and "name" in attributes:
            fields[attributes["name"]] = unescape(attributes.get("value", ""))
    return fields


def _cookie_header(jar: Mapping[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in jar.items() if value)


def _open_form(send: Send, path: str, jar: dict[str, str]) -> Session:
    reply = send(Request("GET", path, headers=(("Cookie", _cookie_header(jar)),) if jar else ()))
    if reply.status != 200:
        raise RuntimeError(f"GET {path} answered {reply.status} while preparing the fuzz")
    jar.update(reply.cookies())
    fields = hidden_fields(reply.text)
    if "csrf_token" not in fields:
        raise RuntimeError(f"GET {path} shows no form token")
    return Session(_cookie_header(jar), fields)


def _after_password(send: Send, email: str, password: str, step: str) -> Session:
    """A session that gave the right password and waits at `step` (enrolment or code)."""
    jar: dict[str, str] = {}
    login = _open_form(send, "/moderate/login", jar)
    body = urlencoded([("csrf_token", login.fields["csrf_token"]), ("email", email)])
    body += b"&" + urlencoded([("password", password)])
    reply = send(
        Request(
            "POST",
            "/moderate/login",
            headers=(
                ("Cookie", login.cookie),
                ("Content-Type", "application/x-www-form-urlencoded"),
            ),
            body=body,
        )
    )
    location = dict((k.lower(), v) for k, v in reply.headers).get("location", "")
    if reply.status != 303 or not location.endswith(step):
        raise RuntimeError(f"signing in as {email} answered {reply.status} → {location or '-'}")
    jar.update(reply.cookies())
    return _open_form(send, step, jar)


def open_sessions(send: Send, facts: Facts) -> Site:
    """Open the forms the fuzz posts to, as a visitor and as staff half-way through signing in."""
    return Site(
        facts=facts,
        visitor=_open_form(send, "/en/share", {}),
        enrol=_after_password(send, facts.new_staff, facts.staff_password, "/moderate/login/enrol"),
        second_step=_after_password(
            send, facts.enrolled_staff, facts.staff_password, "/moderate/login/code"
        ),
    )


# ---------------------------------------------------------------------------------------------
# Files


def _png(width: int, height: int, pixels: bytes) -> bytes:
    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(pixels))
        + chunk(b"IEND", b"")
    )


def _wav(frames: int) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(8000)
        sound.writeframes(bytes((i * 7) % 256 for i in range(frames * 2)))
    return out.getvalue()


PNG = _png(1, 1, b"\x00\xff\x00\x00")
WAV = _wav(4000)
# A header promising 100,000 × 100,000 pixels (a decompression bomb), with almost no data.
HUGE_PNG = _png(100_000, 100_000, b"\x00" * 16)
FILE_SAMPLES = (
    PNG,
    WAV,
    HUGE_PNG,
    PNG[:30],
    WAV[:60],
    b"",
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
    b"GIF89a\x01\x00\x01\x00",
    b"RIFF\x24\x00\x00\x00WEBPVP8 ",
    b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" * 8,
    b"OggS\x00\x02" + b"\x00" * 40,
    b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01",
    b"\x00\x00\x00\x18ftypM4A \x00\x00\x00\x00",
    b"RIFF\xff\xff\xff\xffWAVEfmt \x10\x00\x00\x00",
    b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'/>",
    b"%PDF-1.4\n",
    b"\x00" * 64,
)
FILENAMES = (
    "photo.png",
    "voice.wav",
    "",
    "a\x00b.png",
    "../../etc/passwd",
    "C:\\Users\\x\\photo.jpg",
    "사진.png",
    "😀.mp3",
    "x" * 300 + ".png",
    'quote".png',
    "line\r\nbreak.png",
    "\udc80.png",
)
UPLOAD_TYPES = (
    None,
    "image/png",
    "audio/wav",
    "application/octet-stream",
    "image/svg+xml",
    "text/plain; charset=utf-8",
    "multipart/form-data",
    "",
    "image/png; name=\x7f",
)
PHOTO_LIMIT = 10 * 1024 * 1024
AUDIO_LIMIT = 25 * 1024 * 1024
# Flask's own limits on the non-file part of a form (MAX_FORM_MEMORY_SIZE, MAX_FORM_PARTS).
FORM_MEMORY_LIMIT = 500_000
FORM_PARTS_LIMIT = 1_000
REQUEST_LIMIT = 40 * 1024 * 1024

# ---------------------------------------------------------------------------------------------
# Values


# Hypothesis draws the lower bound of an integer range far more often than its share (about a
# fifth of the time for 0..11), so odds are drawn from lists, which it samples evenly.


@st.composite
def weighted(draw: st.DrawFn, *choices: tuple[int, st.SearchStrategy[Any]]) -> Any:
    """One of `choices`, each drawn with (about) its weight."""
    expanded = [strategy for weight, strategy in choices for _ in range(weight)]
    return draw(draw(st.sampled_from(expanded)))


def chance(n: int) -> st.SearchStrategy[bool]:
    """True about once in `n` draws."""
    return st.sampled_from((False,) * (n - 1) + (True,))


OTHER_DIGITS = (
    "²",
    "¹",
    "³",
    "③",
    "⑳",
    "٣",
    "۳",
    "३",
    "๓",
    "១",
    "１",
    "𝟑",
    "Ⅻ",
    "〇",
    "½",
    "߃",
    "᠓",
    "1²",
    "١٢",
    "²⁰",
)
TRICKY = (
    "",
    " ",
    "\t",
    "\x00",
    "a\x00b",
    "\x00" * 3,
    "\r\n",
    "\r\nSet-Cookie: x=1",
    "\n",
    "\r",
    "%00",
    "%0D%0A",
    "\x7f",
    "\x1b[31m",
    "\x85",
    "\u2028",
    "\ufeff",
    "\u200b",
    "\u202e",
    "\ufffd",
    "\uffff",
    "\ud800",
    "\udfff",
    "a\udc80b",
    "😀",
    "\U000e0001",
    "null",
    "None",
    "true",
    "[]",
    "{}",
    "0",
    "-1",
    "+1",
    "1.5",
    "1e9",
    "0x1f",
    "99999999999999999999",
    "-0",
    " 1 ",
    "NaN",
    "Infinity",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "'; DROP TABLE stories; --",
    '"',
    "'",
    "\\",
    "%",
    "%zz",
    "*",
    "?",
    "#",
    "&",
    "=",
    ";",
    "..",
    "İ",
    "ß",
    "ǅ",
    "ﬀ",
    "e\u0301",
    "Å",
    "가족",
    "ان",
    "\U0010ffff",
)
SEARCH_WORDS = (
    "가족",
    "gia dinh",
    "gia đình",
    "family",
    "家庭",
    '"',
    '"unterminated',
    'a" OR "b',
    "AND",
    "OR",
    "NOT",
    "NEAR(a b)",
    "a NEAR/2 b",
    "a*",
    "*",
    "^a",
    "title:a",
    "(",
    ")",
    "{a b}",
    "-a",
    "+a",
    ":",
    "a & b",
    "a | b",
    "!a",
    "a <-> b",
    "a:*",
    "'",
    "''",
    "\\",
    "--",
    "/*",
    "가",
    "ー",
)
CONTROLS = ("\x00", "\x00", "\x00\x00", "\r\n", "\n", "\x1b", "\x7f", "\x08", "\x0b", "\x1f")
LONE = ("\ud800", "\udfff", "\udc80", "\ud83d")
LONG_UNITS = ("a", "가", "😀", "\x00", "%", "é", " ", "\u0301", "1")


@cache
def long_text(sizes: Sequence[int]) -> st.SearchStrategy[str]:
    """A long value, near or over a limit."""
    return st.builds(
        lambda unit, size: unit * size, st.sampled_from(LONG_UNITS), st.sampled_from(sizes)
    )


@cache
def variants(valid: Sequence[str]) -> st.SearchStrategy[str]:
    """Valid values changed a little: case, surrounding blanks, an inserted tricky character."""
    base = st.sampled_from(valid)
    return st.one_of(
        base.map(str.upper),
        base.map(str.lower),
        base.map(lambda v: f" {v} "),
        st.builds(lambda v, t: v + t, base, st.sampled_from(TRICKY)),
        st.builds(lambda t, v: t + v, st.sampled_from(TRICKY), base),
        st.builds(lambda v, n: v[:n], base, st.integers(0, 8)),
        base.map(lambda v: v * 3),
    )


def _inserted(value: str, extra: str, at: int) -> str:
    at = min(at, len(value))
    return value[:at] + extra + value[at:]


@cache
def hostile_text(
    valid: Sequence[str] = (), sizes: Sequence[int] = (300, 5_000)
) -> st.SearchStrategy[str]:
    """Text a person or a program might send: tricky, random, long, or almost valid."""
    around = st.sampled_from(valid) if valid else st.text(max_size=8)
    choices: list[tuple[int, st.SearchStrategy[str]]] = [
        (5, st.sampled_from(TRICKY)),
        # A control character (NUL above all) inside an otherwise ordinary value.
        (3, st.builds(_inserted, around, st.sampled_from(CONTROLS), st.integers(0, 12))),
        (2, st.sampled_from(OTHER_DIGITS)),
        # Lone surrogates: only a JSON escape brings them in whole; elsewhere their bytes.
        (1, st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3)),
        (1, st.builds(lambda a, b: a + b, st.text(max_size=5), st.sampled_from(LONE))),
        (3, st.text(max_size=24)),
        (1, st.text(st.characters(codec="latin-1"), max_size=12)),
        (1, long_text(sizes)),
    ]
    if valid:
        choices += [(4, st.sampled_from(valid)), (3, variants(valid))]
    return weighted(*choices)


@cache
def raw_bytes() -> st.SearchStrategy[bytes]:
    """Bytes that are not UTF-8: lone continuation bytes, overlong forms, encoded surrogates."""
    return st.one_of(
        st.sampled_from(
            (
                b"\xff",
                b"\xfe\xff",
                b"\x80",
                b"\xc0\xaf",
                b"\xe0\x80\xaf",
                b"\xed\xa0\x80",
                b"\xed\xbf\xbf",
                b"\xf4\x90\x80\x80",
                b"\xe2\x82",
                b"caf\xe9",
                b"\xef\xbb\xbf",
                b"a\x00b",
            )
        ),
        st.binary(max_size=16),
    )


@cache
def hostile_value(valid: Sequence[str] = (), sizes: Sequence[int] = (300, 5_000)) -> Any:
    """A form or query value: mostly text, sometimes raw bytes."""
    return weighted((6, hostile_text(valid, sizes)), (1, raw_bytes()))


def as_bytes(value: str | bytes) -> bytes:
    # A lone surrogate becomes the bytes a careless encoder writes for it (invalid UTF-8).
    return value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")


@cache
def page_numbers() -> st.SearchStrategy[str]:
    return weighted(
        (3, st.sampled_from(("1", "2", "3", "", "0", "01", "999999", "1000000", "9" * 20))),
        (3, st.sampled_from(OTHER_DIGITS)),
        (2, hostile_text(("1", "2"))),
        (1, st.integers(-(10**12), 10**12).map(str)),
    )


# ---------------------------------------------------------------------------------------------
# Paths, query strings and headers


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


# ---------------------------------------------------------------------------------------------
# Pages (GET and HEAD, sometimes other methods)

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


# ---------------------------------------------------------------------------------------------
# Form bodies


def urlencoded(fields: Fields) -> bytes:
    def value(v: Value) -> bytes:
        return as_bytes(v.filename) if isinstance(v, Upload) else as_bytes(v)

    return b"&".join(
        quote_plus(as_bytes(name), safe="").encode() + b"=" + quote_plus(value(v), safe="").encode()
        for name, v in fields
    )


MULTIPART_FLAWS = (
    "lf",  # bare LF line endings
    "no_end",  # no closing boundary
    "preamble",
    "epilogue",
    "part_charset",  # text parts declare a charset
    "base64",  # Content-Transfer-Encoding on text parts
    "unquoted",  # name=value without quotes
    "filename_star",  # RFC 2231 filename*=
    "no_name",  # one part without a name
    "no_disposition",  # one part without Content-Disposition
    "folded",  # a folded header line
    "long_header",
)


def multipart(fields: Fields, boundary: str, flaws: frozenset[str] = frozenset()) -> bytes:
    """A multipart/form-data body, with the chosen flaws."""
    eol = b"\n" if "lf" in flaws else b"\r\n"
    mark = boundary.encode("latin-1")
    out = [b"this is the preamble" + eol] if "preamble" in flaws else []
    for index, (name, value) in enumerate(fields):
        quoted = as_bytes(name).replace(b'"', b"%22").replace(b"\r", b"%0D").replace(b"\n", b"%0A")
        disposition = b"Content-Disposition: form-data"
        if not ("no_name" in flaws and index == 0):
            disposition += b"; name=" + (quoted if "unquoted" in flaws else b'"' + quoted + b'"')
        lines = []
        if isinstance(value, Upload):
            filename = as_bytes(value.filename).replace(b'"', b"%22")
            filename = filename.replace(b"\r", b"%0D").replace(b"\n", b"%0A")
            if "filename_star" in flaws:
                disposition += b"; filename*=UTF-8''" + quote_from_bytes(filename).encode()
            else:
                disposition += b'; filename="' + filename + b'"'
            if not ("no_disposition" in flaws and index == 0):
                lines.append(disposition)
            if value.content_type is not None:
                lines.append(b"Content-Type: " + value.content_type.encode("latin-1", "replace"))
            data = value.data
        else:
            if "folded" in flaws and index == 1:
                disposition = disposition.replace(b"; name=", b";" + eol + b" name=")
            if not ("no_disposition" in flaws and index == 0):
                lines.append(disposition)
            data = as_bytes(value)
            if "part_charset" in flaws:
                lines.append(b"Content-Type: text/plain; charset=iso-8859-1")
            if "base64" in flaws:
                lines.append(b"Content-Transfer-Encoding: base64")
            if "long_header" in flaws and index == 0:
                lines.append(b"X-Padding: " + b"p" * 9000)
        out.append(b"--" + mark + eol + eol.join(lines) + eol + eol + data + eol)
    if "no_end" not in flaws:
        out.append(b"--" + mark + b"--" + eol)
    if "epilogue" in flaws:
        out.append(b"this is the epilogue" + eol)
    return b"".join(out)


# Parts a form parser files under no name at all come up more often in odd bodies.
ODD_FLAWS = (*MULTIPART_FLAWS, "no_name", "no_name", "no_disposition", "unquoted")
JSON_ODDITIES: tuple[Any, ...] = (
    0,
    -1,
    1.5,
    1e308,
    True,
    False,
    None,
    [],
    {},
    ["a", "b"],
    {"a": "b"},
    [["x"]],
)


@st.composite
def json_body(draw: st.DrawFn, fields: Fields) -> bytes:
    """The form as a JSON object (Flask-WTF reads JSON bodies as form data), sometimes odd."""
    shape = draw(st.sampled_from((2,) * 18 + (0, 1)))
    if shape == 0:
        return draw(st.sampled_from((b"[1, 2]", b'"text"', b"42", b"null", b'["a", ["b"]]')))
    if shape == 1:
        return draw(st.sampled_from((b"{", b'{"code": ', b"{'a': 1}", b"\xff\xfe{}", b"")))
    data: dict[str, Any] = {}
    for name, value in fields:
        shown = value.filename if isinstance(value, Upload) else value
        text = shown.decode("latin-1") if isinstance(shown, bytes) else shown
        if name in data:
            previous = data[name]
            data[name] = [*previous, text] if isinstance(previous, list) else [previous, text]
        else:
            data[name] = text
    if draw(chance(4)) and data:
        name = draw(st.sampled_from(sorted(data)))
        data[name] = draw(st.sampled_from(JSON_ODDITIES))
    if draw(chance(3)) and data:
        # JSON can carry what no form encoding can: a lone surrogate, as an escape.
        name = draw(st.sampled_from(sorted(data)))
        if isinstance(data[name], str):
            data[name] += draw(st.sampled_from(LONE))
    # ensure_ascii writes a lone surrogate as the escape "\ud800", which JSON allows.
    return json.dumps(data, ensure_ascii=draw(st.booleans()) or _has_surrogate(data)).encode(
        "utf-8", "surrogatepass"
    )


def _has_surrogate(data: Mapping[str, Any]) -> bool:
    texts = [str(k) for k in data] + [str(v) for v in data.values()]
    return any("\ud800" <= ch <= "\udfff" for text in texts for ch in text)


BOUNDARY = "----storybankFuzzBoundary7MA4YWxkTrZu0gW"


@st.composite
def form_body(
    draw: st.DrawFn, fields: Fields, multipart_first: bool, odd: bool = False
) -> tuple[str | None, bytes]:
    """(Content-Type, body) of a form: multipart, URL-encoded or JSON, odd parameters sometimes
    (with `odd`, a multipart body always has a flaw and its Content-Type is odd more often)."""
    encoding = draw(
        weighted(
            (14 if multipart_first or odd else 4, st.just("multipart")),
            (4 if multipart_first else 14, st.just("urlencoded")),
            (3, st.just("json")),
            (1, st.just("garbage")),
        )
    )
    if encoding == "multipart":
        boundary = draw(
            weighted(
                (10, st.just(BOUNDARY)),
                (1, st.sampled_from(("b", "x" * 71, "a b", "é", "--", '"q"', "\t"))),
            )
        )
        flaws = frozenset(
            draw(st.lists(st.sampled_from(ODD_FLAWS), min_size=1, max_size=3))
            if odd
            else draw(st.lists(st.sampled_from(MULTIPART_FLAWS), max_size=2))
        )
        if not odd and not draw(chance(4)):
            flaws = frozenset()
        body = multipart(fields, boundary, flaws)
        content_type = draw(
            weighted(
                (3 if odd else 12, st.just(f"multipart/form-data; boundary={boundary}")),
                (
                    1,
                    st.sampled_from(
                        (
                            f'multipart/form-data; boundary="{boundary}"',
                            f"multipart/form-data; charset=utf-16; boundary={boundary}",
                            f"Multipart/Form-Data; BOUNDARY={boundary}",
                            f"multipart/mixed; boundary={boundary}",
                            "multipart/form-data",
                            "multipart/form-data; boundary=",
                            "multipart/form-data; boundary=someOtherBoundary",
                            f"multipart/form-data; boundary={boundary}; boundary=x",
                            f"multipart/form-data; boundary={boundary}x",
                        )
                    ),
                ),
            )
        )
        return content_type, body
    if encoding == "urlencoded":
        content_type = draw(
            weighted(
                (10, st.just("application/x-www-form-urlencoded")),
                (
                    1,
                    st.sampled_from(
                        (
                            "application/x-www-form-urlencoded; charset=ISO-8859-1",
                            "application/x-www-form-urlencoded; charset=utf-16",
                            "application/x-www-form-urlencoded; charset=bogus",
                            "APPLICATION/X-WWW-FORM-URLENCODED",
                            "text/plain",
                            None,
                        )
                    ),
                ),
            )
        )
        return content_type, urlencoded(fields)
    if encoding == "json":
        content_type = draw(
            st.sampled_from(
                (
                    "application/json",
                    "application/json",
                    "application/json; charset=latin-1",
                    "application/vnd.api+json",
                    "text/json",
                )
            )
        )
        return content_type, draw(json_body(fields))
    content_type = draw(
        st.sampled_from((None, "application/octet-stream", "text/xml", "image/png", "*/*"))
    )
    return content_type, draw(st.binary(max_size=512))


Ops = Mapping[str, st.SearchStrategy[Any]]


# Which change `mutated` makes, by number, weighted by repetition: files under text fields and
# text under file fields are the ones browsers never send.
MUTATIONS = (0, 1, 2, 3, 3, 4, 5, 5, 5, 6, 6, 7, 8, 9, 10, 11)


@st.composite
def mutated(
    draw: st.DrawFn, fields: Fields, values: Ops, limits: Mapping[str, int], files: Sequence[str]
) -> Fields:
    """The fields with up to four changes: a value, a missing, repeated or unknown field, a file
    where text belongs or text where a file belongs, a value near or over its limit."""
    fields = list(fields)
    for _ in range(draw(weighted((3, st.just(0)), (6, st.integers(1, 2)), (2, st.integers(3, 4))))):
        names = sorted({name for name, _v in fields}) or ["csrf_token"]
        name = draw(st.sampled_from(names))
        op = draw(st.sampled_from(MUTATIONS))
        if op <= 2:  # a hostile value
            fields = [(n, v) for n, v in fields if n != name]
            fields.append((name, draw(values.get(name, hostile_value()))))
        elif op == 3:  # missing
            fields = [(n, v) for n, v in fields if n != name]
        elif op == 4:  # repeated
            fields.append(
                (name, draw(st.one_of(values.get(name, hostile_value()), hostile_value())))
            )
        elif op == 5:  # a file under a text field's name
            fields = [(n, v) for n, v in fields if n != name]
            fields.append((name, draw(uploads())))
        elif op == 6 and files:  # text under a file field's name
            target = draw(st.sampled_from(files))
            fields = [(n, v) for n, v in fields if n != target]
            fields.append((target, draw(hostile_value(("photo.png", "", "x")))))
        elif op == 7:  # an unknown field
            unknown = draw(hostile_text(("csrf_token[]", "BODY", "body ", "consent_all", "id")))
            fields.append((unknown, draw(hostile_value())))
        elif op == 8:  # near or over the limit
            limit = limits.get(name, 200)
            sizes = (limit - 1, limit, limit + 1, limit * 4)
            fields = [(n, v) for n, v in fields if n != name]
            fields.append((name, draw(long_text(sizes))))
        elif op == 9:  # empty
            fields = [(n, "" if n == name else v) for n, v in fields]
        elif op == 10:  # the order of the fields
            fields = draw(st.permutations(fields))
        else:  # everything once more: a form sent twice in one body
            fields = fields + fields
    return fields


@st.composite
def uploads(draw: st.DrawFn, big: bool = False) -> Upload:
    data = draw(weighted((10, st.sampled_from(FILE_SAMPLES)), (2, st.binary(max_size=256))))
    if big:
        data = draw(
            st.sampled_from(
                (PHOTO_LIMIT, PHOTO_LIMIT + 1, AUDIO_LIMIT + 1, FORM_MEMORY_LIMIT + 1)
            ).map(lambda size: (data or b"\x00")[:1] * size)
        )
    return Upload(
        draw(weighted((6, st.just("photo.png")), (4, st.sampled_from(FILENAMES)))),
        data,
        draw(st.sampled_from(UPLOAD_TYPES)),
    )


@st.composite
def form_request(
    draw: st.DrawFn,
    site: Site,
    path: str,
    fields: Fields,
    session: Session,
    values: Ops,
    limits: Mapping[str, int],
    files: Sequence[str] = (),
    multipart_first: bool = False,
    aim: str = "",
    odd: bool = False,
) -> Request:
    """A valid form, mutated, encoded one way or another, with its session or without."""
    fields = draw(mutated(fields, values, limits, files))
    if draw(chance(60)):
        # More parts than a form may have (Flask refuses more than 1,000).
        fields = fields + [("themes", "x")] * (FORM_PARTS_LIMIT + 1)
    content_type, body = draw(form_body(fields, multipart_first, odd))
    cookie = draw(
        weighted(
            (14, st.just(session.cookie)),
            (1, st.just(None)),
            (1, st.just(site.visitor.cookie)),
            (1, st.just("storybank_session=" + session.cookie.rpartition("=")[2][::-1])),
        )
    )
    found = draw(headers(site, cookie))
    if content_type is not None:
        found.append(("Content-Type", content_type))
    declared = None
    if draw(chance(4 if odd else 25)):
        declared = draw(
            st.sampled_from(
                (0, 1, max(0, len(body) - 1), len(body) + 1, len(body) + 1000, REQUEST_LIMIT + 1)
            )
        )
    method = draw(weighted((30, st.just("POST")), (1, st.sampled_from(("PUT", "PATCH", "GET")))))
    return Request(
        method, path, "", tuple(found), body, declared_length=declared, aim=aim or f"POST {path}"
    )


# ---------------------------------------------------------------------------------------------
# The story form

ATTRIBUTIONS = ("full_name", "first_name", "initials", "pen_name", "anonymous")
SCOPES = ("store", "publish", "advocacy", "press", "officials", "contact")
BODIES = (
    "My sister filed for us in 2009. We are still waiting.",
    "가족을 기다린 지 8년이 되었습니다. 아직도 기다리고 있습니다.",
    "Tôi đã chờ đợi gia đình mình tám năm.",
    "我们一家人等了八年。",
    "Call me at 312-555-0199 or kim@example.org; my A-number is A123456789.",
    "I live at 1234 W Foster Ave, Chicago, IL 60640. SSN 123-45-6789.",
    "میں آٹھ سال سے انتظار کر رہا ہوں۔",
    "Line one\r\nLine two\r\n\r\nLine four",
)
STORY_LIMITS = {
    "title": 200,
    "body": 20_000,
    "storyteller_name": 200,
    "shown_name": 100,
    "city": 120,
    "contact_email": 200,
    "contact_phone": 40,
    "submission_key": 64,
    "csrf_token": FORM_MEMORY_LIMIT,
}
TEXT_SIZES = (300, 20_001, FORM_MEMORY_LIMIT + 1)


@cache
def story_values(site: Site) -> dict[str, st.SearchStrategy[Any]]:
    facts = site.facts
    valid_key = st.binary(min_size=18, max_size=18).map(lambda b: _urlsafe(b))
    return {
        "csrf_token": hostile_value((site.visitor.fields.get("csrf_token", ""),)),
        "submission_key": weighted((3, valid_key), (1, hostile_value(("a" * 23, "a" * 65)))),
        "consent_version": hostile_value(("1", "2", "0")),
        "title": hostile_value(("Eight years of waiting", "기다린 세월"), TEXT_SIZES),
        "body": hostile_value(BODIES, TEXT_SIZES),
        "story_language": hostile_value(facts.story_languages),
        "attribution": hostile_value(ATTRIBUTIONS),
        "storyteller_name": hostile_value(("Kim Eun-jin", "김은진"), TEXT_SIZES),
        "shown_name": hostile_value(("Eun Jin", "E. J. K."), TEXT_SIZES),
        "region": hostile_value(facts.regions),
        "city": hostile_value(("Chicago", "로스앤젤레스"), TEXT_SIZES),
        "themes": hostile_value(facts.theme_slugs),
        "contact_email": hostile_value(("kim@example.org", "a@b.c", "@", "a@@b.c")),
        "contact_phone": hostile_value(("312-555-0199", "+1 (312) 555 0199", "٣١٢٥٥٥٠١٩٩")),
        "website": hostile_value(("", "https://spam.example")),
        "photo": uploads(),
        "audio": uploads(),
        **{f"consent_{scope}": hostile_value(("y", "on", "1", "n", "")) for scope in SCOPES},
        "age_confirm": hostile_value(("y", "on", "")),
    }


def _urlsafe(data: bytes) -> str:
    import base64

    return base64.urlsafe_b64encode(data).decode().rstrip("=")


@st.composite
def valid_story(draw: st.DrawFn, site: Site) -> Fields:
    """A story form as a browser sends it, with choices a storyteller may make."""
    facts = site.facts
    hidden = site.visitor.fields
    attribution = draw(st.sampled_from(ATTRIBUTIONS))
    key = draw(st.binary(min_size=18, max_size=18).map(_urlsafe))
    fields: Fields = [
        ("csrf_token", hidden.get("csrf_token", "")),
        # Now and then the key this session's form came with: the same form sent again.
        ("submission_key", hidden.get("submission_key", "") if draw(chance(10)) else key),
        ("consent_version", hidden.get("consent_version", "1")),
        ("title", draw(st.sampled_from(("", "Eight years of waiting", "기다린 세월")))),
        ("body", draw(st.sampled_from(BODIES))),
        ("story_language", draw(st.sampled_from(facts.story_languages))),
        ("attribution", attribution),
        ("storyteller_name", draw(st.sampled_from(("", "Kim Eun-jin", "김은진")))),
        ("shown_name", draw(st.sampled_from(("", "Eun Jin", "E. J. K.")))),
        ("region", draw(st.sampled_from(("", *facts.regions)))),
        ("city", draw(st.sampled_from(("", "Chicago", "시카고")))),
        ("contact_email", draw(st.sampled_from(("", "kim@example.org")))),
        ("contact_phone", draw(st.sampled_from(("", "312-555-0199")))),
        ("website", ""),
    ]
    fields += [
        ("themes", slug)
        for slug in draw(st.lists(st.sampled_from(facts.theme_slugs), max_size=3, unique=True))
    ]
    scopes = {"store", *draw(st.lists(st.sampled_from(SCOPES), max_size=5, unique=True))}
    fields += [(f"consent_{scope}", "y") for scope in SCOPES if scope in scopes]
    fields.append(("age_confirm", "y"))
    for name in ("photo", "audio"):
        choice = draw(st.integers(0, 5))
        if choice == 0:
            fields.append(
                (
                    name,
                    Upload(
                        "photo.png" if name == "photo" else "voice.wav",
                        PNG if name == "photo" else WAV,
                        None,
                    ),
                )
            )
        elif choice < 4:
            fields.append((name, Upload("", b"", "application/octet-stream")))
    return fields


@st.composite
def story_form_requests(draw: st.DrawFn, site: Site, odd: bool = False) -> Request:
    """POST /L/share and /L/share/<campaign>: a valid story with a few parts changed."""
    facts = site.facts
    locale = draw(weighted((9, st.sampled_from(facts.locales)), (1, locale_segment(facts))))
    path = f"/{locale}/share"
    aim = "POST /L/share"
    if draw(chance(4)):
        path += "/" + draw(placeholder(facts, "campaign"))
        aim = "POST /L/share/<campaign>"
    fields = draw(valid_story(site))
    if draw(chance(60)):
        fields.append((draw(st.sampled_from(("photo", "audio", "body"))), draw(uploads(big=True))))
    return draw(
        form_request(
            site,
            path,
            fields,
            site.visitor,
            story_values(site),
            STORY_LIMITS,
            files=("photo", "audio"),
            multipart_first=True,
            aim=aim,
            odd=odd,
        )
    )


# ---------------------------------------------------------------------------------------------
# The claim code and the forms behind it

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


@cache
def code_variants(codes: Sequence[str]) -> st.SearchStrategy[str]:
    """A claim code as people type it (case, spaces, dashes, look-alike letters) or mistype it."""
    real = st.sampled_from(codes) if codes else st.just("ABCD-EFGH-JKMN-PQRS")
    fullwidth = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in CROCKFORD})
    return weighted(
        (6, real),
        (2, real.map(str.lower)),
        (1, real.map(lambda c: c.replace("-", ""))),
        (1, real.map(lambda c: c.replace("-", " "))),
        (1, real.map(lambda c: f"  {c}\t")),
        (1, real.map(lambda c: c.replace("0", "O").replace("1", "I"))),
        (1, real.map(lambda c: c.translate(fullwidth))),
        (1, real.map(lambda c: c[:-1])),
        (1, st.builds(lambda c, t: c + t, real, st.sampled_from(TRICKY))),
        (2, st.text(st.sampled_from(CROCKFORD + "-"), min_size=16, max_size=19)),
        (3, hostile_text(sizes=(64, 5_000))),
    )


CODE_FORMS = (
    "my-story",
    "my-story/answer",
    "my-story/consent",
    "my-story/withdraw",
    "my-story/receipt",
)
ANSWER_LIMITS = {"answer": 5_000, "body": 20_000, "code": 64, "message": 5_000}


@st.composite
def claim_code_requests(draw: st.DrawFn, site: Site, odd: bool = False) -> Request:
    """POST /L/my-story and the follow-up forms (answer, consent, withdraw, receipt)."""
    facts = site.facts
    form = draw(st.sampled_from(CODE_FORMS))
    codes = {
        "my-story": facts.codes["lookup"],
        "my-story/answer": facts.codes["answer"] + facts.codes["lookup"][:1],
        "my-story/consent": facts.codes["change"],
        "my-story/withdraw": facts.codes["change"],
        "my-story/receipt": facts.codes["lookup"],
    }[form]
    locale = draw(weighted((9, st.sampled_from(facts.locales)), (1, locale_segment(facts))))
    fields: Fields = [
        ("csrf_token", site.visitor.fields.get("csrf_token", "")),
        ("code", draw(code_variants(codes))),
    ]
    if form == "my-story/answer":
        fields += [
            ("answer", draw(st.sampled_from(("It was in 2019.", "2019년이었습니다.")))),
            ("body", draw(st.sampled_from(BODIES))),
        ]
    elif form == "my-story/consent":
        kept = draw(st.lists(st.sampled_from(SCOPES), unique=True))
        fields += [(f"consent_{scope}", "y") for scope in kept]
    elif form == "my-story/withdraw":
        fields += [("confirm_withdraw", "y")] if draw(st.booleans()) else []
    if draw(chance(5)):
        # Fields SPEC §6 names for this page that the forms may not (yet) take.
        fields += [
            ("message", draw(hostile_value(("Thank you",), (5_001,)))),
            ("final_text", draw(hostile_value(("approve", "change")))),
        ]
    values: dict[str, st.SearchStrategy[Any]] = {
        "csrf_token": hostile_value((site.visitor.fields.get("csrf_token", ""),)),
        "code": code_variants(codes),
        "answer": hostile_value(("It was in 2019.",), (5_001, 20_001)),
        "body": hostile_value(BODIES, (20_001, FORM_MEMORY_LIMIT + 1)),
        "confirm_withdraw": hostile_value(("y", "on", "")),
        **{f"consent_{scope}": hostile_value(("y", "on", "")) for scope in SCOPES},
    }
    return draw(
        form_request(
            site,
            f"/{locale}/{form}",
            fields,
            site.visitor,
            values,
            ANSWER_LIMITS,
            aim=f"POST /L/{form}",
            odd=odd,
        )
    )


# ---------------------------------------------------------------------------------------------
# Staff sign-in: password, then the second factor (or its enrolment)


@cache
def passwords(facts: Facts) -> st.SearchStrategy[str]:
    return weighted(
        (4, st.just(facts.staff_password)),
        (2, st.sampled_from(("a" * 72, "a" * 73, "가" * 25, "가" * 100, "a" * 4096, "😀" * 19))),
        (1, st.just(facts.staff_password + "x" * 60)),
        (3, hostile_text(sizes=(73, 1_000, 100_000))),
    )


@cache
def emails(facts: Facts) -> st.SearchStrategy[str]:
    accounts = (facts.new_staff, facts.enrolled_staff, "nobody@example.org")
    return weighted(
        (5, st.sampled_from(accounts)),
        (2, variants(accounts)),
        (3, hostile_text(sizes=(255, 10_000))),
    )


@cache
def totp_codes() -> st.SearchStrategy[str]:
    return weighted(
        (3, st.text(st.sampled_from("0123456789"), min_size=6, max_size=6)),
        (
            2,
            st.sampled_from(
                ("١٢٣٤٥٦", "１２３４５６", "12345²", "123 456", " 123456 ", "1234567", "12345", "")
            ),
        ),
        (2, hostile_text(sizes=(7, 10_000))),
    )


@st.composite
def staff_requests(draw: st.DrawFn, site: Site, odd: bool = False) -> Request:
    """POST /moderate/login (email, password), /moderate/login/code and /login/enrol (totp)."""
    facts = site.facts
    step = draw(st.sampled_from(("login", "login", "login/code", "login/enrol")))
    if step == "login":
        session = site.visitor
        fields: Fields = [
            ("csrf_token", session.fields.get("csrf_token", "")),
            ("email", draw(emails(facts))),
            ("password", draw(passwords(facts))),
        ]
        values: dict[str, st.SearchStrategy[Any]] = {
            "email": emails(facts),
            "password": passwords(facts),
        }
    else:
        session = site.enrol if step == "login/enrol" else site.second_step
        fields = [
            ("csrf_token", session.fields.get("csrf_token", "")),
            ("totp", draw(totp_codes())),
        ]
        values = {"totp": totp_codes()}
    values["csrf_token"] = hostile_value((session.fields.get("csrf_token", ""),))
    return draw(
        form_request(
            site,
            f"/moderate/{step}",
            fields,
            session,
            values,
            {"email": 255, "password": 1_000, "totp": 6},
            aim=f"POST /moderate/{step}",
            odd=odd,
        )
    )


# ---------------------------------------------------------------------------------------------
# Everything together, and drawing examples outside a test


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
