"""The production deployment as shipped: nginx with deploy/nginx/ in front of gunicorn with
gunicorn.conf.py, and the systemd units of deploy/systemd/.

nginx runs here from a folder of its own on free loopback ports, with the site file rendered
(ports, certificate and paths replaced) and a plain-HTTP server that includes the proxy snippet
exactly as shipped. The visitors it sees come from addresses of 127.77.0.0/16, so that any trace
of one in a log is found."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import runpy
import select
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from cryptography.x509.oid import NameOID
from test_config import ORGANISATION

from conftest import PG_URL, environ_for, free_port, shipped_gunicorn
from storybank.config import ConfigError, load_settings
from storybank.security import SECURITY_HEADERS, STRICT_TRANSPORT_SECURITY

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


@pytest.fixture(scope="module")
def app_server(
    tmp_path_factory: pytest.TempPathFactory, migrated_template: str
) -> Iterator[AppServer]:
    """storybank in production under the shipped gunicorn.conf.py, trusting one proxy."""
    folder = tmp_path_factory.mktemp("deploy-app")
    url = migrated_template
    if not PG_URL:
        shutil.copyfile(migrated_template, folder / "storybank.db")
        url = f"sqlite:///{folder / 'storybank.db'}"
    environ = {k: v for k, v in os.environ.items() if not k.startswith("STORYBANK_")}
    environ.update(
        environ_for(url, STORYBANK_ENV="production", STORYBANK_PROXY_COUNT="1", **ORGANISATION)
    )
    log = folder / "gunicorn.log"
    with shipped_gunicorn(environ, log) as port:
        yield AppServer(port, log)


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


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, app_server: AppServer) -> Iterator[Site]:
    """nginx with the shipped files in front of app_server; yields once it takes connections."""
    if not NGINX.exists():
        pytest.skip("/usr/sbin/nginx is missing (Debian's nginx-light; make test installs it)")
    folder = tmp_path_factory.mktemp("deploy-nginx")
    here = Site(plain=free_port(), http=free_port(), https=free_port(), folder=folder)
    write_certificate(folder / "tls")
    (folder / "acme" / ".well-known" / "acme-challenge").mkdir(parents=True)
    (folder / "nginx.conf").write_text(nginx_configuration(here, app_server.port))
    with (folder / "nginx.out").open("wb") as output:
        nginx = subprocess.Popen(nginx_command(here), stdout=output, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 10
            while True:
                assert nginx.poll() is None, (folder / "nginx.out").read_text()
                try:
                    socket.create_connection(("127.0.0.1", here.plain), timeout=0.2).close()
                    break
                except OSError:
                    assert time.monotonic() < deadline, "nginx did not start"
                    time.sleep(0.05)
            yield here
        finally:
            nginx.send_signal(signal.SIGQUIT)
            try:
                nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                nginx.kill()
                nginx.wait()


# ---------------------------------------------------------------------------------------------
# nginx


def test_nginx_accepts_the_shipped_files(site):
    """Does nginx accept the site file and the proxy snippet as shipped, without a warning?"""
    check = subprocess.run(
        nginx_command(site, "-t"), capture_output=True, text=True, timeout=30, check=False
    )
    assert check.returncode == 0, check.stderr
    assert "test is successful" in check.stderr
    assert "[warn]" not in check.stderr and "[emerg]" not in check.stderr, check.stderr


def test_nginx_refuses_an_oversized_body_before_gunicorn_reads_it(site, app_server, tmp_path):
    """Does a body over STORYBANK_MAX_REQUEST_BYTES get 413 from nginx at once (declared or
    chunked) without gunicorn seeing the request, while a body just under the limit reaches the
    application whole?"""
    limit = nginx_size(directive(PROXY.read_text(), "client_max_body_size"))
    default = load_settings(tmp_path, environ={"STORYBANK_ENV": "testing"}).max_upload_bytes
    assert limit == default == 40 * 1024 * 1024
    head = (
        b"POST /en/share HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        b"Content-Type: multipart/form-data; boundary=edge\r\n"
    )
    started = time.monotonic()
    declared = answer_head(site.plain, head + b"Content-Length: %d\r\n\r\n" % (limit + 1))
    assert status_of(declared) == 413 and b"Server: nginx" in declared, declared
    assert time.monotonic() - started < 1  # refused on the headers: no byte of the body was sent

    chunk = b"x" * (1024 * 1024)
    chunks = [b"%x\r\n%s\r\n" % (len(chunk), chunk)] * (limit // len(chunk)) + [
        b"1\r\nx\r\n0\r\n\r\n"
    ]
    chunked = exchange(site.plain, head + b"Transfer-Encoding: chunked\r\n\r\n" + b"".join(chunks))
    assert status_of(chunked) == 413, chunked[:300]

    prefix = (
        b'--edge\r\nContent-Disposition: form-data; name="photo"; filename="big.jpg"\r\n'
        b"Content-Type: image/jpeg\r\n\r\n"
    )
    suffix = b"\r\n--edge--\r\n"
    # Just under: under gunicorn, Werkzeug refuses a body of exactly the limit itself (it cannot
    # tell it from a longer one), with the application's own 413 page.
    body = prefix + b"x" * (limit - 1 - len(prefix) - len(suffix)) + suffix
    whole = exchange(site.plain, head + b"Content-Length: %d\r\n\r\n" % len(body) + body)
    [line] = log_lines(app_server.log, '"POST /en/share"', at_least=1)
    # The application read it all and answered for itself (the form is refused: no form token).
    assert status_of(whole) == int(line.split()[2]) != 413, line
    assert b"Strict-Transport-Security" in whole


@pytest.mark.parametrize(
    ("path", "language", "words"),
    [
        ("/ko/share", "ko", "파일"),
        ("/ur/share", "ur", "فائل"),
        ("/moderate/stories/1/media", "en", "The files are too large"),
    ],
)
def test_an_oversized_body_is_refused_in_the_language_of_its_form(
    site, app_server, path, language, words
):
    """nginx refuses the body, yet the storyteller reads why in the form's language: the
    application's own 413 page, asked for without the body (gunicorn sees only that GET)."""
    limit = nginx_size(directive(PROXY.read_text(), "client_max_body_size"))
    answer = exchange(
        site.plain,
        f"POST {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n".encode()
        + b"Content-Type: multipart/form-data; boundary=edge\r\n"
        + b"Content-Length: %d\r\n\r\n" % (limit + 1),
    )
    assert status_of(answer) == 413, answer[:300]
    page = answer.decode("utf-8", "replace")
    assert f'lang="{language}"' in page and words in page
    assert "no-store" in page.split("\r\n\r\n", 1)[0]
    asked = "/request-too-large" if language == "en" else f"/{language}/request-too-large"
    assert log_lines(app_server.log, f'"GET {asked}"', at_least=1)
    assert not log_lines(app_server.log, f'"POST {path}"')


def test_slow_clients_take_no_worker_and_are_cut_off(site, app_server):
    """While 40 clients trickle their headers and 10 their bodies at 2 bytes a second, are
    other visitors answered at once; does gunicorn see none of the slow requests; and is a
    client whose headers are not complete within client_header_timeout disconnected?"""
    header_timeout = int(directive(PROXY.read_text(), "client_header_timeout").rstrip("s"))
    slow_headers = [
        socket.create_connection(("127.0.0.1", site.plain), source_address=(f"127.77.1.{i}", 0))
        for i in range(1, 41)
    ]
    opened = time.monotonic()
    for s in slow_headers:
        s.sendall(b"GET /en/slow-header-probe HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
    slow_bodies = [
        socket.create_connection(("127.0.0.1", site.plain), source_address=(f"127.77.2.{i}", 0))
        for i in range(1, 11)
    ]
    for s in slow_bodies:
        s.sendall(
            b"POST /en/slow-body-probe HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n"
        )
    closed: dict[socket.socket, float] = {}
    stop = threading.Event()

    def trickle() -> None:
        while not stop.is_set():
            open_ones = [s for s in slow_headers + slow_bodies if s not in closed]
            readable, _, _ = select.select(open_ones, [], [], 0) if open_ones else ([], [], [])
            for s in open_ones:
                try:
                    if s in readable and not s.recv(4096):
                        raise ConnectionResetError
                    s.send(b"a")
                except OSError:
                    closed[s] = time.monotonic()
            stop.wait(0.5)

    trickler = threading.Thread(target=trickle)
    trickler.start()
    try:
        time.sleep(1)
        latencies = []
        for path in ("/healthz", "/en/", "/en/stories") * 4:
            started = time.monotonic()
            assert get(site.plain, path, source="127.77.3.1").status == 200
            latencies.append(time.monotonic() - started)
        print(f"12 requests during the slow clients: slowest {max(latencies):.3f} s")
        assert max(latencies) < 2, latencies

        deadline = opened + header_timeout + 5
        while any(s not in closed for s in slow_headers) and time.monotonic() < deadline:
            time.sleep(0.1)
        cut_off = sorted(closed[s] - opened for s in slow_headers if s in closed)
        assert len(cut_off) == len(slow_headers), f"{len(cut_off)} cut off"
        print(f"slow headers cut off after {cut_off[0]:.1f} to {cut_off[-1]:.1f} s")
        assert header_timeout - 1 <= cut_off[0] and cut_off[-1] <= header_timeout + 2
        # A body that keeps coming is waited for (each pause is shorter than the timeout).
        assert not any(s in closed for s in slow_bodies)
    finally:
        stop.set()
        trickler.join()
        for s in slow_headers + slow_bodies:
            s.close()
    assert not log_lines(app_server.log, "probe")


def form_token(port: int, source: str) -> tuple[str, str]:
    """The session cookie and form token of the claim-code form, as a browser would get them."""
    answer = get(port, "/en/my-story", source=source)
    cookie = answer.headers["Set-Cookie"].split(";", 1)[0]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', answer.body.decode())
    assert token, answer.body[:500]
    return cookie, unescape(token[1])


def wrong_code(port: int, source: str, forged: str) -> int:
    """Try a wrong claim code from `source`, claiming to be `forged`."""
    cookie, token = form_token(port, source)
    return get(
        port,
        "/en/my-story",
        source=source,
        method="POST",
        body=f"csrf_token={token}&code=AAAA-BBBB-CCCC-DDDD".encode(),
        headers={
            "Cookie": cookie,
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Forwarded-For": forged,
        },
    ).status


def test_the_application_sees_the_visitors_address_and_no_forged_one(site):
    """Through nginx, does the claim-code limit (10 wrong codes) count per visitor's address,
    whatever X-Forwarded-For a visitor sends; and do the host and scheme the application uses
    for absolute addresses come from nginx, not from forged X-Forwarded-* headers?"""
    visitor, neighbour = "127.77.4.1", "127.77.4.2"
    statuses = [wrong_code(site.plain, visitor, forged=neighbour) for _ in range(11)]
    assert statuses == [400] * 10 + [429]
    assert wrong_code(site.plain, neighbour, forged=visitor) == 400

    sitemap = get(
        site.plain,
        "/sitemap.xml",
        source=visitor,
        headers={
            "Host": NAME,
            "X-Forwarded-Host": "forged.example",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-Prefix": "/forged",
        },
    )
    assert sitemap.status == 200
    assert f"<loc>http://{NAME}/en/</loc>".encode() in sitemap.body
    assert b"forged" not in sitemap.body


def test_static_files_come_from_nginx_with_the_applications_headers(site, app_server):
    """Is /static/ served by nginx (gunicorn never sees it), with the same security headers as
    the application would send, a short cache lifetime and revalidation?"""
    answer = get(site.plain, "/static/css/storybank.css", source="127.77.5.1")
    again = get(
        site.plain,
        "/static/css/storybank.css",
        source="127.77.5.1",
        headers={"If-None-Match": answer.headers["ETag"]},
    )
    missing = get(site.plain, "/static/no-such-file.css", source="127.77.5.1")
    direct = get(app_server.port, "/static/css/storybank.css")
    # Only the direct request reached gunicorn (its line is written after those of any before).
    assert len(log_lines(app_server.log, "/static/", at_least=1)) == 1
    assert answer.status == direct.status == 200
    assert answer.body == direct.body
    assert answer.headers["Content-Type"].startswith("text/css")
    for name in (*SECURITY_HEADERS, "Strict-Transport-Security"):
        assert answer.headers[name] == direct.headers[name], name
    assert answer.headers["Strict-Transport-Security"] == STRICT_TRANSPORT_SECURITY
    assert answer.headers["Cache-Control"] == "public, max-age=600"
    assert again.status == 304
    assert missing.status == 404


def test_the_site_answers_its_own_name_over_https_only(site):
    """Over HTTPS, is the application reached with a modern protocol for the site's name and the
    handshake refused for any other; over HTTP, are certbot's challenges answered, everything
    else redirected to HTTPS, and other names not answered at all?"""
    # The certificate is checked by comparing it with the one written for nginx.
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    ours = ssl.PEM_cert_to_DER_cert(site.certificate.read_text())
    with (
        socket.create_connection(("127.0.0.1", site.https), timeout=10) as raw,
        context.wrap_socket(raw, server_hostname=NAME) as tls,
    ):
        assert tls.getpeercert(binary_form=True) == ours
        assert tls.version() in ("TLSv1.2", "TLSv1.3")
        tls.sendall(f"GET /healthz HTTP/1.1\r\nHost: {NAME}\r\nConnection: close\r\n\r\n".encode())
        answer = read_all(tls)
    assert status_of(answer) == 200
    assert f"Strict-Transport-Security: {STRICT_TRANSPORT_SECURITY}".encode() in answer

    with (
        socket.create_connection(("127.0.0.1", site.https), timeout=10) as raw,
        pytest.raises(ssl.SSLError),
    ):
        context.wrap_socket(raw, server_hostname="another.example")

    def over_http(host: str, path: str) -> bytes:
        return exchange(
            site.http, f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
        )

    redirect = over_http(NAME, "/en/stories?page=2")
    assert status_of(redirect) == 301
    assert f"Location: https://{NAME}/en/stories?page=2\r\n".encode() in redirect
    challenge = site.folder / "acme" / ".well-known" / "acme-challenge" / "token-123"
    challenge.write_text("token-123.thumbprint")
    assert over_http(NAME, "/.well-known/acme-challenge/token-123").endswith(
        b"\r\n\r\ntoken-123.thumbprint"
    )
    assert over_http("another.example", "/") == b""


def test_no_log_holds_a_visitors_address(site, app_server):
    """After the requests above and a few that nginx logs as errors (a malformed request, a
    request line too long, a refused body, a broken TLS handshake), does any log — gunicorn's,
    nginx's main error log at level info, or the access log Debian's nginx.conf sets for every
    site — hold a visitor's address?"""
    visitor = "127.77.6.1"
    assert status_of(exchange(site.plain, b"GET / HTTP/9.9\r\n\r\n", source=visitor)) >= 400
    long_line = b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"
    assert status_of(exchange(site.plain, long_line, source=visitor)) == 414
    oversized = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n"
    assert status_of(answer_head(site.plain, oversized, source=visitor)) == 413
    exchange(site.https, b"\x16\x03\x01\x00\x05hello" * 3, source=visitor)

    logs = {**site.logs(), "gunicorn.log": app_server.log.read_text(errors="replace")}
    assert set(logs) >= {"error.log", "access.log", "startup.log", "gunicorn.log"}
    for name, text in logs.items():
        assert "127.77." not in text, name
        assert "client:" not in text, name
    assert logs["access.log"] == ""
    assert "start worker process" in logs["error.log"]  # the main log does record nginx itself


# ---------------------------------------------------------------------------------------------
# gunicorn


def children_of(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                children.append(int(stat.parent.name))
    return children


def running(pid: int) -> bool:
    """Whether the process exists and is not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def serves(port: int, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, http.client.HTTPException):
            if get(port, "/healthz").status == 200:
                return True
        time.sleep(0.1)
    return False


def test_the_shipped_gunicorn_settings():
    """Does gunicorn.conf.py use threaded workers, no control socket, a graceful timeout, and
    the hook that ties workers to their master?"""
    settings = shipped_settings()
    assert settings["worker_class"] == "gthread"
    assert settings["threads"] >= 2
    assert settings["control_socket_disable"] is True
    assert 0 < settings["graceful_timeout"] <= 60
    assert "max_requests" not in settings  # per-process rate limits would reset
    assert callable(settings["post_worker_init"])


def test_orphaned_workers_stop_and_free_the_port_when_the_master_is_killed(tmp_path, database_url):
    """With the shipped settings and two workers, does `kill -9` of the master leave no worker
    serving within a few seconds, so that a new master binds the same port at once; and does
    gunicorn open no control socket?"""
    port = free_port()
    home, runtime = tmp_path / "home", tmp_path / "runtime"
    home.mkdir()
    runtime.mkdir(mode=0o700)
    environ = {k: v for k, v in os.environ.items() if not k.startswith("STORYBANK_")}
    environ.update(
        environ_for(database_url),
        STORYBANK_BIND=f"127.0.0.1:{port}",
        STORYBANK_WORKERS="2",
        HOME=str(home),
        XDG_RUNTIME_DIR=str(runtime),
    )

    def start(log: Path) -> subprocess.Popen[bytes]:
        with log.open("wb") as output:
            return subprocess.Popen(
                [str(GUNICORN), "-c", "gunicorn.conf.py"],
                cwd=PROJECT,
                env=environ,
                stdout=output,
                stderr=subprocess.STDOUT,
            )

    master = start(tmp_path / "first.log")
    workers: list[int] = []
    second = None
    try:
        assert serves(port), (tmp_path / "first.log").read_text()
        deadline = time.monotonic() + 10
        while len(workers) < 2 and time.monotonic() < deadline:
            workers = children_of(master.pid)
            time.sleep(0.05)
        assert len(workers) == 2
        assert list(runtime.iterdir()) == [] and list(home.iterdir()) == []  # no control socket

        killed = time.monotonic()
        master.kill()
        master.wait()
        while any(running(pid) for pid in workers) and time.monotonic() < killed + 10:
            time.sleep(0.02)
        gone = time.monotonic() - killed
        print(f"workers gone {gone:.2f} s after kill -9 of their master")
        assert not any(running(pid) for pid in workers)
        assert gone < 5  # (orphans once served for 71 s; the hook itself is proven below)

        second = start(tmp_path / "second.log")
        assert serves(port), (tmp_path / "second.log").read_text()
        assert "Listening at" in (tmp_path / "second.log").read_text()
    finally:
        for process in (master, second):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
        for pid in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


# A stand-in for gunicorn: a master that forks a worker, which runs the shipped hook (or not)
# and then sits in a "request" that never looks at its parent; prints both process ids.
FAKE_MASTER = """
import os, runpy, sys, time

def say(line):
    os.write(1, (line + "\\n").encode())  # one write: the processes share the pipe

class Log:
    def info(self, *args):
        say("log " + args[0] % args[1:])
    warning = info

class Worker:
    log = Log()
    def __init__(self, ppid):
        self.ppid = ppid

hook = runpy.run_path(sys.argv[1])["post_worker_init"]
master = os.fork()
if master == 0:
    worker = os.fork()
    if worker == 0:
        if sys.argv[2] == "hook":
            hook(Worker(os.getppid()))
        say(f"worker {os.getpid()}")
        time.sleep(60)
        os._exit(0)
    time.sleep(60)
    os._exit(0)
say(f"master {master}")
"""


def fake_master(use_hook: bool) -> tuple[int, int, subprocess.Popen[str]]:
    launcher = subprocess.Popen(
        [sys.executable, "-c", FAKE_MASTER, str(PROJECT / "gunicorn.conf.py"), "hook" * use_hook],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert launcher.stdout is not None
    ids = dict(launcher.stdout.readline().split() for _ in range(2))
    return int(ids["master"]), int(ids["worker"]), launcher


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_worker_busy_in_a_request_dies_with_its_master():
    """Does the shipped post_worker_init hook make the kernel stop a worker the moment its
    master dies, even one busy in a request that never checks on its parent — and is it that
    hook that does it (a worker without it lives on)?"""
    outcomes = {}
    for use_hook in (True, False):
        master, worker, launcher = fake_master(use_hook)
        try:
            killed = time.monotonic()
            os.kill(master, signal.SIGKILL)
            while running(worker) and time.monotonic() < killed + 1:
                time.sleep(0.01)
            outcomes[use_hook] = None if running(worker) else time.monotonic() - killed
        finally:
            for pid in (master, worker):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            launcher.wait(timeout=10)
            assert launcher.stdout is not None
            launcher.stdout.close()
    assert outcomes[True] is not None and outcomes[True] < 0.5, outcomes
    assert outcomes[False] is None, outcomes


def test_a_worker_whose_master_died_before_the_hook_exits():
    """If the master died before the hook ran (so no signal will ever come), does the worker
    exit instead of serving?"""
    script = textwrap.dedent(
        """
        import runpy, sys
        class Log:
            def info(self, *args):
                print(args[0] % args[1:])
            warning = info
        class Worker:
            log = Log()
            ppid = -1
        runpy.run_path(sys.argv[1])["post_worker_init"](Worker())
        print("still serving")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(PROJECT / "gunicorn.conf.py")],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "The master is gone; worker exiting\n"


# ---------------------------------------------------------------------------------------------
# systemd


def unit(name: str) -> dict[str, dict[str, list[str]]]:
    """A unit file as sections of keys, each with every value it is given (keys may repeat)."""
    sections: dict[str, dict[str, list[str]]] = {}
    section: dict[str, list[str]] = {}
    for line in (SYSTEMD / name).read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = sections.setdefault(line.strip("[]"), {})
        else:
            key, value = line.split("=", 1)
            section.setdefault(key, []).append(value)
    return sections


def environment_file() -> dict[str, str]:
    values = {}
    for line in (SYSTEMD / "storybank.env").read_text().splitlines():
        if line and not line.startswith("#"):
            key, value = line.split("=", 1)
            values[key] = value
    return values


def writable(service: dict[str, list[str]]) -> list[Path]:
    states = [Path("/var/lib", name) for name in service.get("StateDirectory", [])]
    return states + [Path(path) for value in service["ReadWritePaths"] for path in value.split()]


def test_the_service_stops_orphans_and_writes_only_where_it_must():
    """Does storybank.service run the shipped gunicorn settings as its own user, stop every
    process of the unit (orphaned workers too) a little after gunicorn's graceful timeout,
    restart always, and allow writing exactly where the example settings keep the database and
    the withdrawal ledger?"""
    service = unit("storybank.service")["Service"]
    settings, environ = shipped_settings(), environment_file()
    assert service["ExecStart"] == [
        "/opt/storybank/.venv/bin/gunicorn -c /opt/storybank/gunicorn.conf.py"
    ]
    assert service["WorkingDirectory"] == ["/opt/storybank"]
    assert service["User"] == service["Group"] == ["storybank"]
    assert service["EnvironmentFile"] == ["/etc/storybank/storybank.env"]
    assert service["Type"] == ["notify"]
    assert service["KillMode"] == ["mixed"]
    assert service["Restart"] == ["always"]
    stop = int(service["TimeoutStopSec"][0])
    assert settings["graceful_timeout"] < stop <= settings["graceful_timeout"] + 15
    for key, value in {
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "ProtectHome": "yes",
        "PrivateTmp": "yes",
        "PrivateDevices": "yes",
        "CapabilityBoundingSet": "",
        "UMask": "0077",
    }.items():
        assert service[key] == [value], key
    database = Path(environ["STORYBANK_DATABASE_URL"].removeprefix("sqlite:///"))
    ledger = Path(environ["STORYBANK_WITHDRAWAL_LEDGER"])
    for path in (database, ledger):
        assert any(path.parent.is_relative_to(folder) for folder in writable(service)), path
    assert ledger.parent not in (database.parent, Path("/var/lib/storybank"))


def test_the_example_settings_start_production_once_the_blanks_are_filled(tmp_path):
    """Does the example environment file name every setting production requires (left blank,
    production refuses to start), agree with nginx on the address and the proxy count, and,
    filled in, make a valid production configuration?"""
    environ = environment_file()
    assert environ["STORYBANK_ENV"] == "production"
    blanks = {key for key, value in environ.items() if not value}
    assert blanks == {
        "STORYBANK_SECRET_KEY",
        "STORYBANK_ENCRYPTION_KEYS",
        "STORYBANK_ORG_NAME",
        "STORYBANK_ORG_CONTACT_EMAIL",
    }
    with pytest.raises(ConfigError):
        load_settings(tmp_path, environ=environ)
    filled = environ_for(environ["STORYBANK_DATABASE_URL"], **ORGANISATION)
    settings = load_settings(tmp_path, environ={**environ, **filled, "STORYBANK_ENV": "production"})
    assert settings.proxy_count == 1
    assert f"server {environ['STORYBANK_BIND']};" in SITE.read_text()
    assert "STORYBANK_MAX_REQUEST_BYTES" not in environ  # the default, equal to nginx's limit


def test_the_backup_runs_every_night_as_the_site_does():
    """Does storybank-backup.service run `storybank backup` to a new file in the backups folder
    with the site's user and settings, remove old backups only after a good one, and is it
    started every night by a timer that makes up a missed night?"""
    service = unit("storybank-backup.service")["Service"]
    site = unit("storybank.service")["Service"]
    for key in ("User", "Group", "EnvironmentFile", "WorkingDirectory", "StateDirectory"):
        assert service[key] == site[key], key
    assert service["Type"] == ["oneshot"]
    # Given the folder, `storybank backup` names each file after the time (tests/test_backup.py).
    assert service["ExecStart"] == [
        "/opt/storybank/.venv/bin/storybank backup /var/backups/storybank"
    ]
    old_backups, half_written = service["ExecStartPost"]
    assert old_backups.startswith("/usr/bin/find /var/backups/storybank -maxdepth 1 ")
    assert '-name "storybank-*.backup" -mtime +30 -delete' in old_backups
    assert '-name "storybank-*.backup.partial"' in half_written
    assert Path("/var/backups/storybank") in writable(service)
    hardening = {key for key in site if key.startswith(("Protect", "Private", "Restrict"))}
    hardening |= {"NoNewPrivileges", "CapabilityBoundingSet", "SystemCallFilter", "UMask"}
    for key in hardening:
        assert service[key] == site[key], key
    timer = unit("storybank-backup.timer")
    assert timer["Timer"]["Persistent"] == ["true"] and timer["Timer"]["OnCalendar"]
    assert timer["Install"]["WantedBy"] == ["timers.target"]


def test_nginx_keeps_its_temporary_files_in_memory_with_the_drop_in():
    """Does the nginx drop-in put a memory file system where Debian's nginx keeps request bodies
    and buffered answers?"""
    service = unit("nginx.service.d/storybank.conf")["Service"]
    assert service["TemporaryFileSystem"] == ["/var/lib/nginx:mode=0755"]
    if NGINX.exists():
        built = subprocess.run(
            [str(NGINX), "-V"], capture_output=True, text=True, timeout=30, check=True
        ).stderr
        for kind in ("client-body", "proxy"):
            assert f"--http-{kind}-temp-path=/var/lib/nginx/" in built, kind


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is missing")
def test_systemd_accepts_the_units(tmp_path):
    """Does `systemd-analyze verify` find nothing to say about the units and the nginx drop-in
    (with this machine's folders for the programs they start)?"""
    names = ("storybank.service", "storybank-backup.service", "storybank-backup.timer")
    for name in names:
        text = (SYSTEMD / name).read_text()
        text = text.replace("/opt/storybank/.venv/bin", str(GUNICORN.parent))
        (tmp_path / name).write_text(text.replace("/opt/storybank", str(PROJECT)))
    # A stand-in for Debian's nginx.service, to verify the drop-in on.
    (tmp_path / "nginx.service").write_text("[Service]\nExecStart=/bin/true\n")
    (tmp_path / "nginx.service.d").mkdir()
    shutil.copy(SYSTEMD / "nginx.service.d" / "storybank.conf", tmp_path / "nginx.service.d")
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *names, "nginx.service"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0 and not result.stdout + result.stderr, result.stderr
