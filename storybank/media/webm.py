"""WebM recordings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from .common import RECORDING_NOT_SOUND_ONLY, MediaRefused, Unreadable

# WebM: every element that is not needed for playback is overwritten, in place, by a Void element
# of the same length, so that no position recorded elsewhere (SeekHead, Cues) changes.

_EBML_HEADER, _EBML_DOCTYPE = 0x1A45DFA3, 0x4282
_SEGMENT, _SEEK_HEAD, _SEEK, _SEEK_ID = 0x18538067, 0x114D9B74, 0x4DBB, 0x53AB
_INFO, _TIMESTAMP_SCALE, _DURATION = 0x1549A966, 0x2AD7B1, 0x4489
_TRACKS, _TRACK_ENTRY, _TRACK_TYPE = 0x1654AE6B, 0xAE, 0x83
_CLUSTER, _CUES, _VOID, _CRC32 = 0x1F43B675, 0x1C53BB6B, 0xEC, 0xBF
_AUDIO_TRACK = 2
# Tags, Chapters, Attachments and anything unknown at the top of the segment are not kept.
_SEGMENT_KEEP = {_SEEK_HEAD, _INFO, _TRACKS, _CLUSTER, _CUES, _VOID}
# Title, DateUTC, MuxingApp, WritingApp, file names and UIDs go; playback needs none of them.
_INFO_KEEP = {_TIMESTAMP_SCALE, _DURATION, _VOID}
# What a player needs from a track entry; its Name, CodecName and anything unknown go.
_TRACK_KEEP = {
    0xD7,  # TrackNumber
    0x73C5,  # TrackUID
    _TRACK_TYPE,
    0xB9,  # FlagEnabled
    0x88,  # FlagDefault
    0x55AA,  # FlagForced
    0x9C,  # FlagLacing
    0x6DE7,  # MinCache
    0x6DF8,  # MaxCache
    0x23E383,  # DefaultDuration
    0x234E7A,  # DefaultDecodedFieldDuration
    0x23314F,  # TrackTimestampScale
    0x55EE,  # MaxBlockAdditionID
    0x22B59C,  # Language
    0x22B59D,  # LanguageBCP47
    0x86,  # CodecID
    0x63A2,  # CodecPrivate
    0xAA,  # CodecDecodeAll
    0x56AA,  # CodecDelay
    0x56BB,  # SeekPreRoll
    0xE1,  # Audio
    0x6D80,  # ContentEncodings
    _VOID,
}
# Numbers and short texts kept above are at most this long; a longer one has a broken size that
# swallowed its neighbours, which may be exactly what had to go.
_EBML_SHORT = 8
_EBML_LONG = {0x63A2, 0xE1, 0x6D80, _VOID}  # CodecPrivate, Audio, ContentEncodings, Void
_EBML_TEXT = {0x86, 0x22B59C, 0x22B59D}  # CodecID and languages: short ASCII
# A cluster of unknown size (live recordings) ends at the first element that is not one of these.
_CLUSTER_CHILDREN = {0xE7, 0xA3, 0xA0, 0xA7, 0xAB, 0x5854, 0xAF, _VOID, _CRC32}


class _Element(NamedTuple):
    id: int
    start: int
    data_start: int
    end: int | None  # None: unknown size


def _vint_length(data: bytes, pos: int, longest: int) -> int:
    """Length of the EBML variable-length integer at `pos`, from its leading zero bits."""
    if pos >= len(data):
        raise Unreadable("an EBML element past the end")
    length = 9 - data[pos].bit_length()
    if length > longest or pos + length > len(data):
        raise Unreadable("a broken EBML number")
    return length


def _ebml_element(data: bytes, pos: int, limit: int) -> _Element:
    """The element starting at `pos`, which must end by `limit` unless its size is unknown."""
    id_length = _vint_length(data, pos, 4)
    size_pos = pos + id_length
    size_length = _vint_length(data, size_pos, 8)
    data_start = size_pos + size_length
    all_ones = (1 << (7 * size_length)) - 1
    size = int.from_bytes(data[size_pos:data_start], "big") & all_ones
    if size == all_ones:
        return _Element(int.from_bytes(data[pos:size_pos], "big"), pos, data_start, None)
    if data_start + size > limit:
        raise Unreadable("an EBML element longer than its parent")
    return _Element(int.from_bytes(data[pos:size_pos], "big"), pos, data_start, data_start + size)


def _ebml_children(data: bytes, parent: _Element) -> Iterator[_Element]:
    """The children of a master element of known size."""
    assert parent.end is not None
    pos = parent.data_start
    while pos < parent.end:
        child = _ebml_element(data, pos, parent.end)
        if child.end is None:
            raise Unreadable("an unknown size where it is not allowed")
        yield child
        pos = child.end


def ebml_doctype(data: bytes) -> str | None:
    """The DocType of the EBML header ("webm", "matroska"), or None if it cannot be read."""
    try:
        header = _ebml_element(data, 0, len(data))
        if header.id != _EBML_HEADER or header.end is None:
            return None
        for child in _ebml_children(data, header):
            if child.id == _EBML_DOCTYPE:
                return data[child.data_start : child.end].rstrip(b"\x00").decode("ascii")
    except (Unreadable, UnicodeDecodeError):
        return None
    return None


def _ebml_uint(data: bytes, element: _Element) -> int:
    """The value of an unsigned-integer element."""
    return int.from_bytes(data[element.data_start : element.end], "big")


def _check_length(data: bytes, element: _Element) -> None:
    """Refuse a kept element whose size or content is implausible for what it holds."""
    assert element.end is not None
    length = element.end - element.data_start
    if element.id in _EBML_LONG:
        return
    if element.id in _EBML_TEXT:
        text = data[element.data_start : element.end].rstrip(b"\x00")
        if length > 32 or not (text.isascii() and text.decode("ascii").isprintable()):
            raise Unreadable("a codec or language name that is not plain text")
    elif length > _EBML_SHORT:
        raise Unreadable("a number longer than eight bytes")


def _void(out: bytearray, start: int, end: int) -> None:
    """Overwrite `out[start:end]` with one zero-filled Void element of exactly that length."""
    total = end - start
    for size_length in range(1, 9):
        payload = total - 1 - size_length
        if 0 <= payload < (1 << (7 * size_length)) - 1:
            break
    else:
        raise Unreadable("an element too short to overwrite")
    out[start] = _VOID
    marker = 1 << (7 * size_length)
    out[start + 1 : start + 1 + size_length] = (marker | payload).to_bytes(size_length, "big")
    out[start + 1 + size_length : end] = bytes(payload)


def _void_element(out: bytearray, element: _Element) -> None:
    assert element.end is not None
    _void(out, element.start, element.end)


def _open_cluster_end(data: bytes, pos: int, limit: int) -> int:
    """Where a cluster of unknown size ends: at the first element that cannot be its child."""
    while pos < limit:
        child = _ebml_element(data, pos, limit)
        if child.id not in _CLUSTER_CHILDREN:
            return pos
        if child.end is None:
            raise Unreadable("an unknown size inside a cluster")
        pos = child.end
    return limit


def _clean_tracks(data: bytes, out: bytearray, tracks: _Element) -> None:
    """Refuse anything but sound tracks; drop track names and now-stale checksums."""
    entries = 0
    for child in _ebml_children(data, tracks):
        if child.id == _CRC32:
            _void_element(out, child)
        if child.id != _TRACK_ENTRY:
            continue
        entries += 1
        for field in _ebml_children(data, child):
            if field.id not in _TRACK_KEEP:
                _void_element(out, field)
                continue
            _check_length(data, field)
            if field.id == _TRACK_TYPE and _ebml_uint(data, field) != _AUDIO_TRACK:
                raise MediaRefused(RECORDING_NOT_SOUND_ONLY)
    if not entries:
        raise Unreadable("no tracks")


def _clean_seek_head(data: bytes, out: bytearray, seek_head: _Element) -> None:
    """Drop the index entries that point at elements which are not kept."""
    for seek in _ebml_children(data, seek_head):
        if seek.id == _CRC32:
            _void_element(out, seek)
        elif seek.id == _SEEK:
            for field in _ebml_children(data, seek):
                if field.id == _SEEK_ID and _ebml_uint(data, field) not in _SEGMENT_KEEP:
                    _void_element(out, seek)


def clean_webm(data: bytes) -> bytes:
    """The WebM file with Tags, Chapters, Attachments, titles, dates and app names voided."""
    out = bytearray(data)
    header = _ebml_element(data, 0, len(data))
    if header.end is None:
        raise Unreadable("an EBML header of unknown size")
    segment = _ebml_element(data, header.end, len(data))
    while segment.id == _VOID and segment.end is not None:
        segment = _ebml_element(data, segment.end, len(data))
    if segment.id != _SEGMENT:
        raise Unreadable("no segment")
    # A live recording may not know its length: its segment then runs to the end of the file.
    segment_end = len(data) if segment.end is None else segment.end
    has_tracks = False
    pos = segment.data_start
    while pos < segment_end:
        element = _ebml_element(data, pos, segment_end)
        end = element.end
        if end is None:
            if element.id != _CLUSTER:
                raise Unreadable("an unknown size where it is not allowed")
            end = _open_cluster_end(data, element.data_start, segment_end)
        elif element.id == _INFO:
            for field in _ebml_children(data, element):
                if field.id in _INFO_KEEP:
                    _check_length(data, field)
                else:
                    _void_element(out, field)
        elif element.id == _TRACKS:
            _clean_tracks(data, out, element)
            has_tracks = True
        elif element.id == _SEEK_HEAD:
            _clean_seek_head(data, out, element)
        elif element.id not in _SEGMENT_KEEP:
            _void_element(out, element)
        pos = end
    if not has_tracks:
        raise Unreadable("no Tracks element")
    # Whatever follows the segment is not part of the recording.
    return bytes(out[:segment_end])
