"""The crash test: storytellers send stories while workers and the master are killed (kill -9).

Every acknowledged claim code must find its story, and no form may be stored twice, however
often a storyteller had to send it again.
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field

from bench.report import say
from bench.soak.clients import Form, Tally, count_kept, look_up, new_forms, send_all
from bench.soak.report import Row
from bench.soak.settings import Settings
from bench.soak.site import Restart, Site

# Long enough for 2,000 stories on two cores with restarts; a bound, not an expectation.
SECONDS = 900
LOOKED_UP_OVER_HTTP = 20


@dataclass
class Chaos:
    """Kills spread evenly over the run, by how many stories were acknowledged so far."""

    site: Site
    forms: list[Form]
    events: list[str]
    workers_killed: int = 0
    restarts: list[Restart] = field(default_factory=list)
    done: threading.Event = field(default_factory=threading.Event)

    @classmethod
    def planned(cls, site: Site, forms: list[Form], workers: int, masters: int) -> Chaos:
        events = ["worker"] * workers
        total = workers + masters
        for k in range(masters):
            events.insert((k + 1) * total // (masters + 1), "master")
        return cls(site, forms, events)

    def acknowledged(self) -> int:
        return sum(1 for form in self.forms if form.code or form.already_received)

    def run(self) -> None:
        picks = random.Random(13)  # noqa: S311 - which worker to kill, not a secret
        for index, event in enumerate(self.events):
            threshold = (index + 1) * len(self.forms) / (len(self.events) + 1)
            while self.acknowledged() < threshold:
                if self.done.wait(0.05):
                    return
            if event == "master":
                restart = self.site.kill_master()
                self.restarts.append(restart)
                say(
                    f"  kill -9 of the master: serving again after {restart.seconds:.1f} s "
                    f"({restart.orphans} orphaned workers stopped, "
                    f"{restart.failed_starts} failed starts)"
                )
            elif self.site.kill_worker(picks.randrange(1 << 16)) is not None:
                self.workers_killed += 1


def crash_test(site: Site, settings: Settings, database: str, label: str) -> Row:
    s = settings
    forms = new_forms(label, s.submissions)
    tally = Tally()
    chaos = Chaos.planned(site, forms, s.worker_kills, s.master_kills)
    say(
        f"{database}: {s.submissions:,} stories from {s.clients} storytellers at a time; "
        f"{s.worker_kills} workers and {s.master_kills} masters killed along the way"
    )
    killer = threading.Thread(target=chaos.run, daemon=True)
    started = time.monotonic()
    killer.start()
    try:
        send_all(site.port, forms, s.clients, tally, SECONDS)
    finally:
        chaos.done.set()
        killer.join()
    seconds = time.monotonic() - started
    kept = count_kept(site.environment, label, forms)
    sample = [form for form in forms if form.code][:LOOKED_UP_OVER_HTTP]
    found = sum(
        1
        for form in sample
        if (page := look_up(site.port, form.code or "")).status == 200 and form.title in page.text
    )
    say(
        f"{database}: {kept.shown()} in {seconds:.0f} s; answers {tally.shown()}; "
        f"{tally.resent} sent again; {found} of {len(sample)} codes looked up on the status page"
    )
    restarts = chaos.restarts
    slowest = max((r.seconds for r in restarts), default=0.0)
    failed = sum(r.failed_starts for r in restarts)
    result = (
        f"{kept.shown()}; {tally.server_errors} 5xx; a form sent again {tally.resent} times; "
        f"after a master's death, serving again within {slowest:.1f} s "
        f"({site.unit.describe()}; {failed} failed starts)"
    )
    test = (
        f"{s.submissions:,} submissions, {chaos.workers_killed} × kill -9 of a worker and "
        f"{len(restarts)} × of the master, {database}"
    )
    complete = chaos.workers_killed == s.worker_kills and len(restarts) == s.master_kills
    if not complete:
        result += " (not every kill happened)"
    ok = kept.kept and tally.bare_server_errors == 0 and found == len(sample) and complete
    return Row.judged(test, result, ok)
