"""What a bench run prints: its lines, its sections and the summary table of SPEC §8 figures."""

from __future__ import annotations

from dataclasses import dataclass, field

from bench.load import Load

WIDTH = 42  # of the first column of the measurements


def say(line: str = "") -> None:
    print(line, flush=True)


def section(title: str) -> None:
    say()
    say(f"== {title}")


@dataclass
class Row:
    figure: str
    measured: str
    budget: str
    verdict: str  # "met", "NOT met", or why it could not be judged


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)
    loads: dict[str, Load | str] = field(default_factory=dict)

    def add(self, figure: str, measured: str, budget: str, verdict: str) -> None:
        self.rows.append(Row(figure, measured, budget, verdict))

    def table(self) -> str:
        header = Row("SPEC §8 figure", "measured", "budget", "result")
        widths = [
            max(len(getattr(row, name)) for row in [header, *self.rows])
            for name in ("figure", "measured", "budget", "verdict")
        ]

        def line(row: Row) -> str:
            cells = (row.figure, row.measured, row.budget, row.verdict)
            padded = (cell.ljust(width) for cell, width in zip(cells, widths, strict=True))
            return "  ".join(padded).rstrip()

        rule = "  ".join("-" * width for width in widths)
        return "\n".join([line(header), rule, *(line(row) for row in self.rows)])


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def why_not(*loads: Load | str) -> str:
    """The first reason among loads that could not be measured."""
    return next((load for load in loads if isinstance(load, str)), "not measured")
