"""Marking what matched, in the text as the reader sees it: an excerpt around the first match
and a highlighted title, escaped first."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate

from markupsafe import Markup, escape

from .folding import FOLD, PAIRED


class _FoldedText:
    """A text and its folded form, with the way back from folded offsets to the text's own."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = text.translate(FOLD)
        # Where each character of the text starts in the folded form; None when every
        # character folds to exactly one (almost always), so offsets are the same.
        self.starts: list[int] | None = None
        if not FOLD.uneven.isdisjoint(text):
            self.starts = [0, *accumulate(len(FOLD[ord(char)]) for char in text)]

    def to_text(self, start: int, end: int) -> tuple[int, int]:
        """The span of the text that folded into `folded[start:end]`."""
        if self.starts is None:
            return start, end
        return bisect_right(self.starts, start) - 1, bisect_left(self.starts, end)

    def to_folded(self, offset: int) -> int:
        return offset if self.starts is None else self.starts[offset]


_PAIRED_CHAR = re.compile(f"[{PAIRED}]")
_WORD_CHAR = f"[^\\s{PAIRED}]"


def term_pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    """Where the terms stand in folded text, as the index finds them: a word as a whole word,
    a run of a paired script anywhere."""
    alternatives = [
        re.escape(term)
        if _PAIRED_CHAR.match(term)
        else f"(?<!{_WORD_CHAR}){re.escape(term)}(?!{_WORD_CHAR})"
        for term in sorted(terms, key=len, reverse=True)
    ]
    return re.compile("|".join(alternatives)) if alternatives else None


EXCERPT_CHARS = 240
EXCERPT_LEAD = 60
ELLIPSIS = "…"
_SPACES = re.compile(r"\s+")


def _plain(text: str) -> Markup:
    # Paragraph breaks become spaces in a one-line excerpt.
    return escape(_SPACES.sub(" ", text))


def _marked(folded: _FoldedText, pattern: re.Pattern[str], start: int, end: int) -> Markup:
    """`text[start:end]` escaped, each match wrapped in <mark>: the reader's text is escaped
    first, and only the tags are markup."""
    text = folded.text
    parts: list[Markup] = []
    cursor = start
    folded_end = folded.to_folded(end)
    for match in pattern.finditer(folded.folded, folded.to_folded(start)):
        if match.start() >= folded_end:
            break
        mark_start, mark_end = folded.to_text(match.start(), min(match.end(), folded_end))
        mark_start = max(mark_start, cursor)
        if mark_end <= mark_start:
            continue
        parts.append(_plain(text[cursor:mark_start]))
        parts.append(Markup("<mark>{}</mark>").format(_plain(text[mark_start:mark_end])))
        cursor = mark_end
    parts.append(_plain(text[cursor:end]))
    return Markup("").join(parts)


def _window(text: str, first: int) -> tuple[int, int]:
    """About EXCERPT_CHARS characters of `text` showing offset `first`, cut at spaces where the
    text has them (Chinese and Japanese have none)."""
    if len(text) <= EXCERPT_CHARS:
        return 0, len(text)
    start = max(0, first - EXCERPT_LEAD)
    if start:
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + EXCERPT_CHARS)
    if end < len(text):
        space = text.rfind(" ", max(first + 1, end - 40), end)
        end = space if space != -1 else end
    return start, end


def excerpt(text: str, pattern: re.Pattern[str] | None) -> Markup:
    """A stretch of `text` around the first match, every match in it marked (the opening of
    the text when nothing in it matches)."""
    folded = _FoldedText(text)
    match = pattern.search(folded.folded) if pattern is not None else None
    first = folded.to_text(match.start(), match.end())[0] if match else 0
    start, end = _window(text, first)
    body = _marked(folded, pattern, start, end) if pattern is not None else _plain(text[start:end])
    before = ELLIPSIS if start else ""
    after = ELLIPSIS if end < len(text) else ""
    # `body` is Markup already; the ellipses are escaped as they are joined to it.
    return before + body.strip() + after


def highlight(text: str, pattern: re.Pattern[str] | None) -> Markup:
    """All of a short text (a title), escaped, matches marked."""
    if pattern is None:
        return _plain(text)
    return _marked(_FoldedText(text), pattern, 0, len(text))
