"""`make bench`: the performance budgets of SPEC §8, measured against hello-world in one run.

Everything goes to stdout and ends in a summary table. The exit code is 0 whenever the
measurements were taken, met or not; it is 1 only when the harness itself could not run.
"""

from __future__ import annotations

import sys
import time

from bench.report import say
from bench.scenarios import Bench
from bench.settings import HarnessError, Settings


def main() -> int:
    started = time.perf_counter()
    try:
        Bench(Settings.from_environment()).run()
    except HarnessError as exc:
        say(f"\nbench: the harness failed: {exc}")
        return 1
    say(f"\n(run took {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
