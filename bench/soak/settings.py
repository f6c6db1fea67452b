"""What a soak run is told by SOAK_* variables; the full run's counts are the operator's."""

from __future__ import annotations

import os
from dataclasses import dataclass

from bench.settings import HarnessError

DATABASES = ("sqlite", "postgresql")
SCENARIOS = ("crash", "writers", "double", "outage", "restore", "slow")


@dataclass(frozen=True)
class Settings:
    submissions: int  # crash test, per database
    worker_kills: int
    master_kills: int
    clients: int  # storytellers sending at once in the crash test
    writers: int  # concurrent writers on SQLite
    writer_stories: int
    writer_workers: int
    writer_threads: int
    double_forms: int
    double_copies: int
    outage_clients: int
    outage_down: float  # seconds PostgreSQL stays stopped
    published: int  # stories published before the backup
    withdrawn: int  # of those, withdrawn after it
    slow_clients: int
    slow_seconds: int
    direct_seconds: int  # the same slow clients against gunicorn alone (0: not tried)
    databases: tuple[str, ...]
    scenarios: tuple[str, ...]

    @classmethod
    def from_environment(cls) -> Settings:
        def number(name: str, default: str, least: float = 0.001) -> float:
            value = os.environ.get(name, default).strip()
            try:
                parsed = float(value)
            except ValueError:
                parsed = -1
            if parsed < least:
                raise HarnessError(f"{name} must be a number of at least {least:g}, not {value!r}")
            return parsed

        def names(name: str, known: tuple[str, ...]) -> tuple[str, ...]:
            chosen = tuple(
                n.strip().lower() for n in os.environ.get(name, ",".join(known)).split(",")
            )
            unknown = [n for n in chosen if n not in known]
            if unknown or not chosen:
                raise HarnessError(f"{name}: choose among {', '.join(known)}, not {unknown}")
            return chosen

        scale = number("SOAK_SCALE", "1")

        def scaled(full: int, least: int) -> int:
            return max(least, round(full * scale))

        slow_seconds = round(number("SOAK_SLOW_SECONDS", "60"))
        return cls(
            submissions=scaled(2000, 20),
            worker_kills=scaled(20, 1),
            master_kills=scaled(2, 1),
            clients=16,
            writers=50,
            writer_stories=scaled(1000, 50),
            writer_workers=4,
            writer_threads=4,
            double_forms=scaled(20, 2),
            double_copies=5,
            outage_clients=8,
            outage_down=number("SOAK_PG_DOWN_SECONDS", "2"),
            published=scaled(6, 3),
            withdrawn=scaled(2, 1),
            slow_clients=50,
            slow_seconds=slow_seconds,
            direct_seconds=round(
                number("SOAK_DIRECT_SECONDS", str(min(slow_seconds, 20)), least=0)
            ),
            databases=names("SOAK_DATABASES", DATABASES),
            scenarios=names("SOAK_ONLY", SCENARIOS),
        )

    def describe(self) -> str:
        return (
            f"{self.submissions:,} submissions with {self.worker_kills} worker and "
            f"{self.master_kills} master kills; {self.writers} writers × "
            f"{self.writer_stories:,} stories; {self.double_forms} forms × {self.double_copies}; "
            f"{self.slow_clients} slow clients for {self.slow_seconds} s; "
            f"databases: {', '.join(self.databases)}; scenarios: {', '.join(self.scenarios)}"
        )
