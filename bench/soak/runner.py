"""The soak's order of play: each database in turn (its own site, the scenarios that need one),
the writers on SQLite, then the table. See bench/soak/__init__.py for what is promised."""

from __future__ import annotations

import contextlib
import signal
import sys
import time
from collections.abc import Callable

from bench.databases import new_database
from bench.report import say, section
from bench.settings import HarnessError, Keys
from bench.soak.crash import crash_test
from bench.soak.double import double_submit
from bench.soak.outage import outage_test
from bench.soak.postgres import Cluster
from bench.soak.report import Row, broken, table
from bench.soak.restore import backup_restore
from bench.soak.settings import Settings
from bench.soak.site import SOAK_WORK, Site, environment, fresh_sqlite
from bench.soak.slow import slow_clients
from bench.soak.writers import concurrent_writers

NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class Soak:
    def __init__(self, settings: Settings, stack: contextlib.ExitStack) -> None:
        self.settings = settings
        self.keys = Keys()
        self.stack = stack
        self.rows: list[Row] = []

    def wants(self, scenario: str) -> bool:
        return scenario in self.settings.scenarios

    def site(self, name: str, url: str, **gunicorn: int) -> Site:
        slug = name.lower().replace(" ", "-")
        ledger = SOAK_WORK / f"{slug}.ledger"
        ledger.unlink(missing_ok=True)
        site = Site(f"storybank {name}", environment(self.keys, url, ledger), **gunicorn)
        self.stack.callback(site.stop)
        site.start()
        say(f"{site.name}: gunicorn.conf.py on 127.0.0.1:{site.port}; {site.unit.describe()}")
        return site

    def add(self, scenario: str, run: Callable[..., Row | list[Row]], *args: object) -> None:
        """Run a scenario the settings ask for, and keep its rows."""
        if not self.wants(scenario):
            return
        started = time.monotonic()
        outcome = run(*args)
        self.rows.extend(outcome if isinstance(outcome, list) else [outcome])
        say(f"({scenario}: {time.monotonic() - started:.0f} s)")

    def run(self) -> None:
        for database in self.settings.databases:
            self.on_database(database)
        if self.wants("writers") and "sqlite" in self.settings.databases:
            s = self.settings
            section("Concurrent writers on SQLite")
            url = fresh_sqlite(self.keys, "soak-writers")
            site = self.site(
                "SQLite writers", url, workers=s.writer_workers, threads=s.writer_threads
            )
            self.add("writers", concurrent_writers, site, s)
            site.stop()

    def on_database(self, database: str) -> None:
        """Every scenario one database takes part in, on one site (restarted by the faults)."""
        s, name = self.settings, NAMES[database]
        section(name)
        cluster = None
        if database == "postgresql":
            cluster = Cluster().start()
            self.stack.callback(cluster.remove)
            say(f"PostgreSQL {cluster.version}: the soak's own cluster, port {cluster.port}")
            url = cluster.database("storybank_soak")
            new_database(self.keys, url, name)
        else:
            url = fresh_sqlite(self.keys, "soak")
        site = self.site(name, url)
        self.add("crash", crash_test, site, s, name, f"Soak crash {database}")
        self.add("double", double_submit, site, s, name, f"Soak double {database}")
        if cluster is not None:
            self.add("outage", outage_test, site, cluster, s, "Soak outage")
        if database == "sqlite":
            self.add("slow", slow_clients, site, s)
        self.add("restore", backup_restore, site, s, name)
        site.stop()


def main() -> int:
    # Stopped from outside (a time-out, Ctrl-C in make): still stop what it started.
    signal.signal(signal.SIGTERM, lambda _signal, _frame: sys.exit(143))
    started = time.monotonic()
    rows: list[Row] = []
    failed = None
    try:
        settings = Settings.from_environment()
        SOAK_WORK.mkdir(parents=True, exist_ok=True)
        say(f"storybank soak: {settings.describe()}")
        with contextlib.ExitStack() as stack:
            soak = Soak(settings, stack)
            rows = soak.rows
            soak.run()
    except HarnessError as exc:
        failed = exc
    section(f"Summary ({time.monotonic() - started:.0f} s; logs in bench/.work/soak/logs)")
    if rows:
        say(table(rows))
    if failed is not None:
        say(f"\nsoak: the harness failed: {failed}")
        return 1
    failures = broken(rows)
    if failures:
        say(f"\n{len(failures)} promises broken: " + "; ".join(row.test for row in failures))
        return 1
    say("\nevery promise kept")
    return 0
