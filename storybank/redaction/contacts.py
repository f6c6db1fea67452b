"""E-mail addresses and phone numbers."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from .kinds import FlagKind
from .text import NA, Candidate

# --- e-mail ----------------------------------------------------------------------------------

_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@"
    r"(?:[^\W_][\w-]{0,62}\.)+"
    r"(?:[A-Za-z]{2,24}(?![A-Za-z0-9-])|xn--[A-Za-z0-9-]{1,59}|[^\W\d_\x00-\x7f]{2,24})"
)
_AT = r"(?:\s*[\[(]\s*(?:at|arroba)\s*[\])]\s*|\s+(?:at|arroba)\s+)"
_DOT = r"(?:\s*[\[(]\s*(?:dot|punto)\s*[\])]\s*|\s+(?:dot|punto)\s+)"
_SPELLED_EMAIL = re.compile(
    rf"(?i)(?<![a-z0-9._+-])[a-z0-9._+-]+{_AT}[a-z0-9-]+(?:{_DOT}[a-z0-9-]+)*{_DOT}"
    r"(?:com|net|org|edu|gov|info|io|us|mx|gt|hn|sv|kr|cn|jp|vn|ph|pk|in|co|es)(?![a-z])"
)


def find_emails(text: str) -> Iterator[Candidate]:
    for pattern in (_EMAIL, _SPELLED_EMAIL):
        for m in pattern.finditer(text):
            yield m.start(), m.end(), FlagKind.EMAIL


# --- phone numbers ---------------------------------------------------------------------------

_NANP = re.compile(
    r"(?<![0-9A-Za-z+$€£¥₩])(?:\+?1[ .-]?)?(?:\([2-9][0-9]{2}\)[ .-]?|[2-9][0-9]{2}[ .-]?)"
    r"[2-9][0-9]{2}[ .-]?[0-9]{4}(?![0-9A-Za-z]|[.-][0-9])"
)
# Runs are cut loose by the regex and judged in code: a strict grammar of optional separators
# between digit groups is exactly the shape that backtracks catastrophically.
_PLUS_RUN = re.compile(r"(?<![0-9A-Za-z+])\+[1-9][0-9 ().-]{5,24}[0-9]")
_TRUNK_RUN = re.compile(r"(?<![0-9A-Za-z+.,/$-])0[1-9][0-9 .-]{6,12}[0-9](?![0-9A-Za-z])")
_CN_MOBILE = re.compile(r"(?<![0-9A-Za-z+.,/$-])1[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4}" + NA)
_PHONE_SEPARATORS = re.compile(r"[ ().-]+")
_DOUBLE_SEPARATOR = re.compile(r"[ .-]{2}|\(\)")


def _digit_count(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def find_phones(text: str) -> Iterator[Candidate]:
    for m in itertools.chain(_NANP.finditer(text), _CN_MOBILE.finditer(text)):
        yield m.start(), m.end(), FlagKind.PHONE
    for pattern, plausible in ((_PLUS_RUN, _plausible_plus), (_TRUNK_RUN, _plausible_trunk)):
        for m in pattern.finditer(text):
            run = m.group()
            # A run may have swallowed a following number ("010-1234-5678 5 times"): drop
            # trailing groups until the rest looks like a phone number, or nothing is left.
            while not plausible(run):
                cut = max(run.rfind(" "), run.rfind("-"), run.rfind("."))
                if cut <= 0:
                    break
                run = run[:cut].rstrip(" .-(")
            else:
                yield m.start(), m.start() + len(run), FlagKind.PHONE


def _plausible_plus(run: str) -> bool:
    """Whether a run after "+" is a country code and number: 8 to 15 digits, tidy separators."""
    return (
        8 <= _digit_count(run) <= 15
        and not _DOUBLE_SEPARATOR.search(run)
        and run.count("(") == run.count(")")
    )


def _plausible_trunk(run: str) -> bool:
    """Whether a run starting with a trunk 0 is a domestic number (Korea, Philippines, …)."""
    groups = [g for g in _PHONE_SEPARATORS.split(run) if g]
    digits = sum(len(g) for g in groups)
    if _DOUBLE_SEPARATOR.search(run) or len(groups) > 5 or min(map(len, groups)) < 2:
        return False
    # Nine digits only with separators (Seoul 02-123-4567); bare nine are often other ids.
    return 10 <= digits <= 11 or (digits == 9 and len(groups) > 1)
