"""gunicorn under the shipped gunicorn.conf.py: threaded workers, no control socket, and workers
that stop with their master, even when it is killed (orphaned workers once kept the port)."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from deploy_support import GUNICORN, PROJECT, get, shipped_settings

from conftest import environ_for, free_port


def children_of(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                children.append(int(stat.parent.name))
    return children


def running(pid: int) -> bool:
    """Whether the process exists and is not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def serves(port: int, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, http.client.HTTPException):
            if get(port, "/healthz").status == 200:
                return True
        time.sleep(0.1)
    return False


def test_the_shipped_gunicorn_settings():
    """Does gunicorn.conf.py use threaded workers, no control socket, a graceful timeout, and
    the hook that ties workers to their master?"""
    settings = shipped_settings()
    assert settings["worker_class"] == "gthread"
    assert settings["threads"] >= 2
    assert settings["control_socket_disable"] is True
    assert 0 < settings["graceful_timeout"] <= 60
    assert "max_requests" not in settings  # per-process rate limits would reset
    assert callable(settings["post_worker_init"])


def test_orphaned_workers_stop_and_free_the_port_when_the_master_is_killed(tmp_path, database_url):
    """With the shipped settings and two workers, does `kill -9` of the master leave no worker
    serving within a few seconds, so that a new master binds the same port at once; and does
    gunicorn open no control socket?"""
    port = free_port()
    home, runtime = tmp_path / "home", tmp_path / "runtime"
    home.mkdir()
    runtime.mkdir(mode=0o700)
    environ = {k: v for k, v in os.environ.items() if not k.startswith("STORYBANK_")}
    environ.update(
        environ_for(database_url),
        STORYBANK_BIND=f"127.0.0.1:{port}",
        STORYBANK_WORKERS="2",
        HOME=str(home),
        XDG_RUNTIME_DIR=str(runtime),
    )

    def start(log: Path) -> subprocess.Popen[bytes]:
        with log.open("wb") as output:
            return subprocess.Popen(
                [str(GUNICORN), "-c", "gunicorn.conf.py"],
                cwd=PROJECT,
                env=environ,
                stdout=output,
                stderr=subprocess.STDOUT,
            )

    master = start(tmp_path / "first.log")
    workers: list[int] = []
    second = None
    try:
        assert serves(port), (tmp_path / "first.log").read_text()
        deadline = time.monotonic() + 10
        while len(workers) < 2 and time.monotonic() < deadline:
            workers = children_of(master.pid)
            time.sleep(0.05)
        assert len(workers) == 2
        assert list(runtime.iterdir()) == [] and list(home.iterdir()) == []  # no control socket

        killed = time.monotonic()
        master.kill()
        master.wait()
        while any(running(pid) for pid in workers) and time.monotonic() < killed + 10:
            time.sleep(0.02)
        gone = time.monotonic() - killed
        print(f"workers gone {gone:.2f} s after kill -9 of their master")
        assert not any(running(pid) for pid in workers)
        assert gone < 5  # (orphans once served for 71 s; the hook itself is proven below)

        second = start(tmp_path / "second.log")
        assert serves(port), (tmp_path / "second.log").read_text()
        assert "Listening at" in (tmp_path / "second.log").read_text()
    finally:
        for process in (master, second):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
        for pid in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


# A stand-in for gunicorn: a master that forks a worker, which runs the shipped hook (or not)
# and then sits in a "request" that never looks at its parent; prints both process ids.
FAKE_MASTER = """
import os, runpy, sys, time

def say(line):
    os.write(1, (line + "\\n").encode())  # one write: the processes share the pipe

class Log:
    def info(self, *args):
        say("log " + args[0] % args[1:])
    warning = info

class Worker:
    log = Log()
    def __init__(self, ppid):
        self.ppid = ppid

hook = runpy.run_path(sys.argv[1])["post_worker_init"]
master = os.fork()
if master == 0:
    worker = os.fork()
    if worker == 0:
        if sys.argv[2] == "hook":
            hook(Worker(os.getppid()))
        say(f"worker {os.getpid()}")
        time.sleep(60)
        os._exit(0)
    time.sleep(60)
    os._exit(0)
say(f"master {master}")
"""


def fake_master(use_hook: bool) -> tuple[int, int, subprocess.Popen[str]]:
    launcher = subprocess.Popen(
        [sys.executable, "-c", FAKE_MASTER, str(PROJECT / "gunicorn.conf.py"), "hook" * use_hook],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert launcher.stdout is not None
    ids = dict(launcher.stdout.readline().split() for _ in range(2))
    return int(ids["master"]), int(ids["worker"]), launcher


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_worker_busy_in_a_request_dies_with_its_master():
    """Does the shipped post_worker_init hook make the kernel stop a worker the moment its
    master dies, even one busy in a request that never checks on its parent — and is it that
    hook that does it (a worker without it lives on)?"""
    outcomes = {}
    for use_hook in (True, False):
        master, worker, launcher = fake_master(use_hook)
        try:
            killed = time.monotonic()
            os.kill(master, signal.SIGKILL)
            while running(worker) and time.monotonic() < killed + 1:
                time.sleep(0.01)
            outcomes[use_hook] = None if running(worker) else time.monotonic() - killed
        finally:
            for pid in (master, worker):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            launcher.wait(timeout=10)
            assert launcher.stdout is not None
            launcher.stdout.close()
    assert outcomes[True] is not None and outcomes[True] < 0.5, outcomes
    assert outcomes[False] is None, outcomes


def test_a_worker_whose_master_died_before_the_hook_exits():
    """If the master died before the hook ran (so no signal will ever come), does the worker
    exit instead of serving?"""
    script = textwrap.dedent(
        """
        import runpy, sys
        class Log:
            def info(self, *args):
                print(args[0] % args[1:])
            warning = info
        class Worker:
            log = Log()
            ppid = -1
        runpy.run_path(sys.argv[1])["post_worker_init"](Worker())
        print("still serving")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(PROJECT / "gunicorn.conf.py")],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "The master is gone; worker exiting\n"
