"""Immigration and tax numbers (A-numbers, USCIS receipts, SSNs, ITINs) and passports."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from .kinds import FlagKind
from .text import GAP, NB, Candidate

# --- immigration and tax numbers -------------------------------------------------------------

_NINE_OR_EIGHT = (
    r"(?:[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{3}|[0-9]{2}[ -]?[0-9]{3}[ -]?[0-9]{3})(?![0-9])"
)
_A_NUMBER = re.compile(
    r"(?<![0-9A-Za-z])A[ ]?[#-]?[ ]?"
    r"(?:[0-9]{8,9}|[0-9]{3}[ -][0-9]{3}[ -][0-9]{3}|[0-9]{2}[ -][0-9]{3}[ -][0-9]{3})"
    r"(?![0-9A-Za-z]|[-.][0-9])"
)
# "A number" only with a capital A: "I was given a number" is ordinary English.
_A_NUMBER_LABELLED = re.compile(
    r"(?:(?<![A-Za-z])(?:A[- ]|a-)(?i:number|num\.?|no\.)|(?i:alien[ ]+(?:registration[ ]+)?"
    r"number|n[uú]mero[ ]+(?:de[ ]+)?(?:A|extranjero|registro[ ]+de[ ]+extranjero))|"
    r"외국인[ ]?등록[ ]?번호|에이[ ]?넘버|外国人登録番号|外國人登記號碼|外国人登记号码)"
    rf"{GAP}(?P<value>(?:A[ ]?-?[ ]?)?{_NINE_OR_EIGHT})"
)
_RECEIPT = re.compile(
    rf"{NB}[A-Z]{{3}}[ -]?[0-9]{{2}}[ -]?[0-9]{{3}}[ -]?[0-9]{{5}}(?![0-9A-Za-z]|[-.][0-9])"
)
_SSN_SHAPE = re.compile(
    r"(?<![0-9A-Za-z.-])([0-9]{3})([ -])([0-9]{2})\2([0-9]{4})(?![0-9A-Za-z]|[-.][0-9])"
)
_SSN_LABELLED = re.compile(
    r"(?:(?<![A-Za-z])(?i:ssn|s\.s\.n\.?|itin|social[ ]+security|seguro[ ]+social|"
    r"s[oố][ ]+an[ ]+sinh(?:[ ]+x[aã][ ]+h[oộ]i)?)(?![A-Za-z])|"
    r"사회[ ]?보장[ ]?번호|소셜[ ]?(?:시큐리티[ ]?)?번호|社会安全号码?|社會安全號碼?|"
    r"社会保障番号|ソーシャル・?セキュリティ)"
    rf"{GAP}(?P<value>[0-9]{{3}}([ -]?)[0-9]{{2}}\2[0-9]{{4}})(?![0-9]|-[0-9])"
)
_ITIN_GROUPS = frozenset(
    itertools.chain(range(50, 66), range(70, 89), range(90, 93), range(94, 100))
)


def _tax_kind(digits: str) -> FlagKind | None:
    """SSN or ITIN by the number's own structure, or None for numbers never issued."""
    area, group, serial = int(digits[:3]), int(digits[3:5]), int(digits[5:])
    if area >= 900:
        return FlagKind.ITIN if group in _ITIN_GROUPS else None
    if area in (0, 666) or group == 0 or serial == 0:
        return None
    return FlagKind.SSN


def find_official_numbers(text: str) -> Iterator[Candidate]:
    for m in _A_NUMBER.finditer(text):
        yield m.start(), m.end(), FlagKind.A_NUMBER
    for m in _A_NUMBER_LABELLED.finditer(text):
        yield m.start("value"), m.end("value"), FlagKind.A_NUMBER
    for m in _RECEIPT.finditer(text):
        yield m.start(), m.end(), FlagKind.USCIS_RECEIPT
    for m in _SSN_SHAPE.finditer(text):
        kind = _tax_kind(m.group(1) + m.group(3) + m.group(4))
        if kind is not None:
            yield m.start(), m.end(), kind
    for m in _SSN_LABELLED.finditer(text):
        kind = _tax_kind(re.sub(r"[ -]", "", m.group("value")))
        if kind is not None:
            yield m.start("value"), m.end("value"), kind


# --- passports -------------------------------------------------------------------------------

_PASSPORT_WORDS = (
    r"(?:(?<![A-Za-z])(?i:passport|pasaporte|pasaport|h[oộ][ ]+chi[eế]u)(?![A-Za-z])|"
    r"여권|护照|護照|パスポート|旅券|پاسپورٹ|جواز[ ]+(?:ال)?سفر)"
)
# Ids carry at least one digit; an id made of letters only is a word.
_PASSPORT_ID = r"(?<![A-Za-z0-9])(?=[A-Z]{0,8}[0-9])[A-Z0-9]{6,9}(?![A-Za-z0-9])"
_PASSPORT_AFTER_LABEL = re.compile(rf"{_PASSPORT_WORDS}{GAP}(?P<value>{_PASSPORT_ID})")
_PASSPORT_BEFORE_LABEL = re.compile(
    r"(?P<value>(?<![A-Za-z0-9])[A-Z]{1,2}[0-9]{6,8}(?![A-Za-z0-9]))[^0-9\n]{0,24}?"
    + _PASSPORT_WORDS
)


def find_passports(text: str) -> Iterator[Candidate]:
    for pattern in (_PASSPORT_AFTER_LABEL, _PASSPORT_BEFORE_LABEL):
        for m in pattern.finditer(text):
            yield m.start("value"), m.end("value"), FlagKind.PASSPORT
