"""The load a bench run puts on a server: visitors speaking HTTP as a browser would, and wrk."""

from __future__ import annotations

import http.client
import json
import re
import secrets
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from html import unescape
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from bench.settings import WRK_REPORT, HarnessError, Settings

# ---------------------------------------------------------------------------------------------
# HTTP as a browser would speak it


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Browser:
    """One visitor with their own cookies, kept by hand: the application marks its cookies
    Secure, and the benchmark speaks plain HTTP to 127.0.0.1."""

    def __init__(self, port: int, forwarded_for: str | None = None) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 120,
    ) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        sent = {**self.headers, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = self.cookie_header()
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            answer = Answer(response.status, response.headers, response.read())
        finally:
            connection.close()
        for value in answer.headers.get_all("Set-Cookie") or []:
            jar: SimpleCookie = SimpleCookie()
            jar.load(value)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return answer

    def get(self, path: str, headers: dict[str, str] | None = None) -> Answer:
        return self.request("GET", path, headers=headers)

    def post_form(self, path: str, fields: dict[str, str]) -> Answer:
        body = urlencode(fields).encode()
        return self.request(
            "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"}
        )

    def post_multipart(
        self, path: str, fields: Iterable[tuple[str, str]], files: Iterable[str] = ()
    ) -> Answer:
        """A multipart form as a browser sends it, empty file inputs included."""
        boundary = f"----storybank-bench-{secrets.token_hex(12)}"
        parts = []
        for name, value in fields:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            )
        for name in files:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename=""\r\n'
                "Content-Type: application/octet-stream\r\n\r\n\r\n"
            )
        parts.append(f"--{boundary}--\r\n")
        content_type = f"multipart/form-data; boundary={boundary}"
        return self.request("POST", path, "".join(parts).encode(), {"Content-Type": content_type})


INPUT_TAG = re.compile(r"<input\b([^>]*)>")
ATTRIBUTE = re.compile(r'([a-zA-Z_:-]+)="([^"]*)"')


def hidden_fields(html: str) -> dict[str, str]:
    """The hidden inputs of a page (form token, idempotency key, consent version)."""
    fields = {}
    for tag in INPUT_TAG.findall(html):
        attributes = dict(ATTRIBUTE.findall(tag))
        if attributes.get("type") == "hidden" and "name" in attributes:
            fields[attributes["name"]] = unescape(attributes.get("value", ""))
    return fields


# ---------------------------------------------------------------------------------------------
# Load with wrk


@dataclass
class Load:
    """One wrk run."""

    requests: int
    seconds: float
    mean_ms: float
    p99_ms: float
    bad_status: int
    socket_errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def clean(self) -> bool:
        return self.bad_status == 0 and self.requests > 0


class Wrk:
    """Drives one URL with wrk and reads its totals from bench/report.lua."""

    def __init__(self, settings: Settings) -> None:
        path = shutil.which("wrk")
        if path is None:
            raise HarnessError(
                "wrk is not installed: `make bench` installs it (apt-get install wrk)"
            )
        self.path = path
        self.settings = settings

    def run(self, port: int, path: str, headers: dict[str, str], duration: str) -> Load:
        command = [
            self.path,
            "-t",
            str(self.settings.threads),
            "-c",
            str(self.settings.connections),
            "-d",
            duration,
            "--timeout",
            "30s",
            "-s",
            str(WRK_REPORT),
        ]
        for name, value in headers.items():
            command += ["-H", f"{name}: {value}"]
        command.append(f"http://127.0.0.1:{port}{path}")
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        found = re.search(r"^BENCH_JSON (.*)$", done.stdout, re.M)
        if done.returncode != 0 or found is None:
            raise HarnessError(f"wrk failed on {path}:\n{done.stdout}\n{done.stderr}")
        totals = json.loads(found[1])
        return Load(
            requests=totals["requests"],
            seconds=totals["duration_us"] / 1e6,
            mean_ms=totals["mean_us"] / 1000,
            p99_ms=totals["p99_us"] / 1000,
            bad_status=totals["status"],
            socket_errors=totals["connect"] + totals["read"] + totals["write"] + totals["timeout"],
        )
