"""PostgreSQL stopped and started again mid-load (the soak's own cluster, never the machine's).

While the database is away, the site is to answer 503 with Retry-After, never a bare 500 or a
dropped connection, and come back by itself; storytellers who send their form again once it is
back lose nothing.
"""

from __future__ import annotations

import http.client
import itertools
import re
import threading
import time
from collections import Counter
from pathlib import Path

from bench.report import say
from bench.soak.clients import (
    NO_ANSWER,
    Form,
    Tally,
    Visitor,
    count_kept,
    loopback_address,
    send_form,
)
from bench.soak.postgres import Cluster
from bench.soak.report import Row
from bench.soak.settings import Settings
from bench.soak.site import Site

FIRST_ADDRESS = 200_000
BEFORE = 3.0  # seconds of load before the database stops
AFTER = 3.0  # seconds of load once requests succeed again
RECOVERY_BOUND = 60.0
READER_PATHS = ("/en/stories", "/api/v1/stories", "/en/search?q=suitcases", "/en/")
READERS = 2
# gunicorn's words when an exception escapes the application (it then answers a bare 500).
ESCAPED = re.compile(r"^Error handling request (\S+ \S+)")
FRAME = re.compile(r'^\s+File "([^"]+)", line \d+, in (\S+)')
LIBRARIES_BELOW = ("/sqlalchemy/", "/psycopg/", "psycopg_binary", "<")


def outage_test(site: Site, cluster: Cluster, settings: Settings, label: str) -> Row:
    s = settings
    writes, reads = Tally(), Tally()
    forms: list[Form] = []
    numbers = itertools.count(1)
    stop = threading.Event()
    lock = threading.Lock()

    def storyteller() -> None:
        while not stop.is_set():
            with lock:
                number = next(numbers)
                form = Form(f"{label} {number}", loopback_address(FIRST_ADDRESS + number))
                forms.append(form)
            send_form(site.port, form, writes, time.monotonic() + RECOVERY_BOUND)

    def reader(offset: int) -> None:
        visitor = Visitor(site.port)
        for path in itertools.cycle(READER_PATHS[offset:] + READER_PATHS[:offset]):
            if stop.is_set():
                return
            try:
                answer = visitor.get(path)
                reads.answered(answer.status, answer=answer)
            except (OSError, http.client.HTTPException):
                reads.answered(NO_ANSWER)
            time.sleep(0.05)

    log_before = len(site.log_text())
    threads = [threading.Thread(target=storyteller) for _ in range(s.outage_clients)]
    threads += [threading.Thread(target=reader, args=(i,)) for i in range(READERS)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(BEFORE)
        stopped = time.monotonic()
        cluster.stop_fast()
        time.sleep(s.outage_down)
        cluster.start_again()
        back = time.monotonic()
        answering = wait_until_answering((writes, reads), back)
        time.sleep(AFTER)
    finally:
        stop.set()
        for thread in threads:
            thread.join()

    down = back - stopped
    failures = [
        moment
        for moment, status in writes.timeline + reads.timeline
        if moment >= stopped and (status >= 500 or status == NO_ANSWER)
    ]
    # Recovered: the first 200 after the database was back and after the last failure (the
    # readers ask 20 times a second; storytellers wait as Retry-After tells them).
    settled = max([back, *failures])
    recovered = min(
        (m for m, status in writes.timeline + reads.timeline if m > settled and status == 200),
        default=None,
    )
    kept = count_kept(site.environment, label, forms)
    statuses = writes.statuses + reads.statuses
    bare = writes.bare_server_errors + reads.bare_server_errors
    no_retry_after = writes.unavailable_without_retry_after + reads.unavailable_without_retry_after
    escaped = escaped_errors(site.log_text()[log_before:])
    say(
        f"PostgreSQL down {down:.1f} s; stories: {writes.shown()}; pages: {reads.shown()}; "
        f"{kept.shown()}"
    )
    for where, count in escaped.most_common():
        say(f"  {count} × {where}")
    recovery = (
        f"never within {RECOVERY_BOUND:.0f} s"
        if answering is None or recovered is None
        else f"{recovered - back:.1f} s after PostgreSQL was back (down {down:.1f} s; "
        f"answers other than 200 for {recovered - min(failures, default=recovered):.1f} s)"
    )
    causes = "; ".join(escaped)
    result = (
        f"recovered by itself {recovery}; {bare} 5xx other than 503"
        + (f" ({causes})" if causes else "")
        + f", {statuses[NO_ANSWER]} "
        f"without an answer, {statuses[503]} × 503 ({no_retry_after} without Retry-After); "
        f"stories sent meanwhile: {kept.shown()}"
    )
    ok = answering is not None and recovered is not None and kept.kept
    ok = ok and bare == 0 and statuses[NO_ANSWER] == 0 and no_retry_after == 0
    test = (
        f"PostgreSQL stopped for {s.outage_down:g} s mid-load (pg_ctl stop -m fast, start), "
        f"{s.outage_clients} storytellers and {READERS} readers"
    )
    return Row.judged(test, result, ok)


def wait_until_answering(tallies: tuple[Tally, ...], back: float) -> float | None:
    """When every kind of request (stories, pages) had been answered 200 again after the
    database came back; None if that took longer than RECOVERY_BOUND."""
    deadline = back + RECOVERY_BOUND
    while time.monotonic() < deadline:
        firsts = [
            min(
                (moment for moment, status in tally.timeline if moment > back and status == 200),
                default=None,
            )
            for tally in tallies
        ]
        if all(first is not None for first in firsts):
            return max(first for first in firsts if first is not None)
        time.sleep(0.2)
    return None


def escaped_errors(log: str) -> Counter[str]:
    """The exceptions that escaped the application (gunicorn answered those requests with a
    bare 500), by request, exception and the last frame above the database libraries."""
    found: Counter[str] = Counter()
    lines = log.splitlines()
    for index, line in enumerate(lines):
        request = ESCAPED.match(line)
        if request is None:
            continue
        where = exception = ""
        for following in lines[index + 1 :]:
            if following.startswith('"') or ESCAPED.match(following):
                break  # the access line of the 500, or the next escape
            frame = FRAME.match(following)
            if frame and not any(name in frame[1] for name in LIBRARIES_BELOW):
                path = Path(frame[1])
                where = f"{path.parent.name}/{path.name} {frame[2]}"
            elif following[:1].isalpha() and ": " in following:
                exception = following.split(": ", 1)[0]
        found[f"{request[1]}: {exception or 'an exception'} escaping {where or 'the app'}"] += 1
    return found
