"""US street addresses."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from .kinds import FlagKind
from .text import NA, Candidate

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
    r"[0-9]{1,5}[A-Za-z]?(?:-[0-9]{1,4})?" + NA
)
_YEAR_BEFORE = re.compile(r"(?<![A-Za-z])(?i:in|since|by|until|en|desde|hasta)[ ]+$")
_IS_YEAR = re.compile(r"(?:19|20)[0-9]{2}$")
_PO_BOX = re.compile(
    r"(?<![A-Za-z])(?i:p\.?[ ]?o\.?[ ]?box|apartado[ ]+postal|casilla)[ ]*#?[ ]*[0-9]{1,7}" + NA
)


def find_addresses(text: str) -> Iterator[Candidate]:
    for m in _US_ADDRESS.finditer(text):
        number = m.group("number")
        if m.group("type").lower() in _AMBIGUOUS_TYPES and len(number) < 2:
            continue
        if _YEAR_BEFORE.search(text, max(0, m.start() - 8), m.start()) and _IS_YEAR.match(number):
            continue  # "In 2019 Main Street was closed": a year, not a house number
        yield m.start(), m.end(), FlagKind.STREET_ADDRESS
    for m in itertools.chain(_ES_ADDRESS.finditer(text), _PO_BOX.finditer(text)):
        yield m.start(), m.end(), FlagKind.STREET_ADDRESS
