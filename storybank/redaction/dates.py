"""Dates of birth: a date near a word that says "born"."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from .kinds import FlagKind
from .text import Candidate

# --- dates of birth --------------------------------------------------------------------------

_MONTH = (
    r"(?<![A-Za-z])(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|se(?:p)?tiembre|octubre|noviembre|"
    r"diciembre|pebrero|marso|hunyo|hulyo|setyembre|oktubre|nobyembre|disyembre)(?![A-Za-z])"
)
_DAY = r"(?<![0-9])(?:[12][0-9]|3[01]|0?[1-9])(?i:st|nd|rd|th)?"
_YEAR = r"(?:19|20)[0-9]{2}(?![0-9])"
_DATES = tuple(
    re.compile(pattern)
    for pattern in (
        rf"{_MONTH}\.?[ ]+{_DAY},?[ ]+{_YEAR}",
        rf"{_DAY}[ ]+(?:of[ ]+)?{_MONTH}\.?,?[ ]+{_YEAR}",
        rf"{_DAY}[ ]+(?i:de)[ ]+{_MONTH}[ ]+(?i:del?[ ]+)?{_YEAR}",
        rf"(?i:ika-?)?{_DAY}[ ]+ng[ ]+{_MONTH},?[ ]+{_YEAR}",
        rf"{_YEAR}[ ]?년[ ]?[0-9]{{1,2}}[ ]?월[ ]?[0-9]{{1,2}}[ ]?일",
        r"(?:(?:明治|大正|昭和|平成|令和)(?:[0-9]{1,2}|元)|(?:19|20)[0-9]{2})[ ]?年[ ]?"
        r"[0-9]{1,2}[ ]?月[ ]?[0-9]{1,2}[ ]?[日号號]",
        rf"{_DAY}[ ]+(?i:tháng)[ ]+[0-9]{{1,2}},?[ ]+(?i:năm)[ ]+{_YEAR}",
    )
)
_NUMERIC_DATE = re.compile(
    r"(?<![0-9/.-])([0-9]{1,2})([/.-])([0-9]{1,2})\2((?:19|20)?[0-9]{2})(?![0-9]|[/.-][0-9])"
)
_ISO_DATE = re.compile(
    r"(?<![0-9/.-])(?:19|20)[0-9]{2}([/.-])([0-9]{1,2})\1([0-9]{1,2})(?![0-9]|[/.-][0-9])"
)
_BIRTH_CUES = re.compile(
    r"(?<![A-Za-z])(?i:born|birth(?:day|date)?|d\.?o\.?b\.?|nac[ií]|naci[oó]|nacid[oa]|"
    r"nacimiento|cumplea[nñ]os|ipinanganak|isinilang|kaarawan|kapanganakan|"
    r"sinh[ ]+(?:ngày|năm|ra|nhật)|ngày[ ]+sinh|được[ ]+sinh)(?![A-Za-z])|"
    r"태어[나난났]|출생|생년월일|생일|出生|生日|誕生|生まれ|生年月日|"
    r"پیدا|پیدائش|سالگرہ|ولدت|وُلدت|ميلاد|مواليد"
)
# A cue in another sentence says nothing about this date ("I was born in Guatemala. On…").
_SENTENCE_BREAK = re.compile(r"[.!?;](?:\s|$)|[。！？；۔\n]")
_CUE_REACH = 40
_LONGEST_CUE = 16


def _plausible_day_month(first: int, second: int) -> bool:
    """Whether two numbers can be a day and a month in either order."""
    return (1 <= first <= 12 and 1 <= second <= 31) or (1 <= first <= 31 and 1 <= second <= 12)


def _date_spans(text: str) -> Iterator[tuple[int, int]]:
    for pattern in _DATES:
        for m in pattern.finditer(text):
            yield m.span()
    for m in _NUMERIC_DATE.finditer(text):
        if _plausible_day_month(int(m.group(1)), int(m.group(3))):
            yield m.span()
    for m in _ISO_DATE.finditer(text):
        if 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
            yield m.span()


def find_dates_of_birth(text: str) -> Iterator[Candidate]:
    cues = [m.span() for m in _BIRTH_CUES.finditer(text)]
    if not cues:
        return
    cue_starts = [start for start, _ in cues]
    for start, end in _date_spans(text):
        # Any cue within reach starts no earlier than the reach plus the longest cue's length.
        first = bisect.bisect_left(cue_starts, start - _CUE_REACH - _LONGEST_CUE)
        for cue_start, cue_end in cues[first:]:
            if cue_start > end + _CUE_REACH:
                break
            if cue_end < start - _CUE_REACH:
                continue
            between = text[cue_end:start] if cue_end <= start else text[end:cue_start]
            if not _SENTENCE_BREAK.search(between):
                yield start, end, FlagKind.DATE_OF_BIRTH
                break
