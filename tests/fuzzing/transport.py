"""A request and its answer as plain descriptions, and how values and fields go on the wire."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from urllib.parse import quote_plus


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart body."""

    filename: str
    data: bytes
    content_type: str | None = "application/octet-stream"


Value = str | bytes | Upload
Fields = list[tuple[str, Value]]


def as_bytes(value: str | bytes) -> bytes:
    # A lone surrogate becomes the bytes a careless encoder writes for it (invalid UTF-8).
    return value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")


def urlencoded(fields: Fields) -> bytes:
    def value(v: Value) -> bytes:
        return as_bytes(v.filename) if isinstance(v, Upload) else as_bytes(v)

    return b"&".join(
        quote_plus(as_bytes(name), safe="").encode() + b"=" + quote_plus(value(v), safe="").encode()
        for name, v in fields
    )


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
