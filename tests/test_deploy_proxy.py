"""nginx with deploy/nginx/ in front of gunicorn with gunicorn.conf.py: the files accepted as
shipped, bodies over the size limit refused before gunicorn reads them, slow clients cut off
without taking a worker, the visitor's address seen by the application and by no log, static files
served by nginx, and the site's own name answered over HTTPS only.

nginx runs here from a folder of its own on free loopback ports, with the site file rendered
(ports, certificate and paths replaced) and a plain-HTTP server that includes the proxy snippet
exactly as shipped. The visitors it sees come from addresses of 127.77.0.0/16, so that any trace
of one in a log is found. The servers start once for this file: the last test reads the logs of
all the requests before it."""

from __future__ import annotations

import os
import re
import select
import shutil
import signal
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from html import unescape

import pytest
from deploy_support import (
    NAME,
    NGINX,
    PROXY,
    AppServer,
    Site,
    answer_head,
    directive,
    exchange,
    get,
    log_lines,
    nginx_command,
    nginx_configuration,
    nginx_size,
    read_all,
    status_of,
    write_certificate,
)
from test_config import ORGANISATION

from conftest import PG_URL, environ_for, free_port, shipped_gunicorn
from storybank.config import load_settings
from storybank.security import SECURITY_HEADERS, STRICT_TRANSPORT_SECURITY


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
    # Refused on the headers alone: no byte of the body was ever sent (the page comes from the
    # application, asked for while the client waits).
    assert time.monotonic() - started < 10

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
