"""`make fuzz`: generated requests against storybank under gunicorn, on SQLite and PostgreSQL.

For each database: a fresh one with the demo content, two staff accounts and media; gunicorn
with the project's gunicorn.conf.py; FUZZ_REQUESTS requests drawn with FUZZ_SEED from the
strategies in tests/fuzzing/ and sent over sockets by FUZZ_THREADS client threads. It
prints the answers by status, each 5xx with the request that caused it (method, path, a short
preview of the body; nothing else) and the tracebacks in the server's log. The exit code is 1
when any request got a 5xx or the log has a traceback.

FUZZ_REQUESTS (10000), FUZZ_SEED (1), FUZZ_THREADS (4) and FUZZ_POSTGRES_URL
(postgresql+psycopg://postgres@127.0.0.1:5432/storybank_fuzz, dropped and created afresh; the
PostgreSQL run is skipped with a line saying so when it is not reachable). The submission
limits are raised and the server trusts one proxy, so that each request has its own address:
429 answers are still fine answers. Server logs are kept in bench/.work/fuzz/.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench.databases import fresh_postgres, remove_sqlite, storybank_command
from bench.report import say, section
from bench.servers import Server
from bench.settings import ROOT, WORK, HarnessError, Keys
from tests.fuzzing import (
    Facts,
    Reply,
    Request,
    Site,
    draw_requests,
    every_request,
    open_sessions,
    seed_site,
)

FUZZ_WORK = WORK / "fuzz"
PROJECT_GUNICORN_CONF = ROOT / "gunicorn.conf.py"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/storybank_fuzz"
SHOWN_FAILURES = 40
# How a traceback's last line looks in the log: `package.Error: message`, or a bare name.
EXCEPTION_LINE = re.compile(r"^([A-Za-z_][\w.]*(?:: .*)?)$")
CHAIN_MARKERS = ("The above exception", "During handling of the above exception", "+-", "|")


@dataclass(frozen=True)
class Settings:
    requests: int
    seed: int
    threads: int
    postgres_url: str

    @classmethod
    def from_environment(cls) -> Settings:
        def number(name: str, default: str) -> int:
            value = os.environ.get(name, default).strip().replace("_", "")
            if not value.isdigit() or int(value) < 1:
                raise HarnessError(f"{name} must be a positive whole number, not {value!r}")
            return int(value)

        return cls(
            requests=number("FUZZ_REQUESTS", "10000"),
            seed=number("FUZZ_SEED", "1"),
            threads=number("FUZZ_THREADS", "4"),
            postgres_url=os.environ.get("FUZZ_POSTGRES_URL", DEFAULT_POSTGRES_URL),
        )


# ---------------------------------------------------------------------------------------------
# The server: the project's own gunicorn settings


class ProjectServer(Server):
    """storybank under gunicorn with gunicorn.conf.py as deployed (its access and error log go
    to the log file, which is scanned for tracebacks afterwards)."""

    gunicorn_conf = PROJECT_GUNICORN_CONF

    def gunicorn_environment(self) -> dict[str, str]:
        return {**self.environment, "STORYBANK_BIND": f"127.0.0.1:{self.port}"}


# ---------------------------------------------------------------------------------------------
# Sending a request description over a socket


def send(port: int, request: Request, timeout: float = 90) -> Reply:
    """One request on its own connection; status 0 when no answer came back."""
    received = bytearray()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        try:
            connection.sendall(request.wire(f"127.0.0.1:{port}"))
            # No more bytes are coming: a body shorter than its Content-Length ends here.
            connection.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server answered before reading everything, and closed
        try:
            while chunk := connection.recv(65536):
                received += chunk
        except OSError:
            pass
    return parse_reply(bytes(received), request.method)


def parse_reply(data: bytes, method: str) -> Reply:
    head, _sep, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[1].isdigit():
        return Reply(0, [], b"")
    headers = []
    for line in lines[1:]:
        name, _colon, value = line.partition(":")
        headers.append((name.strip(), value.strip()))
    if any(k.lower() == "transfer-encoding" and "chunked" in v.lower() for k, v in headers):
        body = dechunk(body)
    return Reply(int(parts[1]), headers, b"" if method == "HEAD" else body)


def dechunk(data: bytes) -> bytes:
    out = bytearray()
    while data:
        size_line, _sep, data = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0].strip() or b"0", 16)
        if size == 0:
            break
        out += data[:size]
        data = data[size + 2 :]
    return bytes(out)


# ---------------------------------------------------------------------------------------------
# Databases


def prepare(keys: Keys, url: str) -> Facts:
    """Migrate, then add what the requests refer to: demo content, staff accounts, media."""
    from storybank import create_app

    environment = keys.environment(url)
    storybank_command(environment, "db", "upgrade")
    app = create_app(environ=environment)
    facts = seed_site(app)
    with app.app_context():
        from storybank.extensions import db

        db.engine.dispose()
    return facts


# ---------------------------------------------------------------------------------------------
# One run


@dataclass
class Outcome:
    sent: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[tuple[Request, int]] = field(default_factory=list)
    by_aim: dict[str, Counter[int]] = field(default_factory=dict)
    seconds: float = 0.0
    harness_errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, request: Request, reply: Reply) -> None:
        with self.lock:
            self.sent += 1
            self.statuses[reply.status] += 1
            self.by_aim.setdefault(request.aim, Counter())[reply.status] += 1
            if reply.status >= 500 or reply.status == 0:
                self.failures.append((request, reply.status))


def fire(port: int, settings: Settings, site: Site) -> Outcome:
    """Draw the requests in this thread and send them from `settings.threads` others."""
    outcome = Outcome()
    waiting: queue.Queue[Request | None] = queue.Queue(maxsize=settings.threads * 4)

    def client() -> None:
        while (request := waiting.get()) is not None:
            try:
                reply = send(port, request)
            except OSError:
                reply = Reply(0, [], b"")
            except Exception as exc:  # the harness's own fault: say so, and go on
                outcome.harness_errors.append(f"{short(request)}: {type(exc).__name__}: {exc}")
                continue
            outcome.add(request, reply)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(settings.threads)]
    for thread in threads:
        thread.start()
    started = time.perf_counter()
    progress = max(1, settings.requests // 10)
    drawn = 0

    def each(request: Request) -> None:
        nonlocal drawn
        waiting.put(request)
        drawn += 1
        if drawn % progress == 0:
            elapsed = time.perf_counter() - started
            say(f"  {drawn:,} requests drawn and queued ({elapsed:.0f} s)")

    try:
        draw_requests(every_request(site), settings.requests, settings.seed, each)
    finally:
        for _ in threads:
            waiting.put(None)
        for thread in threads:
            thread.join()
    outcome.seconds = time.perf_counter() - started
    return outcome


def tracebacks(log_path: Path) -> Counter[str]:
    """The tracebacks in a server log, counted by the exception that ends each (a chain of
    causes counts once, by its last exception)."""
    found: Counter[str] = Counter()
    lines = log_path.read_text(errors="replace").splitlines()
    index = 0
    while index < len(lines):
        if not lines[index].startswith("Traceback (most recent call last)"):
            index += 1
            continue
        last = "(no exception line)"
        index += 1
        while index < len(lines):
            line = lines[index]
            if not line.strip() or line.startswith((" ", "Traceback (", *CHAIN_MARKERS)):
                index += 1
                continue
            match = EXCEPTION_LINE.match(line)
            if match is None:
                break
            last = match[1][:160]
            index += 1
        found[last] += 1
    return found


def report(name: str, outcome: Outcome, logged: Counter[str]) -> bool:
    """Print one database's results; True when nothing failed."""
    rate = outcome.sent / outcome.seconds if outcome.seconds else 0.0
    say(f"{name}: {outcome.sent:,} requests in {outcome.seconds:.0f} s ({rate:.0f} requests/s)")
    say(
        "  by status: "
        + ", ".join(f"{s or 'no answer'}: {n:,}" for s, n in sorted(outcome.statuses.items()))
    )
    say("  by route or form:")
    for aim, counts in sorted(outcome.by_aim.items()):
        shown = ", ".join(f"{s or 'none'}×{n}" for s, n in sorted(counts.items()))
        say(f"    {aim:<34} {shown}")
    server_errors = [(r, s) for r, s in outcome.failures if s >= 500]
    no_answer = [(r, s) for r, s in outcome.failures if s == 0]
    if server_errors:
        say(f"  {len(server_errors)} answers were 5xx:")
        for request, status in server_errors[:SHOWN_FAILURES]:
            say(f"    {status} {short(request)}")
        if len(server_errors) > SHOWN_FAILURES:
            say(f"    … and {len(server_errors) - SHOWN_FAILURES} more")
    if no_answer:
        say(f"  {len(no_answer)} requests got no answer (connection closed before a status line):")
        for request, _status in no_answer[:10]:
            say(f"    {short(request)}")
    if outcome.harness_errors:
        say(f"  {len(outcome.harness_errors)} requests could not be sent (a fault of the harness):")
        for problem in outcome.harness_errors[:10]:
            say(f"    {problem[:200]}")
    if logged:
        say(f"  {sum(logged.values())} tracebacks in the server log, by exception:")
        for line, count in logged.most_common():
            say(f"    {count}× {line}")
    else:
        say("  no traceback in the server log")
    return not server_errors and not logged and not outcome.harness_errors


def short(request: Request) -> str:
    """Method, path and a short body preview: what a report may say about a request."""
    target = request.target if len(request.target) <= 120 else request.target[:120] + "…"
    body = request.preview(48)
    return f"{request.method} {target}" + (f"  body: {body}" if body else "")


def run_one(name: str, url: str, keys: Keys, settings: Settings) -> bool:
    section(f"{name}: preparing")
    started = time.perf_counter()
    facts = prepare(keys, url)
    say(f"{name}: demo content, staff accounts and media in {time.perf_counter() - started:.0f} s")
    slug = "sqlite" if url.startswith("sqlite") else "postgresql"
    server = ProjectServer(f"fuzz {slug}", "wsgi:app", keys.environment(url), "/healthz")
    server.log_path = FUZZ_WORK / f"{slug}.log"
    server.start()
    try:
        site = open_sessions(lambda request: send(server.port, request), facts)
        s = settings
        section(f"{name}: {s.requests:,} requests (seed {s.seed}, {s.threads} threads)")
        outcome = fire(server.port, settings, site)
    finally:
        server.stop()
    return report(name, outcome, tracebacks(server.log_path))


def main() -> int:
    # Stopped from outside (a time-out, Ctrl-C in make): still stop the server it started.
    signal.signal(signal.SIGTERM, lambda _signal, _frame: sys.exit(143))
    try:
        settings = Settings.from_environment()
        keys = Keys()
        FUZZ_WORK.mkdir(parents=True, exist_ok=True)
        say(
            f"storybank fuzz: {settings.requests:,} generated requests per database, seed "
            f"{settings.seed}, {settings.threads} client threads, gunicorn with gunicorn.conf.py"
        )
        results = {}
        sqlite_path = FUZZ_WORK / "storybank.db"
        remove_sqlite(sqlite_path)
        results["SQLite"] = run_one("SQLite", f"sqlite:///{sqlite_path}", keys, settings)
        postgres = fresh_postgres(settings.postgres_url, "skipped.")
        if postgres is None:
            say("PostgreSQL: skipped (not reachable)")
        else:
            results["PostgreSQL"] = run_one("PostgreSQL", postgres, keys, settings)
    except HarnessError as exc:
        say(f"\nfuzz: the harness failed: {exc}")
        return 1
    section("Summary")
    for name, clean in results.items():
        say(f"{name:<11} {'no 5xx, no traceback' if clean else 'FAILURES (see above)'}")
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
