"""The storyteller's own names, in the spellings and scripts they may appear in."""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterator, Sequence

from .kinds import FlagKind
from .text import Candidate, normalise

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
        variants |= _name_variants(normalise(name.strip()))
    if not variants:
        return None
    # Longest first, because the first alternative that matches is the one `re` keeps.
    ordered = sorted(variants, key=lambda v: (-sum(map(len, v)) - len(v), v))
    alternatives = "|".join(_name_pattern(v) for v in ordered)
    return re.compile(rf"(?<!{_NAME_EDGE})(?:{alternatives})(?!{_NAME_EDGE})")


def find_names(text: str, names: Sequence[str]) -> Iterator[Candidate]:
    pattern = _names_regex(tuple(sorted({n for n in names if n and n.strip()})))
    if pattern is None:
        return
    for m in pattern.finditer(text):
        yield m.start(), m.end(), FlagKind.NAME
