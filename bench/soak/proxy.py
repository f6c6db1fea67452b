"""nginx in front of the soak's gunicorn, on loopback and plain HTTP, with the shipped proxy
settings (deploy/nginx/storybank-proxy.conf) included as they are, in a server block like the
shipped one (deploy/nginx/storybank.conf) less what TLS adds: certificates, the public name."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

from bench.servers import free_port
from bench.settings import ROOT, HarnessError
from bench.soak.clients import Visitor
from bench.soak.site import SOAK_WORK

NGINX = Path("/usr/sbin/nginx")
SHIPPED_SNIPPET = ROOT / "deploy" / "nginx" / "storybank-proxy.conf"
# `proxy_pass http://NAME…` where NAME is an upstream, not an address.
UPSTREAM = re.compile(r"proxy_pass\s+https?://([A-Za-z_][\w-]*)\s*[;/]")
TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def snippet() -> Path:
    """The proxy settings to try: the shipped file, or SOAK_PROXY_SNIPPET's."""
    chosen = os.environ.get("SOAK_PROXY_SNIPPET")
    return Path(chosen).resolve() if chosen else SHIPPED_SNIPPET


def configuration(folder: Path, port: int, upstream_port: int, settings: Path) -> str:
    names = sorted(set(UPSTREAM.findall(settings.read_text())))
    upstreams = "".join(
        f"    upstream {name} {{ server 127.0.0.1:{upstream_port}; }}\n" for name in names
    )
    temp = "".join(f"    {kind}_temp_path {folder / kind};\n" for kind in TEMP_PATHS)
    return (
        f"worker_processes 1;\n"
        f"pid {folder / 'nginx.pid'};\n"
        f"error_log {folder / 'error.log'} warn;\n"
        "daemon off;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        "    include /etc/nginx/mime.types;\n"
        "    access_log off;\n"
        f"{temp}{upstreams}"
        "    server {\n"
        f"        listen 127.0.0.1:{port};\n"
        "        server_name localhost;\n"
        f"        root {ROOT / 'storybank'};\n"
        f"        include {settings};\n"
        "    }\n"
        "}\n"
    )


class Proxy:
    """nginx with a generated loopback configuration, passing requests to `upstream_port`."""

    def __init__(self, upstream_port: int) -> None:
        if not NGINX.exists():
            raise HarnessError("nginx is not installed: `make soak` installs Debian's nginx-light")
        self.settings = snippet()
        if not self.settings.exists():
            raise HarnessError(f"no proxy settings at {self.settings.relative_to(ROOT)}")
        self.folder = SOAK_WORK / "nginx"
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        for kind in TEMP_PATHS:
            (self.folder / kind).mkdir()
        # nginx started by root runs its workers as an unprivileged user, who writes here.
        for path in (self.folder, *(self.folder / kind for kind in TEMP_PATHS)):
            path.chmod(0o777)
        self.port = free_port()
        self.conf = self.folder / "nginx.conf"
        self.conf.write_text(configuration(self.folder, self.port, upstream_port, self.settings))
        self.process: subprocess.Popen[bytes] | None = None

    def _command(self, *extra: str) -> list[str]:
        error_log = str(self.folder / "error.log")
        return [str(NGINX), "-p", str(self.folder), "-e", error_log, "-c", str(self.conf), *extra]

    def start(self) -> Proxy:
        checked = subprocess.run(  # noqa: S603 - Debian's nginx, our configuration
            self._command("-t"), capture_output=True, text=True, check=False
        )
        if checked.returncode != 0:
            raise HarnessError(f"nginx refuses the configuration:\n{checked.stderr}")
        with (self.folder / "nginx.out").open("wb") as out:
            self.process = subprocess.Popen(  # noqa: S603 - as above
                self._command(), stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise HarnessError(f"nginx stopped at start-up:\n{self.error_log()}")
            with contextlib.suppress(OSError):
                if Visitor(self.port).get("/healthz").status == 200:
                    return self
            time.sleep(0.1)
        raise HarnessError(f"nginx did not answer /healthz within 20 s:\n{self.error_log()}")

    def error_log(self) -> str:
        path = self.folder / "error.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
