"""Concurrent writers on SQLite: many storytellers sending at once to several workers with
several threads each. SQLite has one writer at a time; the promise is that they queue (writes
take the lock up front, with a busy timeout) instead of failing with "database is locked"."""

from __future__ import annotations

import time

from bench.report import say
from bench.soak.clients import Tally, count_kept, new_forms, send_all
from bench.soak.report import Row
from bench.soak.settings import Settings
from bench.soak.site import Site

FIRST_ADDRESS = 300_000
SECONDS = 600
LABEL = "Soak writers"


def concurrent_writers(site: Site, settings: Settings) -> Row:
    s = settings
    forms = new_forms(LABEL, s.writer_stories, FIRST_ADDRESS)
    tally = Tally()
    say(
        f"{s.writers} storytellers at once, {s.writer_stories:,} stories, gunicorn with "
        f"{s.writer_workers} workers × {s.writer_threads} threads"
    )
    started = time.monotonic()
    send_all(site.port, forms, s.writers, tally, SECONDS)
    seconds = time.monotonic() - started
    locked = site.log_text().lower().count("database is locked")
    kept = count_kept(site.environment, LABEL, forms)
    say(
        f"{kept.shown()} in {seconds:.0f} s; answers {tally.shown()}; "
        f'"database is locked" {locked} times in the log; slowest story {tally.slowest_write:.1f} s'
    )
    result = (
        f'{locked} "database is locked", {tally.server_errors} 5xx; slowest write '
        f"{tally.slowest_write:.1f} s; {kept.shown()}"
    )
    test = (
        f"{s.writers} concurrent writers on SQLite ({s.writer_workers} workers × "
        f"{s.writer_threads} threads), {s.writer_stories:,} stories"
    )
    return Row.judged(test, result, locked == 0 and tally.server_errors == 0 and kept.kept)
