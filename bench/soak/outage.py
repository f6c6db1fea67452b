"""PostgreSQL stopped and started again mid-load (the soak's own cluster, never the machine's).

While the database is away, the site is to answer 503 with Retry-After, never a bare 500 or a
dropped connection, and come back by itself; storytellers who send their form again once it is
back lose nothing.
"""

from __future__ import annotations

import http.client
import itertools
import threading
import time

from bench.run import say
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
    last_failure = max(0.0, max(failures, default=back) - back)
    kept = count_kept(site.environment, label, forms)
    statuses = writes.statuses + reads.statuses
    bare = writes.bare_server_errors + reads.bare_server_errors
    no_retry_after = writes.unavailable_without_retry_after + reads.unavailable_without_retry_after
    say(
        f"PostgreSQL down {down:.1f} s; stories: {writes.shown()}; pages: {reads.shown()}; "
        f"{kept.shown()}"
    )
    recovery = (
        f"never within {RECOVERY_BOUND:.0f} s"
        if answering is None
        else f"{answering - back:.1f} s after PostgreSQL was back"
    )
    result = (
        f"stories and pages answered again by itself {recovery} (down {down:.1f} s; last "
        f"error +{last_failure:.1f} s); {bare} 5xx other than 503, {statuses[NO_ANSWER]} "
        f"without an answer, {statuses[503]} × 503 ({no_retry_after} without Retry-After); "
        f"stories sent meanwhile: {kept.shown()}"
    )
    ok = answering is not None and kept.kept
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
