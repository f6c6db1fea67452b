"""WAV recordings."""

from __future__ import annotations

import struct

from .common import Unreadable

# WAV: keep the format, the sample count and the samples; drop LIST/INFO, id3, bext, iXML...

_WAV_KEEP = (b"fmt ", b"fact", b"data")


def clean_wav(data: bytes) -> bytes:
    """The RIFF rebuilt from its `fmt `, `fact` and `data` chunks only."""
    declared = struct.unpack_from("<I", data, 4)[0]
    # Anything after the declared RIFF is outside the file as the format sees it: drop it.
    end = min(len(data), 8 + declared) if declared >= 4 else len(data)
    kept: dict[bytes, bytes] = {}
    pos = 12
    while pos + 8 <= end:
        chunk_id = data[pos : pos + 4]
        size = struct.unpack_from("<I", data, pos + 4)[0]
        body_end = pos + 8 + size
        if body_end > end:
            raise Unreadable("a chunk runs past the end of the file")
        if chunk_id in _WAV_KEEP and chunk_id not in kept:
            kept[chunk_id] = data[pos + 8 : body_end]
        pos = body_end + (size & 1)  # chunks are word aligned
    if b"data" not in kept or len(kept.get(b"fmt ", b"")) < 16:
        raise Unreadable("no format or no samples")
    kept[b"fmt "] = _wav_format(kept[b"fmt "])
    if b"fact" in kept:
        kept[b"fact"] = kept[b"fact"][:4]  # the sample count; nothing else is defined there
    body = bytearray(b"WAVE")
    for chunk_id in _WAV_KEEP:
        if chunk_id in kept:
            chunk = kept[chunk_id]
            body += chunk_id + struct.pack("<I", len(chunk)) + chunk
            if len(chunk) & 1:
                body += b"\x00"
    return b"RIFF" + struct.pack("<I", len(body)) + bytes(body)


def _wav_format(chunk: bytes) -> bytes:
    """The format chunk cut to what it defines, so no bytes ride along after it."""
    tag = struct.unpack_from("<H", chunk)[0]
    if tag == 1 or len(chunk) < 18:  # plain PCM has no extension
        return chunk[:16]
    extra = struct.unpack_from("<H", chunk, 16)[0]
    if 18 + extra > len(chunk):
        raise Unreadable("a format extension longer than its chunk")
    return chunk[: 18 + extra]
