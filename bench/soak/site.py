"""storybank as deployed: gunicorn with the shipped gunicorn.conf.py, supervised as systemd would.

The supervisor plays the shipped unit's part (deploy/systemd/storybank.service when it is
there): when the master dies it stops what is left of the service the unit's way (KillMode) at
once, waits RestartSec and starts a new master, counting the starts that failed (a port still
held by orphaned workers) and the time until the site answers again.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from bench.databases import new_database, remove_sqlite
from bench.load import Browser
from bench.servers import Server
from bench.settings import BIN, ROOT, WORK, HarnessError, Keys

SOAK_WORK = WORK / "soak"
SHIPPED_GUNICORN_CONF = ROOT / "gunicorn.conf.py"
SHIPPED_UNIT = ROOT / "deploy" / "systemd" / "storybank.service"
STOP_TIMEOUT = 10.0
START_ATTEMPTS = 15


def environment(keys: Keys, database_url: str, ledger: Path) -> dict[str, str]:
    """The production settings of every site in the soak (bench's, with a withdrawal ledger)."""
    return {**keys.environment(database_url), "STORYBANK_WITHDRAWAL_LEDGER": str(ledger)}


def fresh_sqlite(keys: Keys, name: str) -> str:
    """A new SQLite database in the soak's folder, migrated, with the demo organisation."""
    path = SOAK_WORK / f"{name}.db"
    remove_sqlite(path)
    url = f"sqlite:///{path}"
    new_database(keys, url, name)
    return url


@dataclass(frozen=True)
class Unit:
    """What the supervisor takes from the shipped systemd unit (systemd's defaults without it)."""

    kill_mode: str = "control-group"
    restart_seconds: float = 0.1

    @classmethod
    def shipped(cls) -> Unit:
        if not SHIPPED_UNIT.exists():
            return cls()
        text = SHIPPED_UNIT.read_text()
        mode = re.search(r"^\s*KillMode\s*=\s*(\S+)", text, re.M)
        restart = re.search(r"^\s*RestartSec\s*=\s*([0-9.]+)(ms|s)?\s*$", text, re.M)
        seconds = cls.restart_seconds
        if restart:
            seconds = float(restart[1]) / (1000 if restart[2] == "ms" else 1)
        return cls(mode[1] if mode else cls.kill_mode, seconds)

    def describe(self) -> str:
        source = "deploy/systemd" if SHIPPED_UNIT.exists() else "systemd's defaults"
        return f"KillMode={self.kill_mode}, RestartSec={self.restart_seconds:g}s ({source})"


@dataclass
class Restart:
    """One kill -9 of the master and what it took to serve again."""

    orphans: int  # workers alive when the master died (then stopped as KillMode says)
    failed_starts: int
    seconds: float  # from the kill until the site answered again


class Site(Server):
    """storybank under the shipped gunicorn.conf.py on its own port, restarted when it dies."""

    gunicorn_conf = SHIPPED_GUNICORN_CONF

    def __init__(
        self,
        name: str,
        environment: dict[str, str],
        *,
        workers: int | None = None,
        threads: int | None = None,
    ) -> None:
        super().__init__(name, "wsgi:app", environment, "/healthz")
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        self.log_path = SOAK_WORK / "logs" / f"{slug}.log"
        self.workers_wanted = workers
        self.threads = threads
        self.unit = Unit.shipped()
        self.restarts: list[Restart] = []
        self.started = False

    def gunicorn_environment(self) -> dict[str, str]:
        settings = {**self.environment, "STORYBANK_BIND": f"127.0.0.1:{self.port}"}
        if self.workers_wanted is not None:
            settings["STORYBANK_WORKERS"] = str(self.workers_wanted)
        if self.threads is not None:
            settings["STORYBANK_THREADS"] = str(self.threads)
        return settings

    def start(self) -> Site:
        if not self.started:  # a later start (after a restore) adds to the same log
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            self.log_path.write_bytes(b"")
            self.started = True
        self._launch()
        self._wait_until_ready()
        return self

    def _launch(self) -> None:
        command = [str(BIN / "gunicorn"), "--config", str(self.gunicorn_conf)]
        if self.threads is not None:
            # The command line wins over the configuration file: threads as the scenario asks.
            command += ["--threads", str(self.threads)]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
                command,
                cwd=ROOT,
                env=self.gunicorn_environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
                # Its own process group, like a unit's control group: what is left of it
                # when the master dies can be found and stopped.
                start_new_session=True,
            )

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    # -- faults ------------------------------------------------------------------------------

    def kill_worker(self, pick: int) -> int | None:
        """kill -9 of one of the current master's workers (the `pick`-th, wrapping round)."""
        workers = sorted(self.workers())
        if not workers:
            return None
        victim = workers[pick % len(workers)]
        with contextlib.suppress(ProcessLookupError):
            os.kill(victim, signal.SIGKILL)
        return victim

    def kill_master(self) -> Restart:
        """kill -9 of the master; then what systemd does with Restart=always."""
        assert self.process is not None
        group = self.process.pid
        started = time.monotonic()
        os.kill(group, signal.SIGKILL)
        self.process.wait()
        orphans = len(members(group))
        self._stop_remains(group)
        time.sleep(self.unit.restart_seconds)
        failed = self._start_again()
        restart = Restart(orphans, failed, time.monotonic() - started)
        self.restarts.append(restart)
        return restart

    def _stop_remains(self, group: int) -> None:
        """What the unit's KillMode does with the processes left when the main one is gone."""
        if self.unit.kill_mode in ("process", "none"):
            return
        first = signal.SIGKILL if self.unit.kill_mode == "mixed" else signal.SIGTERM
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, first)
        deadline = time.monotonic() + STOP_TIMEOUT
        while members(group) and time.monotonic() < deadline:
            time.sleep(0.05)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)

    def _start_again(self) -> int:
        """Start masters until one serves; how many failed first (systemd would go on too)."""
        for failed in range(START_ATTEMPTS):
            self._launch()
            if self._serving():
                return failed
            time.sleep(max(self.unit.restart_seconds, 0.5))
        raise HarnessError(f"{self.name}: no master served after {START_ATTEMPTS} starts")

    def _serving(self, timeout: float = 60) -> bool:
        """Whether the new master got as far as its own workers answering; False when it
        stopped first (orphans of the old one may answer meanwhile: they do not count)."""
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            if self.workers():
                with contextlib.suppress(OSError):
                    if Browser(self.port).get(self.ready_path).status == 200:
                        return True
            time.sleep(0.05)
        raise HarnessError(f"{self.name} did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process is None:
            return
        group = self.process.pid
        super().stop()
        if members(group):  # what the master left behind, as systemd's final SIGKILL
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)
        self.process = None  # stopped: the group's number may belong to someone else later


def members(group: int) -> list[int]:
    """The live processes (zombies aside) of a process group."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == group and fields[0] not in ("Z", "X"):
            found.append(int(stat.parent.name))
    return found
