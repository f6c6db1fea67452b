"""Identifying details in a story's text, found so that moderators can redact them.

Pure functions: no application, no database. Matching runs on a normalised copy of the text
(full-width and other-script digits folded to ASCII, NFC) and every offset is reported in the
original text.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterable, Sequence

from .addresses import find_addresses
from .contacts import find_emails, find_phones
from .dates import find_dates_of_birth
from .documents import find_official_numbers, find_passports
from .kinds import REDACTED, SPECIFICITY, Flag, FlagKind
from .names import find_names
from .text import Candidate, Normalised

__all__ = ["REDACTED", "Flag", "FlagKind", "find_flags", "redact"]

# --- putting it together: each detector's candidates, resolved ----------------------------------

_NAME_GLUE = re.compile(r"[\s\-‐·・]{1,2}")


def _resolve(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates, sorted: the longer, then the more specific, wins."""
    ranked = sorted(set(candidates), key=lambda c: (c[0] - c[1], -SPECIFICITY[c[2]], c[0]))
    starts: list[int] = []
    kept: list[Candidate] = []
    for candidate in ranked:
        start, end, _ = candidate
        i = bisect.bisect_left(starts, start)
        if i > 0 and kept[i - 1][1] > start:
            continue
        if i < len(kept) and kept[i][0] < end:
            continue
        starts.insert(i, start)
        kept.insert(i, candidate)
    return kept


def _merge_adjacent_names(text: str, kept: list[Candidate]) -> list[Candidate]:
    """Join name parts matched side by side ("Eun-jin Kim"): one name, one redaction."""
    merged: list[Candidate] = []
    for start, end, kind in kept:
        if merged and kind is FlagKind.NAME and merged[-1][2] is FlagKind.NAME:
            previous_start, previous_end, _ = merged[-1]
            if _NAME_GLUE.fullmatch(text, previous_end, start):
                merged[-1] = (previous_start, end, kind)
                continue
        merged.append((start, end, kind))
    return merged


def find_flags(text: str, names: Sequence[str] = ()) -> list[Flag]:
    """Identifying details in `text`, sorted and non-overlapping (the longer one wins overlaps)."""
    # `names` are the storyteller's own, given when the chosen attribution hides them.
    normalised = Normalised(text)
    t = normalised.text
    candidates = itertools.chain(
        find_emails(t),
        find_phones(t),
        find_addresses(t),
        find_official_numbers(t),
        find_passports(t),
        find_dates_of_birth(t),
        find_names(t, names),
    )
    flags: list[Flag] = []
    for start, end, kind in _merge_adjacent_names(t, _resolve(candidates)):
        first, last = normalised.original_span(start, end)
        flags.append(Flag(first, last, kind, text[first:last]))
    return flags


def redact(
    text: str, flags: Iterable[Flag], replacement: Callable[[Flag], str] | None = None
) -> str:
    """The text with each flag replaced (REDACTED by default); stale or overlapping flags raise."""
    # Built from slices of the original between flags, so offsets stay valid and everything
    # outside the flags is kept exactly; a flag that no longer matches was found on an earlier
    # version of the text, and replacing by its offsets would remove the wrong words.
    pieces: list[str] = []
    cursor = 0
    for flag in sorted(flags):
        if flag.start < cursor:
            raise ValueError(f"overlapping flags at {flag.start}")
        if text[flag.start : flag.end] != flag.text:
            raise ValueError(f"flag at {flag.start} does not match the text")
        pieces.append(text[cursor : flag.start])
        pieces.append(REDACTED if replacement is None else replacement(flag))
        cursor = flag.end
    pieces.append(text[cursor:])
    return "".join(pieces)
