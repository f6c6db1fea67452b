"""Folding: the one way text becomes searchable, one character at a time, so that offsets in a
story's text can be found again."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

# Longer "words" (a pasted hash, a run of letters) are cut, the same way in text and query.
MAX_WORD_CHARS = 100


def _ranges(*pairs: tuple[int, int]) -> str:
    """A regular-expression character class body for inclusive code point ranges."""
    return "".join(f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in pairs)


# Accents on Latin, Greek and Cyrillic letters, and the Arabic vowel signs that Urdu and Arabic
# readers rarely type. Marks of other scripts (Devanagari vowel signs, Thai tone marks, the
# Japanese voicing mark) are part of their letter and kept.
_ACCENT = re.compile(
    "["
    + _ranges(
        (0x0300, 0x036F),
        (0x1AB0, 0x1AFF),
        (0x1DC0, 0x1DFF),
        (0x20D0, 0x20FF),
        (0xFE20, 0xFE2F),
        (0x064B, 0x0652),  # harakat; hamza and madda stay part of their letters
        (0x0670, 0x0670),
        (0x0640, 0x0640),  # the Arabic tatweel, a stretching stroke
    )
    + "]"
)

# Letters that carry their "accent" in the letter itself, so no decomposition removes it.
_PLAIN_LETTERS = {
    "đ": "d",  # Vietnamese, Croatian: `gia đình` is typed `gia dinh`
    "ð": "d",
    "ħ": "h",
    "ı": "i",
    "ł": "l",
    "ø": "o",
    "ŧ": "t",
    "æ": "ae",
    "œ": "oe",
}

# Scripts written without spaces between words: indexed as overlapping pairs of characters.
PAIRED = _ranges(
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1100, 0x11FF),  # Hangul jamo
    (0x1780, 0x17FF),  # Khmer
    (0x19E0, 0x19FF),
    (0x2E80, 0x2FDF),  # CJK and Kangxi radicals
    (0x3005, 0x3007),  # 々 〆 〇
    (0x3021, 0x3029),
    (0x3031, 0x3035),
    (0x303B, 0x303C),
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3130, 0x318F),  # Hangul compatibility jamo
    (0x31F0, 0x31FF),
    (0x3400, 0x4DBF),  # Han
    (0x4E00, 0x9FFF),
    (0xA960, 0xA97F),
    (0xAA60, 0xAA7F),
    (0xAC00, 0xD7FF),  # Hangul syllables
    (0xF900, 0xFAFF),
    (0x1B000, 0x1B16F),
    (0x20000, 0x323AF),
)
_TOKEN = re.compile(f"([{PAIRED}]+)|[^\\s{PAIRED}]+")


def _fold_char(char: str) -> str:
    """What one character becomes in the index: a space for punctuation, symbols and spaces,
    nothing for invisible format characters and accents, else its case-folded plain form."""
    category = unicodedata.category(char)
    if category[0] in "PSZ" or category in ("Cc", "Co", "Cs"):
        return " "
    if category == "Cf" or _ACCENT.match(char):
        return ""
    if category[0] == "M":
        return char
    parts = []
    for part in unicodedata.normalize("NFD", unicodedata.normalize("NFKC", char).casefold()):
        if _ACCENT.match(part):
            continue
        part = _PLAIN_LETTERS.get(part, part)
        # Compatibility forms may bring punctuation along (½ is 1⁄2).
        parts.append(" " if unicodedata.category(part[0])[0] in "PSZC" else part)
    return unicodedata.normalize("NFC", "".join(parts))


class _FoldTable(dict[int, str]):
    """Each character's folded form, worked out when `str.translate` first meets it."""

    def __init__(self) -> None:
        super().__init__()
        # Characters that fold to more or fewer than one character (ß, ligatures, accents).
        self.uneven: set[str] = set()

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if len(folded) != 1:
            self.uneven.add(chr(code))
        self[code] = folded
        return folded


FOLD = _FoldTable()


def folded_tokens(folded: str) -> Iterator[tuple[str, bool]]:
    """The words and the runs of a paired script in folded text (each with "is a run")."""
    for match in _TOKEN.finditer(folded):
        yield match[0], match[1] is not None


def index_text(text: str) -> str:
    """The words `text` is found by, separated by single spaces (what both databases index).

    >>> index_text("Gia đình tôi, 우리 가족들은!")
    'gia dinh toi 우리 가족 족들 들은'
    """
    folded = unicodedata.normalize("NFKC", text).translate(FOLD)
    pieces: list[str] = []
    for match in _TOKEN.finditer(folded):
        token = match[0]
        if match[1] is not None and len(token) > 1:
            # Overlapping pairs: 가족들은 is 가족 족들 들은.
            pieces.extend(map(str.__add__, token[:-1], token[1:]))
        else:
            pieces.append(token[:MAX_WORD_CHARS])
    return " ".join(pieces)
