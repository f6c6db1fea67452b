"""Form bodies (URL-encoded, multipart with flaws, JSON), their mutations, and a form's request."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote_from_bytes

from hypothesis import strategies as st

from .headers import headers
from .site import Session, Site
from .transport import Fields, Request, Upload, as_bytes, urlencoded
from .values import (
    AUDIO_LIMIT,
    FILE_SAMPLES,
    FILENAMES,
    FORM_MEMORY_LIMIT,
    FORM_PARTS_LIMIT,
    LONE,
    PHOTO_LIMIT,
    REQUEST_LIMIT,
    UPLOAD_TYPES,
    chance,
    hostile_text,
    hostile_value,
    long_text,
    weighted,
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
