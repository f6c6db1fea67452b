"""M4A (MP4 audio) recordings."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import NamedTuple

from .common import RECORDING_NOT_SOUND_ONLY, MediaRefused, Unreadable

# M4A: every metadata box becomes a zero-filled `free` box of the same size, so the chunk offset
# tables (stco/co64) stay valid; creation and modification times are zeroed.

MP4_BRANDS = {
    b"M4A ",
    b"M4B ",
    b"mp41",
    b"mp42",
    b"isom",
    b"iso2",
    b"iso3",
    b"iso4",
    b"iso5",
    b"iso6",
    b"dash",
}
# Top-level boxes needed to play the file; any other (meta, udta, uuid/XMP, free...) is blanked.
_MP4_TOP_KEEP = {b"ftyp", b"moov", b"mdat", b"moof", b"mfra", b"sidx", b"ssix", b"styp"}
# Inside these boxes, only the children a player needs are kept; the rest (udta with its ©xyz
# location, meta, vendor boxes such as Samsung's smta) is blanked.
_MP4_KEEP = {
    b"moov": {b"mvhd", b"trak", b"mvex", b"iods"},
    b"trak": {b"tkhd", b"edts", b"mdia", b"tref"},
    b"mdia": {b"mdhd", b"hdlr", b"minf", b"elng"},
    b"minf": {b"smhd", b"hdlr", b"dinf", b"stbl"},
    b"moof": {b"mfhd", b"traf"},
}
# Deeper down the boxes are technical, but these never are: they hold tags, XMP or leftovers.
_MP4_STRIP = {b"udta", b"meta", b"uuid", b"free", b"skip"}
# Which containers are looked into, by parent; bounded so that nesting cannot recurse forever.
_MP4_INNER = {
    b"moov": {b"trak", b"mvex"},
    b"trak": {b"mdia", b"edts"},
    b"mdia": {b"minf"},
    b"minf": {b"stbl", b"dinf"},
    b"moof": {b"traf"},
}
_MP4_DATED = {b"mvhd", b"tkhd", b"mdhd"}


class _Box(NamedTuple):
    kind: bytes
    start: int
    data_start: int
    end: int


def _mp4_boxes(data: bytes, start: int, end: int) -> Iterator[_Box]:
    """The boxes laid end to end in `data[start:end]`, each checked to fit."""
    pos = start
    while pos < end:
        if end - pos < 8:
            raise Unreadable("a box header cut short")
        size, kind = struct.unpack_from(">I4s", data, pos)
        header = 8
        if size == 1:
            if end - pos < 16:
                raise Unreadable("a large box header cut short")
            size = struct.unpack_from(">Q", data, pos + 8)[0]
            header = 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            raise Unreadable("a box longer than its parent")
        yield _Box(kind, pos, pos + header, pos + size)
        pos += size


def mp4_brands(data: bytes) -> set[bytes]:
    """The major and compatible brands of the leading `ftyp` box."""
    size = struct.unpack_from(">I", data, 0)[0] if len(data) >= 16 else 0
    if not 16 <= size <= min(len(data), 1024):
        return set()
    brands = {data[8:12]}
    brands.update(data[pos : pos + 4] for pos in range(16, size - 3, 4))
    return brands


def _blank_box(out: bytearray, box: _Box) -> None:
    """Turn the box into a `free` box of the same size with nothing in it."""
    out[box.start + 4 : box.start + 8] = b"free"
    out[box.data_start : box.end] = bytes(box.end - box.data_start)


def _clean_mp4_box(data: bytes, out: bytearray, parent: _Box, handlers: list[bytes]) -> None:
    """Blank the metadata boxes inside `parent`, zero its dates, note its track handlers."""
    keep = _MP4_KEEP.get(parent.kind)
    for box in _mp4_boxes(data, parent.data_start, parent.end):
        if box.kind in _MP4_STRIP or (keep is not None and box.kind not in keep):
            _blank_box(out, box)
        elif box.kind in _MP4_DATED:
            if box.end - box.data_start < 20:
                raise Unreadable("a header box cut short")
            # Version 1 boxes hold 64-bit creation and modification times, version 0 32-bit.
            width = 16 if data[box.data_start] == 1 else 8
            out[box.data_start + 4 : box.data_start + 4 + width] = bytes(width)
        elif box.kind == b"hdlr" and parent.kind == b"mdia":
            if box.end - box.data_start < 12:
                raise Unreadable("a handler box cut short")
            handlers.append(data[box.data_start + 8 : box.data_start + 12])
        elif box.kind in _MP4_INNER.get(parent.kind, set()):
            _clean_mp4_box(data, out, box, handlers)


def clean_m4a(data: bytes) -> bytes:
    """The file with every udta, meta, uuid and free box blanked and its dates zeroed."""
    out = bytearray(data)
    handlers: list[bytes] = []
    has_moov = False
    for box in _mp4_boxes(data, 0, len(data)):
        if box.kind not in _MP4_TOP_KEEP:
            _blank_box(out, box)
        elif box.kind in (b"moov", b"moof"):
            has_moov = has_moov or box.kind == b"moov"
            _clean_mp4_box(data, out, box, handlers)
    if not has_moov or not handlers:
        raise Unreadable("no movie box or no tracks")
    if any(handler != b"soun" for handler in handlers):
        raise MediaRefused(RECORDING_NOT_SOUND_ONLY)
    return bytes(out)
