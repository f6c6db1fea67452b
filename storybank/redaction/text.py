"""Matching on a normalised copy of the text (digits of every script folded to ASCII, NFC), with
offsets mapped back to the original; pieces of patterns the detectors share."""

from __future__ import annotations

import re
import unicodedata

from .kinds import FlagKind

# --- normalisation -------------------------------------------------------------------------


def _build_fold_table() -> dict[int, str]:
    """One-to-one folds, so that offsets survive: full-width forms, digits, dashes, spaces."""
    table: dict[int, str] = {}
    for cp in range(0xFF01, 0xFFEF):
        folded = unicodedata.normalize("NFKC", chr(cp))
        if len(folded) == 1 and folded != chr(cp):
            table[cp] = folded
    # Arabic-Indic (Urdu, Persian), Devanagari, Thai… digits are numbers all the same.
    for cp in range(0x80, 0x10000):
        value = unicodedata.decimal(chr(cp), -1)
        if value >= 0:
            table[cp] = str(value)
    for cp in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE58, 0xFE63):
        table[cp] = "-"
    for cp in (0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000):
        table[cp] = " "
    return table


_FOLD = _build_fold_table()
# Hangul conjoining vowels and finals have combining class 0 but compose with the jamo before.
_HANGUL_TRAILING = re.compile(r"[\u1160-\u11ff]")


class Normalised:
    """The folded, NFC text, and a map from its offsets back to the original's."""

    def __init__(self, original: str) -> None:
        self._starts: list[int] | None = None
        self._ends: list[int] = []
        if original.isascii():
            self.text = original
            return
        folded = original.translate(_FOLD)
        if unicodedata.is_normalized("NFC", folded):
            self.text = folded
            return
        # Rare (decomposed input): normalise cluster by cluster to keep a map of offsets.
        pieces: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        i, n = 0, len(folded)
        while i < n:
            j = i + 1
            while j < n and (unicodedata.combining(folded[j]) or _HANGUL_TRAILING.match(folded[j])):
                j += 1
            piece = unicodedata.normalize("NFC", folded[i:j])
            pieces.append(piece)
            starts.extend([i] * len(piece))
            ends.extend([j] * len(piece))
            i = j
        self.text = "".join(pieces)
        self._starts = starts
        self._ends = ends

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that produced text[start:end]."""
        if self._starts is None:
            return start, end
        return self._starts[start], self._ends[end - 1]


def normalise(text: str) -> str:
    return Normalised(text).text


# --- shared pieces of patterns ---------------------------------------------------------------

# Number patterns use ASCII edges, not \b: Hangul and Han are "word" characters to `re`, and
# Korean particles or Chinese text follow numbers without a space ("010-1234-5678로").
NB = r"(?<![0-9A-Za-z])"
NA = r"(?![0-9A-Za-z])"
GAP = r"[^0-9\n]{0,24}?"  # between a label and its number; never skips over another number

Candidate = tuple[int, int, FlagKind]
