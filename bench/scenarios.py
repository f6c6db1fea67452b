"""The measurements of a bench run, one method per SPEC §8 figure, and the order they run in."""

from __future__ import annotations

import os
from collections.abc import Callable
from urllib.parse import quote

from bench.databases import Databases, count_stories, prepare_databases, sample_story
from bench.load import Browser, Load, Wrk
from bench.report import WIDTH, Results, say, section, verdict, why_not
from bench.servers import Server, rss_kib
from bench.settings import (
    DRIFT_TOLERANCE,
    KOREAN_QUERY,
    NO_STORE,
    PAGE_WEIGHT_BUDGET,
    QUEUE_GROWTH_BUDGET,
    SEARCH_SHARE_BUDGET,
    SHARE_BUDGETS,
    STAFF_EMAIL,
    HarnessError,
    Keys,
    Settings,
    base_environment,
)
from bench.visitors import linked_assets, linked_stories, sign_in, submit_concurrently


class Bench:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.keys = Keys()
        self.wrk = Wrk(settings)
        self.results = Results()
        self.servers: list[Server] = []

    def serve(self, name: str, app: str, environment: dict[str, str], ready: str) -> Server:
        server = Server(name, app, environment, ready)
        self.servers.append(server)
        return server.start()

    def run(self) -> None:
        s = self.settings
        say(
            f"storybank benchmark: wrk -t{s.threads} -c{s.connections} -d{s.duration} "
            f"(warm-up {s.warmup}), gunicorn 2 sync workers, {s.small:,} and {s.large:,} stories, "
            f"{os.cpu_count()} CPUs"
        )
        databases = prepare_databases(s, self.keys)
        try:
            self.measure(databases)
        finally:
            for server in reversed(self.servers):
                server.stop()
        section("Summary")
        say(self.results.table())

    # -- one figure -------------------------------------------------------------------------

    def load(
        self,
        label: str,
        server: Server,
        path: str,
        headers: dict[str, str] | None = None,
        expect: int = 200,
    ) -> Load | str:
        """Check the page answers `expect`, warm up, then measure; a reason when it cannot."""
        headers = headers or {}
        answer = Browser(server.port).get(path, headers=headers)
        if answer.status != expect:
            reason = (
                "not available (404)"
                if answer.status == 404
                else f"answered {answer.status}, not {expect}"
            )
            say(f"{label:<{WIDTH}} {reason}")
            self.results.loads[label] = reason
            return reason
        if self.settings.warmup not in ("0", "0s"):
            self.wrk.run(server.port, path, headers, self.settings.warmup)
        load = self.wrk.run(server.port, path, headers, self.settings.duration)
        hello = self.results.loads.get("hello world")
        share = f"{load.rps / hello.rps:6.1%} of hello" if isinstance(hello, Load) else ""
        warning = "" if load.bad_status == 0 else "  <- responses other than 2xx/3xx!"
        say(
            f"{label:<{WIDTH}} {load.rps:9.1f} req/s  mean {load.mean_ms:7.2f} ms  "
            f"p99 {load.p99_ms:7.2f} ms  non-2xx/3xx {load.bad_status}  "
            f"socket errors {load.socket_errors}  {share}{warning}"
        )
        self.results.loads[label] = load
        return load

    def share_row(self, figure: str, label: str, budget: float) -> None:
        load, hello = self.results.loads.get(label), self.results.loads.get("hello world")
        budget_text = f"≥ {budget:.0%} of hello-world"
        if not isinstance(load, Load) or not isinstance(hello, Load):
            self.results.add(figure, str(load or "not measured"), budget_text, "not measured")
            return
        share = load.rps / hello.rps
        measured = f"{share:.1%} ({load.rps:.0f} vs {hello.rps:.0f} req/s)"
        if not load.clean:
            self.results.add(figure, measured, budget_text, f"invalid: {load.bad_status} errors")
            return
        self.results.add(figure, measured, budget_text, verdict(share >= budget))

    # -- the run ------------------------------------------------------------------------------

    def measure(self, databases: Databases) -> None:
        s = self.settings
        section("Servers")
        hello = self.serve("hello world", "bench.hello:app", base_environment(), "/")
        small = self.storybank(f"SQLite {s.small:,}", databases.small_url)
        large = self.storybank(f"SQLite {s.large:,}", databases.large_url)
        # The same databases with the per-worker store of rendered pages off: every request
        # renders (and searches), as for the many addresses a store never holds.
        small_bare = self.storybank(f"SQLite {s.small:,}, {NO_STORE}", databases.small_url, False)
        large_bare = self.storybank(f"SQLite {s.large:,}, {NO_STORE}", databases.large_url, False)
        postgres = None
        if databases.postgres_url is not None:
            postgres = self.storybank(f"PostgreSQL {s.small:,}", databases.postgres_url)

        section(f"Requests per second (wrk -t{s.threads} -c{s.connections} -d{s.duration})")
        self.load("hello world", hello, "/")
        story_id = sample_story(databases.small_url)
        story_path = f"/en/stories/{story_id}"
        say(f"(story page: {story_path}, a Korean story with an English translation)")
        self.load("story page", small, story_path)
        self.load(f"story page, {NO_STORE}", small_bare, story_path)
        self.load("story list", small, "/en/stories")
        self.load(f"story list, {NO_STORE}", small_bare, "/en/stories")
        self.load("story form (GET)", small, "/en/share")
        self.conditional(small, story_path)
        for label, budget in SHARE_BUDGETS.items():
            self.share_row(label, label, budget)
            if label in ("story page", "story list"):
                self.share_row(f"{label}, {NO_STORE}", f"{label}, {NO_STORE}", budget)

        self.search(small, large, "")
        self.search(small_bare, large_bare, f", {NO_STORE}")
        self.queue(small, large, databases.staff_password)

        section(f"Submissions ({s.submissions} concurrent story forms)")
        self.submissions("SQLite", small, databases.small_url)
        if postgres is None or databases.postgres_url is None:
            say("PostgreSQL: skipped (not reachable)")
            self.results.add(
                "submissions, PostgreSQL",
                "skipped: PostgreSQL not reachable",
                f"{s.submissions} stored, 0 errors",
                "not measured",
            )
        else:
            self.submissions("PostgreSQL", postgres, databases.postgres_url)

        self.page_weight(small, story_id)
        self.javascript_row()
        self.memory()
        self.drift(hello)

    def storybank(self, what: str, url: str, page_store: bool = True) -> Server:
        environment = self.keys.environment(url)
        if not page_store:
            environment["STORYBANK_PAGE_CACHE"] = "0"
        return self.serve(f"storybank {what}", "wsgi:app", environment, "/healthz")

    def growth_row(
        self,
        figure: str,
        at_small: Load | str,
        at_large: Load | str,
        within: Callable[[float], bool],
        budget: str,
    ) -> None:
        """A row comparing mean latency at the larger size with the smaller one."""
        s = self.settings
        if not (isinstance(at_small, Load) and isinstance(at_large, Load)):
            self.results.add(figure, why_not(at_small, at_large), budget, "not measured")
            return
        growth = at_large.mean_ms / at_small.mean_ms
        say(f"mean latency at {s.large:,} / at {s.small:,} stories: {growth:.2f}×")
        ok = at_small.clean and at_large.clean
        self.results.add(
            figure,
            f"{growth:.2f}× ({at_small.mean_ms:.1f} → {at_large.mean_ms:.1f} ms)",
            budget,
            verdict(within(growth)) if ok else "invalid: errors",
        )

    def drift(self, hello: Server) -> None:
        """Hello-world again: if the machine got busier or quieter meanwhile, ratios are off."""
        section("Hello world again (is the machine steady?)")
        first = self.results.loads.get("hello world")
        again = self.load("hello world, again", hello, "/")
        if not isinstance(first, Load) or not isinstance(again, Load):
            return
        change = again.rps / first.rps - 1
        steady = abs(change) <= DRIFT_TOLERANCE
        say(
            f"hello-world moved {change:+.0%} between the start and the end of the run"
            + ("" if steady else ": other work on this machine skews the ratios")
        )
        self.results.add(
            "(check) hello-world start vs end",
            f"{first.rps:.0f} → {again.rps:.0f} req/s ({change:+.0%})",
            f"within ±{DRIFT_TOLERANCE:.0%}",
            "steady" if steady else "NOT steady: ratios uncertain",
        )

    def conditional(self, server: Server, path: str) -> None:
        label = "conditional request (304)"
        first = Browser(server.port).get(path)
        etag = first.headers.get("ETag")
        if first.status != 200 or not etag:
            reason = "not available (404)" if first.status == 404 else "no ETag on the story page"
            say(f"{label:<{WIDTH}} {reason}")
            self.results.loads[label] = reason
            return
        self.load(label, server, path, {"If-None-Match": etag}, expect=304)

    def search(self, small: Server, large: Server, variant: str) -> None:
        s = self.settings
        path = f"/ko/search?q={quote(KOREAN_QUERY)}"
        section(f"Search {path} ({KOREAN_QUERY}){variant}")
        labels = [f"search, {count:,} stories{variant}" for count in (s.small, s.large)]
        if not variant:
            # An empty result page would be cheap: show that the word is found.
            found = [linked_stories(server.port, path) for server in (small, large)]
            if all(count is not None for count in found):
                say(
                    f"(the first page of results links {found[0]} stories at {s.small:,}, "
                    f"{found[1]} at {s.large:,})"
                )
        at_small = self.load(labels[0], small, path)
        at_large = self.load(labels[1], large, path)
        figure = f"search ({KOREAN_QUERY}), {s.large:,} stories{variant}"
        self.share_row(figure, labels[1], SEARCH_SHARE_BUDGET)
        scale = s.large / s.small
        self.growth_row(
            f"search time growth {s.small:,} → {s.large:,}{variant}",
            at_small,
            at_large,
            lambda growth: growth < scale,
            f"sub-linear: < {scale:.0f}×",
        )

    def queue(self, small: Server, large: Server, password: str) -> None:
        s = self.settings
        section("Moderation queue /moderate/ (signed in as a moderator, TOTP enrolled)")
        loads = []
        for server, count in ((small, s.small), (large, s.large)):
            label = f"queue, {count:,} stories"
            try:
                cookie = sign_in(server.port, STAFF_EMAIL, password)
            except HarnessError as exc:
                say(f"{label:<{WIDTH}} sign-in failed: {exc}")
                self.results.loads[label] = "sign-in failed"
                loads.append(self.results.loads[label])
                continue
            loads.append(self.load(label, server, "/moderate/", {"Cookie": cookie}))
        at_small, at_large = loads
        self.growth_row(
            f"moderation queue, {s.large:,} vs {s.small:,}",
            at_small,
            at_large,
            lambda growth: growth <= QUEUE_GROWTH_BUDGET,
            f"≤ {QUEUE_GROWTH_BUDGET:.0f}× the time at {s.small:,}",
        )

    def submissions(self, name: str, server: Server, url: str) -> None:
        count = self.settings.submissions
        before = count_stories(url)
        outcome = submit_concurrently(server.port, count)
        stored = count_stories(url) - before
        say(
            f"{name:<11} stored {stored} of {count}, errors {outcome.errors}, receipts "
            f"{outcome.receipts}, in {outcome.seconds:.1f} s "
            f"(slowest answer {outcome.slowest:.2f} s)"
        )
        for problem in outcome.problems[:5]:
            say(f"            {problem}")
        self.results.add(
            f"submissions, {name}",
            f"{stored} stored, {outcome.errors} errors",
            f"{count} stored, 0 errors",
            verdict(stored == count and outcome.errors == 0),
        )

    def page_weight(self, server: Server, story_id: str | None) -> None:
        section("Page weight (HTML + this site's CSS and JS, uncompressed)")
        queries = {"en": "waiting", "ko": KOREAN_QUERY}
        pages = (
            ("home", "/{lang}/"),
            ("story list", "/{lang}/stories"),
            ("story", f"/{{lang}}/stories/{story_id}"),
            ("search", "/{lang}/search?q={query}"),
            ("share form", "/{lang}/share"),
            ("my story", "/{lang}/my-story"),
            ("consent", "/{lang}/consent"),
            ("privacy", "/{lang}/privacy"),
        )
        assets: dict[str, int] = {}
        heaviest: tuple[int, str] | None = None
        missing = []
        say(f"{'page':<28} {'HTML':>8} {'CSS+JS':>8} {'total':>8}  assets")
        for lang in ("en", "ko"):
            for name, pattern in pages:
                path = pattern.format(lang=lang, query=quote(queries[lang]))
                answer = Browser(server.port).get(path)
                label = f"{name} ({lang})"
                if answer.status != 200:
                    shown = (
                        "not available (404)"
                        if answer.status == 404
                        else f"answered {answer.status}"
                    )
                    say(f"{label:<28} {shown}")
                    missing.append(label)
                    continue
                linked = linked_assets(answer.text)
                for asset in linked:
                    if asset not in assets:
                        fetched = Browser(server.port).get(asset)
                        assets[asset] = len(fetched.body) if fetched.status == 200 else 0
                extra = sum(assets[asset] for asset in linked)
                total = len(answer.body) + extra
                say(
                    f"{label:<28} {len(answer.body):>8,} {extra:>8,} {total:>8,}  "
                    f"{', '.join(linked)}"
                )
                if heaviest is None or total > heaviest[0]:
                    heaviest = (total, label)
        budget = f"≤ 30 KB ({PAGE_WEIGHT_BUDGET:,} bytes)"
        if heaviest is None:
            self.results.add(
                "page weight (largest page)", "no page answered", budget, "not measured"
            )
            return
        total, label = heaviest
        note = f"; {len(missing)} pages not measured" if missing else ""
        say(f"largest: {label}, {total:,} bytes{note}")
        self.results.add(
            "page weight (largest page)",
            f"{total:,} bytes, {label}{note}",
            budget,
            verdict(total <= PAGE_WEIGHT_BUDGET),
        )

    def javascript_row(self) -> None:
        # What a harness can show: the story form and staff sign-in above were used by a client
        # that runs no JavaScript. Whether every page reads well without it is for the browser
        # tests.
        self.results.add(
            "JavaScript",
            "submissions and staff sign-in done without JS",
            "no page needs it",
            "met (partly checked)",
        )

    def memory(self) -> None:
        section("Worker memory after the load (VmRSS)")
        for server in self.servers:
            sizes = [(pid, rss_kib(pid)) for pid in server.workers()]
            shown = ", ".join(f"pid {pid}: {kib / 1024:.1f} MiB" for pid, kib in sizes if kib)
            say(f"{server.name:<{WIDTH}} {shown or 'no workers found'}")
            known = [kib for _, kib in sizes if kib]
            if known:
                self.results.add(
                    f"worker memory, {server.name}",
                    f"{max(known) / 1024:.1f} MiB largest of {len(known)}",
                    "(no budget)",
                    "measured",
                )
