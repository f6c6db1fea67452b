"""gunicorn settings for storybank, behind the buffering nginx of deploy/nginx/: threaded workers
that die with their master, no control socket, and access logs without addresses or user agents,
one line per request whatever the path holds."""

import ctypes
import os
import signal
import sys

bind = os.environ.get("STORYBANK_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("STORYBANK_WORKERS", "2"))
# nginx hands over only whole requests and takes whole answers at loopback speed, so a thread
# is never held by a slow client; threads let a worker go on answering while one request waits
# on the database (SQLite's write lock, a PostgreSQL round trip).
worker_class = "gthread"
threads = int(os.environ.get("STORYBANK_THREADS", "4"))
wsgi_app = "wsgi:app"
proc_name = "storybank"
# A worker whose main loop stops reporting for this long is killed and replaced. Requests run in
# threads, so a slow request does not trip it; nginx gives up on one after proxy_read_timeout.
timeout = 30
# On stop or reload, requests in flight get this long to finish. deploy/systemd/storybank.service
# waits a little longer (TimeoutStopSec) before it kills what is left.
graceful_timeout = 30
# nginx opens one connection per request (no upstream keep-alive, so no race between gunicorn
# closing an idle connection and nginx reusing it): this only bounds a direct client.
keepalive = 2
# No control socket: gunicorn 25+ would otherwise open one at $XDG_RUNTIME_DIR/gunicorn.ctl or
# ~/.gunicorn/gunicorn.ctl, shared by every gunicorn of the same user (tests, a second site),
# and systemd already starts, stops and reloads the server.
control_socket_disable = True
# The heartbeat file is touched every second: on a disk, that can stall behind the journal. It is
# made with mkstemp and unlinked at once, so a shared folder is safe.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# No max_requests: recycling workers would reset the per-process rate-limit counters that stand
# in when no Redis store is configured (STORYBANK_RATELIMIT_STORAGE_URI), and the only cache a
# worker keeps is bounded (STORYBANK_PAGE_CACHE).

# Method, path (no query string), status, size and duration: nothing that identifies a person.
# The path is decoded (%0A is a newline): storybank.logging.LogScrubber escapes its control
# characters, so a request cannot write a line of its own into the log.
accesslog = "-"
access_log_format = '"%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
# Trust X-Forwarded-* only through the application's own STORYBANK_PROXY_COUNT setting.
forwarded_allow_ips = ""
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every record of the access and error logs, and of the application (through the root
    # logger, which uses this handler too), passes the same scrubber: no addresses, control
    # characters escaped, database errors without the values they would quote.
    "filters": {"scrubbed": {"()": "storybank.logging.LogScrubber"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["scrubbed"],
            "stream": "ext://sys.stderr",
        }
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def post_worker_init(worker):
    """Have the kernel stop this worker when its master dies: orphans would keep serving the
    old code on the port, and a new master could not bind it."""
    if not sys.platform.startswith("linux"):
        return  # elsewhere, gunicorn's own check (the parent changed) stops an orphan
    # Set here rather than at fork: changing user or group (gunicorn's `user` setting, applied
    # after the fork) clears the setting, and only now does SIGTERM reach the worker's own
    # handler, which stops it as a graceful shutdown does.
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
        worker.log.warning(
            "Workers will not stop with their master: prctl failed (%s)",
            os.strerror(ctypes.get_errno()),
        )
        return
    if os.getppid() != worker.ppid:
        # The master died before the setting took effect, so no signal will come.
        worker.log.info("The master is gone; worker exiting")
        sys.exit(0)
