"""The soak's table: one row a test, what was measured, and whether the promise held."""

from __future__ import annotations

from dataclasses import dataclass

KEPT, BROKEN, SHOWN = "kept", "BROKEN", "(shown)"


@dataclass(frozen=True)
class Row:
    test: str
    result: str
    verdict: str  # KEPT, BROKEN, or SHOWN for a measurement that promises nothing

    @classmethod
    def judged(cls, test: str, result: str, kept: bool) -> Row:
        return cls(test, result, KEPT if kept else BROKEN)


def table(rows: list[Row]) -> str:
    """A Markdown table, to read in a terminal and to paste where an operator reports."""
    lines = ["| test | result | promise |", "|---|---|---|"]
    for row in rows:
        cells = (row.test, row.result, row.verdict)
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines)


def broken(rows: list[Row]) -> list[Row]:
    return [row for row in rows if row.verdict == BROKEN]
