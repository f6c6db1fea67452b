"""OGG recordings (Vorbis, Opus)."""

from __future__ import annotations

import io
import struct
from typing import NamedTuple

from mutagen.ogg import OggPage
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis

from .common import NOT_A_RECORDING, MediaRefused, Unreadable

# OGG: an empty comment header in place of the original; the audio pages are untouched.


def ogg_codec(data: bytes) -> str | None:
    """Which codec, "opus" or "vorbis", the first page of the stream announces, if either."""
    if len(data) < 28 or data[4] != 0 or not data[5] & 0x02:
        return None
    body = data[27 + data[26] :]
    if body.startswith(b"OpusHead"):
        return "opus"
    if body.startswith(b"\x01vorbis"):
        return "vorbis"
    return None


class _OggPageSpan(NamedTuple):
    serial: int
    flags: int
    end: int


def _ogg_pages(data: bytes) -> list[_OggPageSpan]:
    """Every page of the file, checked to be complete; a tag or junk after the last is ignored."""
    pages = []
    pos = 0
    while data.startswith(b"OggS", pos):
        if pos + 27 > len(data) or data[pos + 4] != 0:
            raise Unreadable("a broken Ogg page header")
        body_start = pos + 27 + data[pos + 26]
        end = body_start + sum(data[pos + 27 : body_start])
        if body_start > len(data) or end > len(data):
            raise Unreadable("a truncated Ogg page")
        serial = struct.unpack_from("<I", data, pos + 14)[0]
        pages.append(_OggPageSpan(serial, data[pos + 5], end))
        pos = end
    if data.find(b"OggS", pos) >= 0:
        # Pages after the junk: cutting there would silently lose part of the recording.
        raise Unreadable("junk between Ogg pages")
    return pages


_EMPTY_COMMENTS = {
    # Vendor string of length 0, no comments; Vorbis also needs its framing bit.
    "opus": b"OpusTags" + bytes(8),
    "vorbis": b"\x03vorbis" + bytes(8) + b"\x01",
}


def clean_ogg(data: bytes) -> bytes:
    """The stream with its comment header (vendor and comments) replaced by an empty one."""
    codec = ogg_codec(data)
    pages = _ogg_pages(data)
    if codec is None or not pages:
        raise Unreadable("not an Opus or Vorbis stream")
    # Only one logical stream: a second one could be video, or anything else.
    if any(page.serial != pages[0].serial or page.flags & 0x02 for page in pages[1:]):
        raise MediaRefused(NOT_A_RECORDING)
    buffer = io.BytesIO(data[: pages[-1].end])
    # The identification header, then the comments (Opus), or the comments and codebooks (Vorbis).
    wanted = 2 if codec == "opus" else 3
    header_pages = []
    finished = 0
    while finished < wanted:
        start = buffer.tell()
        page = OggPage(buffer)
        # A valid page serialises back to the same bytes; one that does not has a bad checksum.
        if page.write() != data[start : buffer.tell()]:
            raise Unreadable("a damaged header page")
        header_pages.append(page)
        finished += len(page.packets) - (0 if page.complete else 1)
    packets = OggPage.to_packets(header_pages, strict=True)
    # Both codecs put the identification header alone on the first page and start the sound on
    # a fresh page, so the header pages hold the header packets and nothing else.
    if len(packets) != wanted or len(header_pages[0].packets) != 1:
        raise Unreadable("header pages that also hold other packets")
    if not packets[1].startswith(_EMPTY_COMMENTS[codec][:7]):
        raise Unreadable("the comment header is missing")
    if codec == "vorbis" and not packets[2].startswith(b"\x05vorbis"):
        raise Unreadable("the setup header is missing")
    old_pages = header_pages[1:]
    new_pages = OggPage.from_packets([_EMPTY_COMMENTS[codec], *packets[2:]], old_pages[0].sequence)
    new_pages[-1].position = old_pages[-1].position
    OggPage.replace(buffer, old_pages, new_pages)
    cleaned = buffer.getvalue()
    reader = OggOpus if codec == "opus" else OggVorbis
    if reader(io.BytesIO(cleaned)).tags:
        raise Unreadable("comments survived")
    return cleaned
