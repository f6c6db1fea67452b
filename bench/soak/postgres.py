"""A throw-away PostgreSQL cluster of the soak's own: the machine's shared server is never
restarted. Debian's initdb and pg_ctl, run as the postgres user when the soak runs as root
(initdb refuses root), with the data, the socket and the log in a temporary folder and TCP on a
free loopback port."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bench.databases import fresh_postgres
from bench.servers import free_port
from bench.settings import HarnessError

POSTGRES_LIBRARY = Path("/usr/lib/postgresql")
RUNUSER = "/usr/sbin/runuser"


def newest_binaries() -> Path:
    """The bin folder of the newest PostgreSQL server Debian installed."""
    versions = sorted(
        (p for p in POSTGRES_LIBRARY.glob("*/bin") if (p / "initdb").exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    if not versions:
        raise HarnessError(
            "no PostgreSQL server in /usr/lib/postgresql: `make soak` installs Debian's "
            "postgresql package"
        )
    return versions[-1]


class Cluster:
    """One cluster: started, restarted mid-load, and removed afterwards."""

    def __init__(self) -> None:
        self.binaries = newest_binaries()
        self.folder = Path(tempfile.mkdtemp(prefix="storybank-soak-pg-"))
        self.as_user = [RUNUSER, "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.folder, "postgres", "postgres")
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.port = free_port()

    @property
    def version(self) -> str:
        return self.binaries.parent.name

    def _as_postgres(self, *command: str, timeout: float = 120) -> str:
        done = subprocess.run(  # noqa: S603 - Debian's server programs, arguments built here
            [*self.as_user, str(self.binaries / command[0]), *command[1:]],
            cwd=self.folder,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            raise HarnessError(f"{command[0]} failed:\n{done.stdout}{done.stderr}{self.log_tail()}")
        return done.stdout

    def start(self) -> Cluster:
        self._as_postgres(
            "initdb",
            "--pgdata",
            str(self.data),
            "--username",
            "postgres",
            "--auth",
            "trust",  # loopback and its own socket only; the cluster lives for one run
            "--encoding",
            "UTF8",
            "--locale",
            "C.UTF-8",
        )
        self._pg_ctl("start")
        return self

    def _pg_ctl(self, action: str, *extra: str) -> None:
        options = (
            f"-c port={self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.folder} -c max_connections=200"
        )
        self._as_postgres(
            "pg_ctl", action, "-D", str(self.data), "-l", str(self.log), "-w", "-o", options, *extra
        )

    def database(self, name: str) -> str:
        """A new UTF-8 database with a C.UTF-8 ctype; its SQLAlchemy URL."""
        url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"
        created = fresh_postgres(url, "the soak needs its own cluster")
        if created is None:
            raise HarnessError(f"could not create {name} in the soak's PostgreSQL cluster")
        return created

    def stop_fast(self) -> None:
        """`pg_ctl stop -m fast`: sessions are ended, as when an operator restarts the server."""
        self._as_postgres("pg_ctl", "stop", "-D", str(self.data), "-m", "fast", "-w")

    def start_again(self) -> None:
        self._pg_ctl("start")

    def remove(self) -> None:
        with contextlib.suppress(HarnessError, subprocess.TimeoutExpired):
            if (self.data / "postmaster.pid").exists():
                self._as_postgres("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate")
        for _ in range(20):
            if not (self.data / "postmaster.pid").exists():
                break
            time.sleep(0.1)
        shutil.rmtree(self.folder, ignore_errors=True)

    def log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""
