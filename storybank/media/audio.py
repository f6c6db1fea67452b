"""Recordings: the format recognised by content, and the cleaner of that format."""

from __future__ import annotations

import struct

from mutagen import MutagenError

from ..models import MediaKind
from .common import (
    AUDIO_MAX_BYTES,
    NOT_A_RECORDING,
    RECORDING_DAMAGED,
    RECORDING_TOO_LARGE,
    CleanedMedia,
    MediaRefused,
    Unreadable,
)
from .m4a import MP4_BRANDS, clean_m4a, mp4_brands
from .mp3 import clean_mp3, looks_like_mp3
from .ogg import clean_ogg, ogg_codec
from .wav import clean_wav
from .webm import clean_webm, ebml_doctype


def clean_audio(data: bytes) -> CleanedMedia:
    """An MP3, M4A, OGG, WebM or WAV recording with every tag removed and the sound untouched."""
    if len(data) > AUDIO_MAX_BYTES:
        raise MediaRefused(RECORDING_TOO_LARGE)
    content_type = sniff_audio(data)
    if content_type is None:
        raise MediaRefused(NOT_A_RECORDING)
    try:
        cleaned = _AUDIO_CLEANERS[content_type](data)
        # The cleaned file must still be recognised as what it was.
        if sniff_audio(cleaned) != content_type:
            raise Unreadable("cleaning broke the file")
    except MediaRefused:
        raise
    except (Unreadable, MutagenError, EOFError, ValueError, struct.error, IndexError) as exc:
        raise MediaRefused(RECORDING_DAMAGED) from exc
    return CleanedMedia(kind=MediaKind.AUDIO, content_type=content_type, data=cleaned)


def sniff_audio(data: bytes) -> str | None:
    """The content type of an accepted recording format, from the first bytes."""
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "audio/wav"
    if data[:4] == b"OggS":
        return "audio/ogg" if ogg_codec(data) else None
    if data[:4] == b"\x1a\x45\xdf\xa3":
        return "audio/webm" if ebml_doctype(data) == "webm" else None
    if data[4:8] == b"ftyp":
        return "audio/mp4" if mp4_brands(data) & MP4_BRANDS else None
    if looks_like_mp3(data):
        return "audio/mpeg"
    return None


_AUDIO_CLEANERS = {
    "audio/wav": clean_wav,
    "audio/mpeg": clean_mp3,
    "audio/ogg": clean_ogg,
    "audio/webm": clean_webm,
    "audio/mp4": clean_m4a,
}
