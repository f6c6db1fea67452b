"""The servers a bench run measures: one application under gunicorn on its own port."""

from __future__ import annotations

import re
import socket
import subprocess
import time
from pathlib import Path
from typing import Self

from bench.load import Browser
from bench.report import say
from bench.settings import BIN, GUNICORN_CONF, ROOT, WORK, HarnessError


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Server:
    """One application under gunicorn with the benchmark's settings, on its own port."""

    gunicorn_conf = GUNICORN_CONF

    def __init__(self, name: str, app: str, environment: dict[str, str], ready_path: str) -> None:
        self.name = name
        self.app = app
        self.environment = environment
        self.ready_path = ready_path
        self.port = free_port()
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        self.log_path = WORK / "logs" / f"{slug}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def gunicorn_environment(self) -> dict[str, str]:
        """The benchmark's gunicorn settings read the application and address from BENCH_*."""
        return {
            **self.environment,
            "BENCH_APP": self.app,
            "BENCH_BIND": f"127.0.0.1:{self.port}",
        }

    def start(self) -> Self:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
            [str(BIN / "gunicorn"), "--config", str(self.gunicorn_conf)],
            cwd=ROOT,
            env=self.gunicorn_environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
            # Its own session: a Ctrl-C reaches the harness, which stops the server itself.
            start_new_session=True,
        )
        log.close()
        self._wait_until_ready()
        say(f"started {self.name} on 127.0.0.1:{self.port} (log: {self._shown_log()})")
        return self

    def _shown_log(self) -> str:
        return str(self.log_path.relative_to(ROOT))

    def _wait_until_ready(self, timeout: float = 60) -> None:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise HarnessError(f"{self.name} stopped at start-up:\n{self.log_tail()}")
            try:
                if Browser(self.port).get(self.ready_path).status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise HarnessError(f"{self.name} did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def workers(self) -> list[int]:
        """The process ids of the master's children: its workers."""
        if self.process is None:
            return []
        master = self.process.pid
        children = Path(f"/proc/{master}/task/{master}/children")
        if children.exists():
            return [int(pid) for pid in children.read_text().split()]
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                found.append(int(stat.parent.name))
        return found

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # gunicorn's master stops its workers gracefully on TERM
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def rss_kib(pid: int) -> int | None:
    """A process's resident memory (VmRSS) in KiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None
