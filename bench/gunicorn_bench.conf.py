"""gunicorn settings for both benchmarked applications: the project's own, with access logs off.

Both the hello-world yardstick and storybank run under these, so neither pays for logging the
other does not. BENCH_APP and BENCH_BIND say which application and where.
"""

import os
import runpy
from pathlib import Path

# The project's settings (workers, worker class, timeouts, log filters), then the differences.
globals().update(
    {
        name: value
        for name, value in runpy.run_path(
            str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py")
        ).items()
        if not name.startswith("__")
    }
)

wsgi_app = os.environ["BENCH_APP"]
bind = os.environ["BENCH_BIND"]
# SPEC §8: two workers, whatever STORYBANK_WORKERS says on this machine.
workers = 2
worker_class = "sync"
# gunicorn turns sync workers into threaded ones when threads > 1 (the shipped default).
threads = 1
accesslog = None
