"""US states and territories: the optional `region` of a story."""

from __future__ import annotations

from flask_babel import lazy_pgettext

# Two-letter USPS codes, as stored in `stories.region` and used by the `region` filters.
US_REGIONS = {
    "AL": lazy_pgettext("US state", "Alabama"),
    "AK": lazy_pgettext("US state", "Alaska"),
    "AS": lazy_pgettext("US territory", "American Samoa"),
    "AZ": lazy_pgettext("US state", "Arizona"),
    "AR": lazy_pgettext("US state", "Arkansas"),
    "CA": lazy_pgettext("US state", "California"),
    "CO": lazy_pgettext("US state", "Colorado"),
    "CT": lazy_pgettext("US state", "Connecticut"),
    "DE": lazy_pgettext("US state", "Delaware"),
    "DC": lazy_pgettext("US district", "District of Columbia"),
    "FL": lazy_pgettext("US state", "Florida"),
    "GA": lazy_pgettext("US state", "Georgia"),
    "GU": lazy_pgettext("US territory", "Guam"),
    "HI": lazy_pgettext("US state", "Hawaii"),
    "ID": lazy_pgettext("US state", "Idaho"),
    "IL": lazy_pgettext("US state", "Illinois"),
    "IN": lazy_pgettext("US state", "Indiana"),
    "IA": lazy_pgettext("US state", "Iowa"),
    "KS": lazy_pgettext("US state", "Kansas"),
    "KY": lazy_pgettext("US state", "Kentucky"),
    "LA": lazy_pgettext("US state", "Louisiana"),
    "ME": lazy_pgettext("US state", "Maine"),
    "MD": lazy_pgettext("US state", "Maryland"),
    "MA": lazy_pgettext("US state", "Massachusetts"),
    "MI": lazy_pgettext("US state", "Michigan"),
    "MN": lazy_pgettext("US state", "Minnesota"),
    "MS": lazy_pgettext("US state", "Mississippi"),
    "MO": lazy_pgettext("US state", "Missouri"),
    "MT": lazy_pgettext("US state", "Montana"),
    "NE": lazy_pgettext("US state", "Nebraska"),
    "NV": lazy_pgettext("US state", "Nevada"),
    "NH": lazy_pgettext("US state", "New Hampshire"),
    "NJ": lazy_pgettext("US state", "New Jersey"),
    "NM": lazy_pgettext("US state", "New Mexico"),
    "NY": lazy_pgettext("US state", "New York"),
    "NC": lazy_pgettext("US state", "North Carolina"),
    "ND": lazy_pgettext("US state", "North Dakota"),
    "MP": lazy_pgettext("US territory", "Northern Mariana Islands"),
    "OH": lazy_pgettext("US state", "Ohio"),
    "OK": lazy_pgettext("US state", "Oklahoma"),
    "OR": lazy_pgettext("US state", "Oregon"),
    "PA": lazy_pgettext("US state", "Pennsylvania"),
    "PR": lazy_pgettext("US territory", "Puerto Rico"),
    "RI": lazy_pgettext("US state", "Rhode Island"),
    "SC": lazy_pgettext("US state", "South Carolina"),
    "SD": lazy_pgettext("US state", "South Dakota"),
    "TN": lazy_pgettext("US state", "Tennessee"),
    "TX": lazy_pgettext("US state", "Texas"),
    "VI": lazy_pgettext("US territory", "U.S. Virgin Islands"),
    "UT": lazy_pgettext("US state", "Utah"),
    "VT": lazy_pgettext("US state", "Vermont"),
    "VA": lazy_pgettext("US state", "Virginia"),
    "WA": lazy_pgettext("US state", "Washington"),
    "WV": lazy_pgettext("US state", "West Virginia"),
    "WI": lazy_pgettext("US state", "Wisconsin"),
    "WY": lazy_pgettext("US state", "Wyoming"),
}


def region_name(code: str) -> str:
    """A region's name in the reader's language (the code itself if unknown)."""
    name = US_REGIONS.get(code)
    return str(name) if name is not None else code


_CHOICES: dict[str, list[tuple[str, str]]] = {}


def region_choices() -> list[tuple[str, str]]:
    """(code, name) of every region in the reader's language, by name (worked out once per
    language)."""
    from flask_babel import get_locale

    key = str(get_locale())
    if key not in _CHOICES:
        names = [(code, str(name)) for code, name in US_REGIONS.items()]
        _CHOICES[key] = sorted(names, key=lambda item: item[1].casefold())
    return list(_CHOICES[key])
