"""What requests carry: sample files and limits, odds, hostile text and bytes, page numbers."""

from __future__ import annotations

import io
import struct
import wave
import zlib
from collections.abc import Sequence
from functools import cache
from typing import Any

from hypothesis import strategies as st

# ---------------------------------------------------------------------------------------------
# Files


def _png(width: int, height: int, pixels: bytes) -> bytes:
    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(pixels))
        + chunk(b"IEND", b"")
    )


def _wav(frames: int) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(8000)
        sound.writeframes(bytes((i * 7) % 256 for i in range(frames * 2)))
    return out.getvalue()


PNG = _png(1, 1, b"\x00\xff\x00\x00")
WAV = _wav(4000)
# A header promising 100,000 × 100,000 pixels (a decompression bomb), with almost no data.
HUGE_PNG = _png(100_000, 100_000, b"\x00" * 16)
FILE_SAMPLES = (
    PNG,
    WAV,
    HUGE_PNG,
    PNG[:30],
    WAV[:60],
    b"",
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
    b"GIF89a\x01\x00\x01\x00",
    b"RIFF\x24\x00\x00\x00WEBPVP8 ",
    b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" * 8,
    b"OggS\x00\x02" + b"\x00" * 40,
    b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01",
    b"\x00\x00\x00\x18ftypM4A \x00\x00\x00\x00",
    b"RIFF\xff\xff\xff\xffWAVEfmt \x10\x00\x00\x00",
    b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'/>",
    b"%PDF-1.4\n",
    b"\x00" * 64,
)
FILENAMES = (
    "photo.png",
    "voice.wav",
    "",
    "a\x00b.png",
    "../../etc/passwd",
    "C:\\Users\\x\\photo.jpg",
    "사진.png",
    "😀.mp3",
    "x" * 300 + ".png",
    'quote".png',
    "line\r\nbreak.png",
    "\udc80.png",
)
UPLOAD_TYPES = (
    None,
    "image/png",
    "audio/wav",
    "application/octet-stream",
    "image/svg+xml",
    "text/plain; charset=utf-8",
    "multipart/form-data",
    "",
    "image/png; name=\x7f",
)
PHOTO_LIMIT = 10 * 1024 * 1024
AUDIO_LIMIT = 25 * 1024 * 1024
# Flask's own limits on the non-file part of a form (MAX_FORM_MEMORY_SIZE, MAX_FORM_PARTS).
FORM_MEMORY_LIMIT = 500_000
FORM_PARTS_LIMIT = 1_000
REQUEST_LIMIT = 40 * 1024 * 1024


# ---------------------------------------------------------------------------------------------
# Values


# Hypothesis draws the lower bound of an integer range far more often than its share (about a
# fifth of the time for 0..11), so odds are drawn from lists, which it samples evenly.


@st.composite
def weighted(draw: st.DrawFn, *choices: tuple[int, st.SearchStrategy[Any]]) -> Any:
    """One of `choices`, each drawn with (about) its weight."""
    expanded = [strategy for weight, strategy in choices for _ in range(weight)]
    return draw(draw(st.sampled_from(expanded)))


def chance(n: int) -> st.SearchStrategy[bool]:
    """True about once in `n` draws."""
    return st.sampled_from((False,) * (n - 1) + (True,))


OTHER_DIGITS = (
    "²",
    "¹",
    "³",
    "③",
    "⑳",
    "٣",
    "۳",
    "३",
    "๓",
    "១",
    "１",
    "𝟑",
    "Ⅻ",
    "〇",
    "½",
    "߃",
    "᠓",
    "1²",
    "١٢",
    "²⁰",
)
TRICKY = (
    "",
    " ",
    "\t",
    "\x00",
    "a\x00b",
    "\x00" * 3,
    "\r\n",
    "\r\nSet-Cookie: x=1",
    "\n",
    "\r",
    "%00",
    "%0D%0A",
    "\x7f",
    "\x1b[31m",
    "\x85",
    "\u2028",
    "\ufeff",
    "\u200b",
    "\u202e",
    "\ufffd",
    "\uffff",
    "\ud800",
    "\udfff",
    "a\udc80b",
    "😀",
    "\U000e0001",
    "null",
    "None",
    "true",
    "[]",
    "{}",
    "0",
    "-1",
    "+1",
    "1.5",
    "1e9",
    "0x1f",
    "99999999999999999999",
    "-0",
    " 1 ",
    "NaN",
    "Infinity",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "'; DROP TABLE stories; --",
    '"',
    "'",
    "\\",
    "%",
    "%zz",
    "*",
    "?",
    "#",
    "&",
    "=",
    ";",
    "..",
    "İ",
    "ß",
    "ǅ",
    "ﬀ",
    "e\u0301",
    "Å",
    "가족",
    "ان",
    "\U0010ffff",
)
SEARCH_WORDS = (
    "가족",
    "gia dinh",
    "gia đình",
    "family",
    "家庭",
    '"',
    '"unterminated',
    'a" OR "b',
    "AND",
    "OR",
    "NOT",
    "NEAR(a b)",
    "a NEAR/2 b",
    "a*",
    "*",
    "^a",
    "title:a",
    "(",
    ")",
    "{a b}",
    "-a",
    "+a",
    ":",
    "a & b",
    "a | b",
    "!a",
    "a <-> b",
    "a:*",
    "'",
    "''",
    "\\",
    "--",
    "/*",
    "가",
    "ー",
)
CONTROLS = ("\x00", "\x00", "\x00\x00", "\r\n", "\n", "\x1b", "\x7f", "\x08", "\x0b", "\x1f")
LONE = ("\ud800", "\udfff", "\udc80", "\ud83d")
LONG_UNITS = ("a", "가", "😀", "\x00", "%", "é", " ", "\u0301", "1")


@cache
def long_text(sizes: Sequence[int]) -> st.SearchStrategy[str]:
    """A long value, near or over a limit."""
    return st.builds(
        lambda unit, size: unit * size, st.sampled_from(LONG_UNITS), st.sampled_from(sizes)
    )


@cache
def variants(valid: Sequence[str]) -> st.SearchStrategy[str]:
    """Valid values changed a little: case, surrounding blanks, an inserted tricky character."""
    base = st.sampled_from(valid)
    return st.one_of(
        base.map(str.upper),
        base.map(str.lower),
        base.map(lambda v: f" {v} "),
        st.builds(lambda v, t: v + t, base, st.sampled_from(TRICKY)),
        st.builds(lambda t, v: t + v, st.sampled_from(TRICKY), base),
        st.builds(lambda v, n: v[:n], base, st.integers(0, 8)),
        base.map(lambda v: v * 3),
    )


def _inserted(value: str, extra: str, at: int) -> str:
    at = min(at, len(value))
    return value[:at] + extra + value[at:]


@cache
def hostile_text(
    valid: Sequence[str] = (), sizes: Sequence[int] = (300, 5_000)
) -> st.SearchStrategy[str]:
    """Text a person or a program might send: tricky, random, long, or almost valid."""
    around = st.sampled_from(valid) if valid else st.text(max_size=8)
    choices: list[tuple[int, st.SearchStrategy[str]]] = [
        (5, st.sampled_from(TRICKY)),
        # A control character (NUL above all) inside an otherwise ordinary value.
        (3, st.builds(_inserted, around, st.sampled_from(CONTROLS), st.integers(0, 12))),
        (2, st.sampled_from(OTHER_DIGITS)),
        # Lone surrogates: only a JSON escape brings them in whole; elsewhere their bytes.
        (1, st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3)),
        (1, st.builds(lambda a, b: a + b, st.text(max_size=5), st.sampled_from(LONE))),
        (3, st.text(max_size=24)),
        (1, st.text(st.characters(codec="latin-1"), max_size=12)),
        (1, long_text(sizes)),
    ]
    if valid:
        choices += [(4, st.sampled_from(valid)), (3, variants(valid))]
    return weighted(*choices)


@cache
def raw_bytes() -> st.SearchStrategy[bytes]:
    """Bytes that are not UTF-8: lone continuation bytes, overlong forms, encoded surrogates."""
    return st.one_of(
        st.sampled_from(
            (
                b"\xff",
                b"\xfe\xff",
                b"\x80",
                b"\xc0\xaf",
                b"\xe0\x80\xaf",
                b"\xed\xa0\x80",
                b"\xed\xbf\xbf",
                b"\xf4\x90\x80\x80",
                b"\xe2\x82",
                b"caf\xe9",
                b"\xef\xbb\xbf",
                b"a\x00b",
            )
        ),
        st.binary(max_size=16),
    )


@cache
def hostile_value(valid: Sequence[str] = (), sizes: Sequence[int] = (300, 5_000)) -> Any:
    """A form or query value: mostly text, sometimes raw bytes."""
    return weighted((6, hostile_text(valid, sizes)), (1, raw_bytes()))


@cache
def page_numbers() -> st.SearchStrategy[str]:
    return weighted(
        (3, st.sampled_from(("1", "2", "3", "", "0", "01", "999999", "1000000", "9" * 20))),
        (3, st.sampled_from(OTHER_DIGITS)),
        (2, hostile_text(("1", "2"))),
        (1, st.integers(-(10**12), 10**12).map(str)),
    )
