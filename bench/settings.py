"""A bench run's paths, SPEC §8 budgets, BENCH_* settings and shared production keys."""

from __future__ import annotations

import os
import re
import secrets
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = BENCH / ".work"
BIN = Path(sys.executable).parent
GUNICORN_CONF = BENCH / "gunicorn_bench.conf.py"
WRK_REPORT = BENCH / "report.lua"

KOREAN_QUERY = "가족"
STAFF_EMAIL = "bench-moderator@example.org"
PAGE_WEIGHT_BUDGET = 30_000  # bytes: "30 KB" read strictly
# SPEC §8 budgets as shares of hello-world's requests per second.
SHARE_BUDGETS = {
    "story page": 0.40,
    "story list": 0.40,
    "story form (GET)": 0.25,
    "conditional request (304)": 0.70,
}
SEARCH_SHARE_BUDGET = 0.15
QUEUE_GROWTH_BUDGET = 2.0
# How far hello-world may move between the start and the end before the ratios are doubtful.
DRIFT_TOLERANCE = 0.2
NO_STORE = "page store off"


class HarnessError(RuntimeError):
    """The benchmark itself could not run (as opposed to a budget being missed)."""


@dataclass(frozen=True)
class Settings:
    """What the run is told by BENCH_* variables."""

    duration: str
    warmup: str
    connections: int
    threads: int
    small: int
    large: int
    submissions: int
    postgres_url: str

    @classmethod
    def from_environment(cls) -> Settings:
        def duration(name: str, default: str) -> str:
            value = os.environ.get(name, default).strip()
            if not re.fullmatch(r"\d+[smh]?", value):
                raise HarnessError(
                    f"{name} must be a wrk duration such as 10s or 1m, not {value!r}"
                )
            return value

        def number(name: str, default: str) -> int:
            value = os.environ.get(name, default).strip()
            if not value.isdigit() or int(value) < 1:
                raise HarnessError(f"{name} must be a positive whole number, not {value!r}")
            return int(value)

        sizes = os.environ.get("BENCH_STORIES", "10000,100000").replace("_", "").split(",")
        if len(sizes) != 2 or not all(s.strip().isdigit() for s in sizes):
            raise HarnessError("BENCH_STORIES must be two counts, such as 10000,100000")
        small, large = (int(s) for s in sizes)
        if not 0 < small < large:
            raise HarnessError("BENCH_STORIES: the second count must be larger than the first")
        return cls(
            duration=duration("BENCH_DURATION", "10s"),
            warmup=duration("BENCH_WARMUP", "2s"),
            connections=number("BENCH_CONNECTIONS", "8"),
            threads=number("BENCH_THREADS", "2"),
            small=small,
            large=large,
            submissions=number("BENCH_SUBMISSIONS", "100"),
            postgres_url=os.environ.get(
                "BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1/storybank_bench"
            ),
        )


def base_environment() -> dict[str, str]:
    """This process's environment without any STORYBANK_* setting of the person running it."""
    return {k: v for k, v in os.environ.items() if not k.startswith("STORYBANK_")}


@dataclass(frozen=True)
class Keys:
    """Production keys, made once for the run: every database and server shares them."""

    secret: str = field(default_factory=lambda: secrets.token_urlsafe(48))
    encryption: str = field(default_factory=lambda: _fernet_key())

    def environment(self, database_url: str) -> dict[str, str]:
        return {
            **base_environment(),
            "STORYBANK_ENV": "production",
            "STORYBANK_SECRET_KEY": self.secret,
            "STORYBANK_ENCRYPTION_KEYS": self.encryption,
            "STORYBANK_DATABASE_URL": database_url,
            # Production refuses to start without saying who runs the site.
            "STORYBANK_ORG_NAME": "Benchmark Story Project",
            "STORYBANK_ORG_CONTACT_EMAIL": "stories@bench.example",
            # Raised so that no measurement meets a 429: it is throughput being measured here.
            "STORYBANK_SUBMISSION_LIMIT": "100000 per minute",
            "STORYBANK_SUBMISSION_CAP": "100000 per minute",
            # As deployed behind a reverse proxy (README), so each simulated storyteller can come
            # from their own address: the per-address attempt limit (60 per 10 minutes) is an
            # abuse guard, not something a hundred different people share.
            "STORYBANK_PROXY_COUNT": "1",
        }


def _fernet_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()
