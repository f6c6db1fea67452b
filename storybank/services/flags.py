"""Identifying details in a story's text, found so that moderators can redact them.

Pure functions: no application, no database. Matching runs on a normalised copy of the text
(full-width and other-script digits folded to ASCII, NFC) and every offset is reported in the
original text.
"""

from __future__ import annotations

import bisect
import enum
import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

__all__ = ["REDACTED", "Flag", "FlagKind", "find_flags", "redact"]

# An ellipsis in brackets is the editorial mark for "something was left out" in most of the
# languages we publish, and it cannot itself be mistaken for any detail find_flags looks for.
REDACTED = "[…]"


class FlagKind(enum.StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    STREET_ADDRESS = "street_address"
    A_NUMBER = "a_number"
    USCIS_RECEIPT = "uscis_receipt"
    SSN = "ssn"
    ITIN = "itin"
    PASSPORT = "passport"
    DATE_OF_BIRTH = "date_of_birth"
    NAME = "name"

    @property
    def label(self) -> str:
        return str(_FLAG_LABELS[self])


_FLAG_LABELS = {
    FlagKind.EMAIL: _l("E-mail address"),
    FlagKind.PHONE: _l("Phone number"),
    FlagKind.STREET_ADDRESS: _l("Street address"),
    FlagKind.A_NUMBER: _l("A-number (alien registration number)"),
    FlagKind.USCIS_RECEIPT: _l("USCIS receipt number"),
    FlagKind.SSN: _l("Social Security number"),
    FlagKind.ITIN: _l("ITIN"),
    FlagKind.PASSPORT: _l("Passport-like number"),
    FlagKind.DATE_OF_BIRTH: _l("Date of birth"),
    FlagKind.NAME: _l("The storyteller's name"),
}

# On overlap the longer match wins; between equally long matches, the more specific kind
# (a number with a fixed official shape beats a generic phone-shaped run of digits).
_SPECIFICITY = {
    FlagKind.USCIS_RECEIPT: 9,
    FlagKind.A_NUMBER: 8,
    FlagKind.SSN: 8,
    FlagKind.ITIN: 8,
    FlagKind.PASSPORT: 7,
    FlagKind.EMAIL: 6,
    FlagKind.DATE_OF_BIRTH: 5,
    FlagKind.STREET_ADDRESS: 4,
    FlagKind.PHONE: 3,
    FlagKind.NAME: 1,
}


@dataclass(frozen=True, order=True)
class Flag:
    start: int
    end: int
    kind: FlagKind
    text: str


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


class _Normalised:
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


def _normalise(text: str) -> str:
    return _Normalised(text).text


# --- shared pieces of patterns ---------------------------------------------------------------

# Number patterns use ASCII edges, not \b: Hangul and Han are "word" characters to `re`, and
# Korean particles or Chinese text follow numbers without a space ("010-1234-5678로").
_NB = r"(?<![0-9A-Za-z])"
_NA = r"(?![0-9A-Za-z])"
_GAP = r"[^0-9\n]{0,24}?"  # between a label and its number; never skips over another number

_Candidate = tuple[int, int, FlagKind]


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


def _emails(text: str) -> Iterator[_Candidate]:
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
_CN_MOBILE = re.compile(r"(?<![0-9A-Za-z+.,/$-])1[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4}" + _NA)
_PHONE_SEPARATORS = re.compile(r"[ ().-]+")
_DOUBLE_SEPARATOR = re.compile(r"[ .-]{2}|\(\)")


def _digit_count(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _phones(text: str) -> Iterator[_Candidate]:
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


# --- US street addresses ---------------------------------------------------------------------

_STREET_TYPES = (
    "Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Court|Ct|Place|Pl|"
    "Parkway|Pkwy|Highway|Hwy|Terrace|Ter|Circle|Cir|Square|Sq|Trail|Trl|Plaza|Plz|Alley|"
    "Loop|Row|Expressway|Expy|Freeway|Fwy|Crescent|Cres"
)
# Street types that are also everyday nouns ("3 Immigration Court hearings"): a one-digit
# "house number" before them is far more often a count.
_AMBIGUOUS_TYPES = frozenset(
    {"way", "court", "place", "circle", "square", "trail", "plaza", "loop", "row", "terrace"}
    | {"alley", "crescent"}
)
_US_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|"
    "NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|GU|VI"
)
_CAP_WORD = r"[A-ZÀ-ÖØ-Þ](?:[^\W\d_]|['’.-])*"
_STREET_TOKEN = rf"(?:{_CAP_WORD}|[0-9]{{1,3}}(?:st|nd|rd|th))"
_US_ADDRESS = re.compile(
    r"(?<![0-9A-Za-z#/.,-])"
    r"(?P<number>[0-9]{1,6}(?:-?[A-Z](?![a-z]))?)[ ]+"
    r"(?:(?:[NSEW]|N[EW]|S[EW]|North|South|East|West)\.?[ ]+)?"
    rf"{_STREET_TOKEN}(?:[ ]+{_STREET_TOKEN}){{0,3}}[ ]+"
    rf"(?P<type>(?i:{_STREET_TYPES}))(?![A-Za-z])\.?"
    r"(?:[ ]+(?:N[EW]?|S[EW]?|E|W)\.?(?![A-Za-z]))?"
    r"(?:,?[ ]*(?:(?i:apt|apartment|unit|suite|ste|fl|floor|rm|room|bldg)(?![A-Za-z])\.?[ ]*#?[ ]*"
    r"|#[ ]*)"
    r"[A-Za-z0-9-]{1,6}(?![A-Za-z0-9]))?"
    rf"(?:,[ ]*{_CAP_WORD}(?:[ ]+{_CAP_WORD}){{0,3}},?[ ]+(?:{_US_STATES})"
    r"(?:[ ]+[0-9]{5}(?:-[0-9]{4})?)?(?![A-Za-z0-9]))?"
)
_ES_TOKEN = rf"(?:{_CAP_WORD}|de|del|la|las|los|el|[0-9]{{1,3}}(?:[ºª°]|[a-z]{{1,2}})?)"
_ES_ADDRESS = re.compile(
    r"(?<![A-Za-z])(?i:calle|c/|avenida|av\.|avda\.?|carrera|cra\.?|paseo|privada|calzada|"
    r"callej[oó]n|camino|carretera)"
    rf"[ ]+{_ES_TOKEN}(?:[ ]+{_ES_TOKEN}){{0,4}}"
    r"(?:[ ]*(?:#|(?i:n[oº°]\.?|n[uú]m\.?|n[uú]mero))[ ]*|[ ]+)"
    r"[0-9]{1,5}[A-Za-z]?(?:-[0-9]{1,4})?" + _NA
)
_YEAR_BEFORE = re.compile(r"(?<![A-Za-z])(?i:in|since|by|until|en|desde|hasta)[ ]+$")
_IS_YEAR = re.compile(r"(?:19|20)[0-9]{2}$")
_PO_BOX = re.compile(
    r"(?<![A-Za-z])(?i:p\.?[ ]?o\.?[ ]?box|apartado[ ]+postal|casilla)[ ]*#?[ ]*[0-9]{1,7}" + _NA
)


def _addresses(text: str) -> Iterator[_Candidate]:
    for m in _US_ADDRESS.finditer(text):
        number = m.group("number")
        if m.group("type").lower() in _AMBIGUOUS_TYPES and len(number) < 2:
            continue
        if _YEAR_BEFORE.search(text, max(0, m.start() - 8), m.start()) and _IS_YEAR.match(number):
            continue  # "In 2019 Main Street was closed": a year, not a house number
        yield m.start(), m.end(), FlagKind.STREET_ADDRESS
    for m in itertools.chain(_ES_ADDRESS.finditer(text), _PO_BOX.finditer(text)):
        yield m.start(), m.end(), FlagKind.STREET_ADDRESS


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
    rf"{_GAP}(?P<value>(?:A[ ]?-?[ ]?)?{_NINE_OR_EIGHT})"
)
_RECEIPT = re.compile(
    rf"{_NB}[A-Z]{{3}}[ -]?[0-9]{{2}}[ -]?[0-9]{{3}}[ -]?[0-9]{{5}}(?![0-9A-Za-z]|[-.][0-9])"
)
_SSN_SHAPE = re.compile(
    r"(?<![0-9A-Za-z.-])([0-9]{3})([ -])([0-9]{2})\2([0-9]{4})(?![0-9A-Za-z]|[-.][0-9])"
)
_SSN_LABELLED = re.compile(
    r"(?:(?<![A-Za-z])(?i:ssn|s\.s\.n\.?|itin|social[ ]+security|seguro[ ]+social|"
    r"s[oố][ ]+an[ ]+sinh(?:[ ]+x[aã][ ]+h[oộ]i)?)(?![A-Za-z])|"
    r"사회[ ]?보장[ ]?번호|소셜[ ]?(?:시큐리티[ ]?)?번호|社会安全号码?|社會安全號碼?|"
    r"社会保障番号|ソーシャル・?セキュリティ)"
    rf"{_GAP}(?P<value>[0-9]{{3}}([ -]?)[0-9]{{2}}\2[0-9]{{4}})(?![0-9]|-[0-9])"
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


def _official_numbers(text: str) -> Iterator[_Candidate]:
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
_PASSPORT_AFTER_LABEL = re.compile(rf"{_PASSPORT_WORDS}{_GAP}(?P<value>{_PASSPORT_ID})")
_PASSPORT_BEFORE_LABEL = re.compile(
    r"(?P<value>(?<![A-Za-z0-9])[A-Z]{1,2}[0-9]{6,8}(?![A-Za-z0-9]))[^0-9\n]{0,24}?"
    + _PASSPORT_WORDS
)


def _passports(text: str) -> Iterator[_Candidate]:
    for pattern in (_PASSPORT_AFTER_LABEL, _PASSPORT_BEFORE_LABEL):
        for m in pattern.finditer(text):
            yield m.start("value"), m.end("value"), FlagKind.PASSPORT


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


def _dates_of_birth(text: str) -> Iterator[_Candidate]:
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


# --- the storyteller's names -----------------------------------------------------------------

_CJK = (  # Hangul jamo and syllables, Kana, Han
    r"\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
    r"\uf900-\ufaff"
)
# A name inside a longer word of the same alphabet is not the name ("Kim" in "Kimberly"), but
# Hangul, Han and Kana attach particles and neighbours without spaces, so they never bound.
_NAME_EDGE = rf"[^\W\d_{_CJK}]"
_CJK_CHAR = re.compile(rf"[{_CJK}]")
_HANGUL_SYLLABLES = re.compile(r"[\uac00-\ud7af]+")
_NAME_SPLIT = re.compile(r"[\s\-‐·・]+")
_NAME_JOIN = r"[\s\-‐·・.]{0,2}"
# Particles that belong to many people's names and to ordinary sentences ("de", "la", "Thị").
_NAME_PARTICLES = frozenset(
    {"de", "del", "della", "la", "las", "los", "da", "das", "do", "dos", "di", "du", "y", "e"}
    | {"van", "von", "der", "den", "ten", "ter", "el", "al", "bin", "binti", "bint", "ibn"}
    | {"dela", "delos", "delas", "thi"}
)


def _build_latin_variants() -> dict[str, str]:
    """Each ASCII letter with every precomposed Latin letter built on it ("e": "éèêễ…")."""
    found: dict[str, set[str]] = {}
    for cp in itertools.chain(range(0xC0, 0x250), range(0x1E00, 0x1F00)):
        base = unicodedata.normalize("NFD", chr(cp))[0]
        if base.isascii() and base.isalpha():
            found.setdefault(base.lower(), set()).add(chr(cp))
    found["d"].update("đĐ")
    return {base: "".join(sorted(letters)) for base, letters in found.items()}


_LATIN_VARIANTS = _build_latin_variants()


def _strip_marks(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _letter_class(ch: str, *, capital_only: bool) -> str:
    """A pattern for one letter of a name: any case (unless capital_only), any diacritics."""
    base = "d" if ch in "đĐ" else unicodedata.normalize("NFD", ch)[0].lower()
    if base.isascii() and base.isalpha():
        letters = {base.upper(), *_LATIN_VARIANTS.get(base, "")}
        if capital_only:
            letters = {c for c in letters if c.isupper()}
        else:
            letters.add(base)
        return "[" + "".join(sorted(letters)) + "]"
    upper, lower = ch.upper(), ch.lower()
    if upper != lower and len(upper) == 1 and len(lower) == 1:
        return "[" + re.escape(upper) + ("" if capital_only else re.escape(lower)) + "]"
    return re.escape(ch)


def _name_pattern(tokens: Sequence[str]) -> str:
    # A lone part must be capitalised: many given names are everyday words too ("Rose", "Luz",
    # "Esperanza", "May"), and in prose the name is the capitalised one. A whole name of several
    # parts is specific enough to match in any case.
    lone = len(tokens) == 1
    return _NAME_JOIN.join(
        "".join(_letter_class(ch, capital_only=lone and i == 0) for i, ch in enumerate(token))
        for token in tokens
    )


def _name_variants(name: str) -> set[tuple[str, ...]]:
    """The whole name and each part worth looking for, as sequences of tokens."""
    words = name.split()
    tokens = [t for t in _NAME_SPLIT.split(name) if t]
    variants: set[tuple[str, ...]] = set()
    if not tokens:
        return variants
    variants.add(tuple(tokens))
    for word in words:
        variants.add(tuple(t for t in _NAME_SPLIT.split(word) if t))
    variants.update((token,) for token in tokens)
    for token in tokens:
        # Korean names written together are almost always surname + two-syllable given name.
        if len(token) == 3 and _HANGUL_SYLLABLES.fullmatch(token):
            variants.add((token[1:],))
    return {
        v
        for v in variants
        if v
        and (len(v) > 1 or len(v[0]) >= 2)
        and not (len(v) == 1 and _strip_marks(v[0]).lower() in _NAME_PARTICLES)
    }


@functools.lru_cache(maxsize=256)
def _names_regex(names: tuple[str, ...]) -> re.Pattern[str] | None:
    variants: set[tuple[str, ...]] = set()
    for name in names:
        variants |= _name_variants(_normalise(name.strip()))
    if not variants:
        return None
    # Longest first, because the first alternative that matches is the one `re` keeps.
    ordered = sorted(variants, key=lambda v: (-sum(map(len, v)) - len(v), v))
    alternatives = "|".join(_name_pattern(v) for v in ordered)
    return re.compile(rf"(?<!{_NAME_EDGE})(?:{alternatives})(?!{_NAME_EDGE})")


def _names(text: str, names: Sequence[str]) -> Iterator[_Candidate]:
    pattern = _names_regex(tuple(sorted({n for n in names if n and n.strip()})))
    if pattern is None:
        return
    for m in pattern.finditer(text):
        yield m.start(), m.end(), FlagKind.NAME


# --- putting it together ---------------------------------------------------------------------

_NAME_GLUE = re.compile(r"[\s\-‐·・]{1,2}")


def _resolve(candidates: Iterable[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates, sorted: the longer, then the more specific, wins."""
    ranked = sorted(set(candidates), key=lambda c: (c[0] - c[1], -_SPECIFICITY[c[2]], c[0]))
    starts: list[int] = []
    kept: list[_Candidate] = []
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


def _merge_adjacent_names(text: str, kept: list[_Candidate]) -> list[_Candidate]:
    """Join name parts matched side by side ("Eun-jin Kim"): one name, one redaction."""
    merged: list[_Candidate] = []
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
    normalised = _Normalised(text)
    t = normalised.text
    candidates = itertools.chain(
        _emails(t),
        _phones(t),
        _addresses(t),
        _official_numbers(t),
        _passports(t),
        _dates_of_birth(t),
        _names(t, names),
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
