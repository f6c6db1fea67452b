"""Slow clients: sockets that send a request's headers one byte a second, reconnecting whenever
they are cut off, while a reader asks for a page every second (the slow clients go on until the
last of those requests is answered or given up). Behind the shipped nginx
settings every reader's request is to be answered; straight to gunicorn (shown, for why the
proxy is required) its workers wait on the slow sockets instead."""

from __future__ import annotations

import contextlib
import http.client
import socket
import statistics
import threading
import time
from dataclasses import dataclass, field

from bench.report import say
from bench.settings import HarnessError
from bench.soak.clients import Visitor
from bench.soak.proxy import Proxy
from bench.soak.report import BROKEN, SHOWN, Row
from bench.soak.settings import Settings
from bench.soak.site import Site

READER_EVERY = 1.0
READER_TIMEOUT = 10.0
READER_PATH = "/en/stories"
# Headers that never end: the slow client has more to send for as long as the test lasts.
SLOW_REQUEST = b"GET /en/ HTTP/1.1\r\nHost: localhost\r\nUser-Agent: slow\r\nX-Padding: " + (
    b"a" * 4000
)


@dataclass
class Readings:
    """The reader's requests: how many, and the latency of those answered in time."""

    sent: int = 0
    latencies: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def shown(self) -> str:
        answered = len(self.latencies)
        if not answered:
            return f"0 of {self.sent} normal requests answered within {READER_TIMEOUT:.0f} s"
        p50 = statistics.median(self.latencies) * 1000
        slowest = max(self.latencies) * 1000
        return (
            f"{answered} of {self.sent} normal requests answered, latency p50 {p50:.0f} ms, "
            f"max {slowest:.0f} ms"
        )


def slow_sockets(port: int, count: int, stop: threading.Event) -> int:
    """`count` connections sending one byte a second until `stop`; how often one was cut off
    (and opened again)."""
    connections: list[socket.socket | None] = [None] * count
    sent = [0] * count
    reconnects = 0
    try:
        while not stop.is_set():
            tick = time.monotonic()
            for index in range(count):
                connection = connections[index]
                try:
                    if connection is None:
                        connection = socket.create_connection(("127.0.0.1", port), timeout=1)
                        connections[index] = connection
                        sent[index] = 0
                    connection.send(SLOW_REQUEST[sent[index] : sent[index] + 1])
                    sent[index] = (sent[index] + 1) % len(SLOW_REQUEST)
                except OSError:
                    if connection is not None:
                        connection.close()
                        reconnects += 1
                    connections[index] = None
            stop.wait(max(0.0, 1.0 - (time.monotonic() - tick)))
    finally:
        for connection in connections:
            if connection is not None:
                with contextlib.suppress(OSError):
                    connection.close()
    return reconnects


def read_meanwhile(port: int, seconds: float) -> Readings:
    """A reader asking for the story list every READER_EVERY seconds for `seconds`, each on its
    own thread so that one waiting answer does not hold up the next request."""
    readings = Readings()

    def one() -> None:
        started = time.perf_counter()
        try:
            answer = Visitor(port).request("GET", READER_PATH, timeout=READER_TIMEOUT)
        except (OSError, http.client.HTTPException):
            return
        if answer.status == 200:
            with readings.lock:
                readings.latencies.append(time.perf_counter() - started)

    threads = []
    deadline = time.monotonic() + seconds
    time.sleep(READER_EVERY)  # the slow sockets first
    while time.monotonic() < deadline:
        thread = threading.Thread(target=one)
        thread.start()
        threads.append(thread)
        readings.sent += 1
        time.sleep(READER_EVERY)
    for thread in threads:
        thread.join()
    return readings


def under_slow_clients(port: int, settings: Settings, seconds: float) -> tuple[Readings, int]:
    stop = threading.Event()
    reconnects = [0]

    def attack() -> None:
        reconnects[0] = slow_sockets(port, settings.slow_clients, stop)

    attacker = threading.Thread(target=attack)
    attacker.start()
    try:
        readings = read_meanwhile(port, seconds)
    finally:
        stop.set()
        attacker.join()
    return readings, reconnects[0]


def slow_clients(site: Site, settings: Settings) -> list[Row]:
    s = settings
    test = (
        f"{s.slow_clients} slow clients sending headers at 1 byte/s for {s.slow_seconds} s, "
        "through the shipped nginx proxy"
    )
    try:
        proxy = Proxy(site.port).start()
    except HarnessError as exc:
        return [Row(test, f"not run: {exc}", BROKEN)]
    try:
        readings, cut = under_slow_clients(proxy.port, s, s.slow_seconds)
    finally:
        proxy.stop()
    say(f"through nginx: {readings.shown()}; slow connections cut off by nginx {cut} times")
    rows = [
        Row.judged(
            test,
            f"{readings.shown()}; slow connections cut off {cut} times",
            bool(readings.sent) and len(readings.latencies) == readings.sent,
        )
    ]
    if not s.direct_seconds:
        return rows
    direct, cut = under_slow_clients(site.port, s, s.direct_seconds)
    say(f"straight to gunicorn: {direct.shown()}; cut off {cut} times")
    rows.append(
        Row(
            f"the same {s.slow_clients} slow clients for {s.direct_seconds} s straight to "
            "gunicorn, no proxy (why the proxy is required)",
            direct.shown(),
            SHOWN,
        )
    )
    return rows
