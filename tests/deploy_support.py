"""The production deployment as shipped, for the tests of tests/test_deploy_*.py: where its files
are, the HTTP and socket clients the tests use, and nginx's configuration rendered from
deploy/nginx/ to run from a folder of its own, on free loopback ports, in front of gunicorn."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import runpy
import socket
import ssl
import sys
import textwrap
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from cryptography.x509.oid import NameOID

PROJECT = Path(__file__).resolve().parent.parent
DEPLOY = PROJECT / "deploy"
SITE = DEPLOY / "nginx" / "storybank.conf"
PROXY = DEPLOY / "nginx" / "storybank-proxy.conf"
SYSTEMD = DEPLOY / "systemd"
NGINX = Path("/usr/sbin/nginx")
GUNICORN = Path(sys.executable).with_name("gunicorn")
NAME = "stories.example.org"


def shipped_settings() -> dict[str, object]:
    return runpy.run_path(str(PROJECT / "gunicorn.conf.py"))


def directive(text: str, name: str) -> str:
    """The value of the one `name` directive in an nginx file."""
    [value] = re.findall(rf"^\s*{name}\s+([^;]+);", text, flags=re.MULTILINE)
    return value.strip()


def nginx_size(value: str) -> int:
    units = {"": 1, "k": 1024, "m": 1024 * 1024, "g": 1024 * 1024 * 1024}
    size = re.fullmatch(r"(\d+)([kmg]?)", value.lower())
    assert size, value
    return int(size[1]) * units[size[2]]


# ---------------------------------------------------------------------------------------------
# Clients


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


def get(
    port: int,
    path: str,
    *,
    source: str = "127.0.0.1",
    method: str = "GET",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Answer:
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=30, source_address=(source, 0)
    )
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Answer(response.status, response.headers, response.read())
    finally:
        connection.close()


def read_all(connection: socket.socket) -> bytes:
    chunks = []
    with contextlib.suppress(ConnectionResetError, ssl.SSLEOFError):
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def exchange(port: int, request: bytes, *, source: str = "127.0.0.1") -> bytes:
    """Send raw bytes and read until the server closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=30, source_address=(source, 0)) as s:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            s.sendall(request)
        return read_all(s)


def answer_head(port: int, request: bytes, *, source: str = "127.0.0.1") -> bytes:
    """Send raw bytes and read only the status line and headers of the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=30, source_address=(source, 0)) as s:
        s.sendall(request)
        head = b""
        while b"\r\n\r\n" not in head and (chunk := s.recv(4096)):
            head += chunk
        return head


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def log_lines(path: Path, needle: str, *, at_least: int = 0) -> list[str]:
    """The lines of a server's log holding `needle`, once at least `at_least` are there (a server
    writes its line after answering)."""
    deadline = time.monotonic() + 5
    while True:
        lines = [line for line in path.read_text(errors="replace").splitlines() if needle in line]
        if len(lines) >= at_least or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)


# ---------------------------------------------------------------------------------------------
# The application under gunicorn, and nginx in front of it


@dataclass
class AppServer:
    port: int
    log: Path


@dataclass
class Site:
    plain: int  # a plain-HTTP server that includes storybank-proxy.conf
    http: int  # storybank.conf's port 80
    https: int  # storybank.conf's port 443
    folder: Path

    @property
    def certificate(self) -> Path:
        return self.folder / "tls" / "fullchain.pem"

    def logs(self) -> dict[str, str]:
        return {
            path.name: path.read_text(errors="replace")
            for path in self.folder.glob("*.log")
            if path.is_file()
        }


def write_certificate(folder: Path) -> None:
    """A self-signed certificate for NAME where certbot would put one."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, NAME)])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(NAME)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    folder.mkdir()
    (folder / "fullchain.pem").write_bytes(certificate.public_bytes(Encoding.PEM))
    (folder / "privkey.pem").write_bytes(
        key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    )


def rendered_site(site: Site, app_port: int) -> str:
    """storybank.conf with this machine's ports and folders in place of the server's."""
    text = SITE.read_text()
    text = re.sub(r"^\s*listen \[::\]:.*\n", "", text, flags=re.MULTILINE)  # no IPv6 needed
    replacements = {
        "listen 80": f"listen 127.0.0.1:{site.http}",
        "listen 443": f"listen 127.0.0.1:{site.https}",
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{app_port};",
        f"/etc/letsencrypt/live/{NAME}": str(site.folder / "tls"),
        "/etc/nginx/snippets/storybank-proxy.conf": str(PROXY),
        "/opt/storybank/storybank": str(PROJECT / "storybank"),
        "/var/www/html": str(site.folder / "acme"),
    }
    for shipped, here in replacements.items():
        assert shipped in text, f"storybank.conf no longer says {shipped!r}: update this test"
        text = text.replace(shipped, here)
    return text


def nginx_configuration(site: Site, app_port: int) -> str:
    """The main file: what Debian's nginx.conf sets that matters here (an access log for every
    site, gzip on), this folder for everything nginx writes, the rendered site, and a plain
    loopback server that includes the proxy snippet as shipped."""
    folder = site.folder
    # As root, workers would run as nobody, who cannot enter the test's private folders.
    user = "user root;" if os.geteuid() == 0 else ""
    return textwrap.dedent(
        """\
        daemon off;
        {user}
        worker_processes 1;
        pid {folder}/nginx.pid;
        error_log {folder}/error.log info;
        events {{ worker_connections 1024; }}
        http {{
            types {{ text/css css; application/javascript js; image/svg+xml svg; }}
            default_type application/octet-stream;
            access_log {folder}/access.log;
            gzip on;
            client_body_temp_path {folder}/body;
            proxy_temp_path {folder}/proxy;
            fastcgi_temp_path {folder}/fastcgi;
            uwsgi_temp_path {folder}/uwsgi;
            scgi_temp_path {folder}/scgi;
        {site}
            server {{
                listen 127.0.0.1:{plain};
                root {static_root};
                include {proxy};
            }}
        }}
        """
    ).format(
        user=user,
        folder=folder,
        site=rendered_site(site, app_port),
        plain=site.plain,
        static_root=PROJECT / "storybank",
        proxy=PROXY,
    )


def nginx_command(site: Site, *extra: str) -> list[str]:
    return [
        str(NGINX),
        "-p",
        str(site.folder),
        "-c",
        str(site.folder / "nginx.conf"),
        "-e",
        str(site.folder / "startup.log"),
        *extra,
    ]
