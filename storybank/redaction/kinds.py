"""The kinds of identifying detail, how specific each is, and a detail found in a text."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

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
SPECIFICITY = {
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
