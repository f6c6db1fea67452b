"""MP3 recordings."""

from __future__ import annotations

import struct

from .common import Unreadable

# MP3: keep the MPEG audio frames and nothing between, before or after them.

_MPEG1_KBPS = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
_MPEG2_KBPS = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)
_MP3_JUNK_ALLOWED = 4096
_MPEG_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def _mp3_frame_length(data: bytes, pos: int) -> int | None:
    """Length of the MPEG Layer III frame whose header starts at `pos`, or None if there is none."""
    if pos + 4 > len(data) or data[pos] != 0xFF or data[pos + 1] & 0xE0 != 0xE0:
        return None
    version = (data[pos + 1] >> 3) & 3
    layer = (data[pos + 1] >> 1) & 3
    bitrate_index = data[pos + 2] >> 4
    rate_index = (data[pos + 2] >> 2) & 3
    # Version 1 and emphasis 2 are reserved, bitrate 0 is "free format", 15 and rate 3 invalid.
    if version == 1 or layer != 1 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    if data[pos + 3] & 3 == 2:
        return None
    padding = (data[pos + 2] >> 1) & 1
    rate = _MPEG_RATES[version][rate_index]
    if version == 3:
        return 144 * _MPEG1_KBPS[bitrate_index] * 1000 // rate + padding
    return 72 * _MPEG2_KBPS[bitrate_index] * 1000 // rate + padding


def _mp3_stream_key(data: bytes, pos: int) -> tuple[int, int]:
    """The header bits every frame of one stream shares: version, layer and sample rate."""
    return data[pos + 1] & 0xFE, data[pos + 2] & 0x0C


def _id3v2_length(data: bytes, pos: int) -> int | None:
    """Total length of an ID3v2 tag (header, body and footer) starting at `pos`, if one does."""
    if data[pos : pos + 3] != b"ID3" or pos + 10 > len(data):
        return None
    major, flags, size_bytes = data[pos + 3], data[pos + 5], data[pos + 6 : pos + 10]
    if major not in (2, 3, 4) or any(byte & 0x80 for byte in size_bytes):
        return None
    size = sum(byte << (7 * (3 - index)) for index, byte in enumerate(size_bytes))
    footer = 10 if major == 4 and flags & 0x10 else 0
    return 10 + size + footer


def _mp3_audio_start(data: bytes) -> int:
    """Where the audio begins: after any ID3v2 tags and the zero padding some writers add."""
    pos = 0
    while (length := _id3v2_length(data, pos)) is not None:
        pos += length
    # lstrip runs in C; a file of zeros must not cost a Python loop per byte.
    return len(data) - len(data[pos:].lstrip(b"\x00"))


def looks_like_mp3(data: bytes) -> bool:
    """Whether a Layer III frame, confirmed by the next frame (or a tag), starts the audio."""
    start = _mp3_audio_start(data)
    length = _mp3_frame_length(data, start)
    if length is not None:
        following = start + length
        if data[following : following + 3] in (b"TAG", b"APE", b"LYR"):
            return True
        if _mp3_confirmed(data, start, length, len(data)):
            return True
    # Some writers leave a little junk before the first frame; the cleaner drops it. Here two
    # frames in a row are required, which chance does not produce.
    pos = data.find(b"\xff", start + 1, start + _MP3_JUNK_ALLOWED)
    while pos >= 0:
        if _mp3_pair_at(data, pos):
            return True
        pos = data.find(b"\xff", pos + 1, start + _MP3_JUNK_ALLOWED)
    return False


def _mp3_pair_at(data: bytes, pos: int) -> bool:
    """Whether two frames of one stream follow each other from `pos`."""
    length = _mp3_frame_length(data, pos)
    if length is None or _mp3_frame_length(data, pos + length) is None:
        return False
    return _mp3_stream_key(data, pos + length) == _mp3_stream_key(data, pos)


def _mp3_confirmed(data: bytes, pos: int, length: int, end: int) -> bool:
    """Whether the frame at `pos` is followed by a frame of the same stream, or by the end."""
    following = pos + length
    if end - following < 4:
        return following <= end
    if _mp3_frame_length(data, following) is None:
        return False
    return _mp3_stream_key(data, following) == _mp3_stream_key(data, pos)


def _mp3_audio_end(data: bytes, start: int) -> int:
    """Where the audio ends: before any ID3v1, APEv2, Lyrics3 or appended ID3v2 tags."""
    end = len(data)
    while True:
        if end - start >= 128 and data[end - 128 : end - 125] == b"TAG":
            end -= 128
        elif end - start >= 227 and data[end - 227 : end - 223] == b"TAG+":
            end -= 227
        elif end - start >= 32 and data[end - 32 : end - 24] == b"APETAGEX":
            size, _, flags = struct.unpack_from("<III", data, end - 20)
            total = size + (32 if flags & 0x80000000 else 0)
            if not 32 <= total <= end - start:
                raise Unreadable("an APE tag longer than the file")
            end -= total
        elif data[end - 9 : end] == b"LYRICS200" and data[end - 15 : end - 9].isdigit():
            total = int(data[end - 15 : end - 9]) + 15
            if total > end - start or data[end - total : end - total + 11] != b"LYRICSBEGIN":
                raise Unreadable("a Lyrics3 tag that does not add up")
            end -= total
        elif data[end - 9 : end] == b"LYRICSEND":
            begin = data.rfind(b"LYRICSBEGIN", max(start, end - 5120), end)
            if begin < 0:
                raise Unreadable("a Lyrics3 tag without its beginning")
            end = begin
        elif end - start >= 10 and data[end - 10 : end - 7] == b"3DI":
            size = sum(byte << (7 * (3 - i)) for i, byte in enumerate(data[end - 4 : end]))
            if size + 20 > end - start:
                raise Unreadable("an appended ID3v2 tag longer than the file")
            end -= size + 20
        else:
            return end


def clean_mp3(data: bytes) -> bytes:
    """The MPEG frames alone: tags at either end and anything between frames are dropped."""
    start = _mp3_audio_start(data)
    end = _mp3_audio_end(data, start)
    runs: list[tuple[int, int]] = []
    key: tuple[int, int] | None = None
    pos = start
    while pos + 4 <= end:
        length = _mp3_frame_length(data, pos)
        if length is not None and pos + length <= end:
            # In sync, a frame must belong to the same stream; out of sync (at the start or
            # after junk) it counts only if the next frame, or the end, confirms it.
            if key is not None:
                accepted = _mp3_stream_key(data, pos) == key
            else:
                accepted = _mp3_confirmed(data, pos, length, end)
            if accepted:
                key = _mp3_stream_key(data, pos)
                if runs and runs[-1][1] == pos:
                    runs[-1] = (runs[-1][0], pos + length)
                else:
                    runs.append((pos, pos + length))
                pos += length
                continue
        key = None
        pos = data.find(b"\xff", pos + 1, end)
        if pos < 0:
            break
    if not runs:
        raise Unreadable("no MPEG audio frames")
    # Mostly junk means a file we do not understand: refuse rather than keep a few seconds of it
    # and let the storyteller believe the whole recording was saved.
    if sum(run_end - run_start for run_start, run_end in runs) * 2 < end - start:
        raise Unreadable("more junk than MPEG audio frames")
    return b"".join(data[run_start:run_end] for run_start, run_end in runs)
