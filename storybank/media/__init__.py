"""Uploaded photos and recordings: recognised by content, returned with every piece of metadata
removed, or refused with a message the storyteller can understand.

Pure functions on bytes: no application, request or database is needed. The rule throughout is to
keep only what is needed to show the picture or play the sound, so that nothing the device wrote
about the person (place, time, name, device, software) reaches storage.
"""

from __future__ import annotations

from .audio import clean_audio, sniff_audio
from .common import (
    AUDIO_MAX_BYTES,
    EXTENSIONS,
    NOT_A_PHOTO,
    NOT_A_RECORDING,
    PHOTO_DAMAGED,
    PHOTO_MAX_BYTES,
    PHOTO_MAX_PIXELS,
    PHOTO_MAX_SIDE,
    PHOTO_TOO_LARGE,
    PHOTO_TOO_MANY_PIXELS,
    RECORDING_DAMAGED,
    RECORDING_NOT_SOUND_ONLY,
    RECORDING_TOO_LARGE,
    CleanedMedia,
    MediaRefused,
)
from .photo import clean_photo, photo_format


def detect_content_type(data: bytes) -> str | None:
    """The content type of an accepted photo or recording format, judged by content alone."""
    photo = photo_format(data)
    return photo[1] if photo else sniff_audio(data)


__all__ = [
    "AUDIO_MAX_BYTES",
    "EXTENSIONS",
    "NOT_A_PHOTO",
    "NOT_A_RECORDING",
    "PHOTO_DAMAGED",
    "PHOTO_MAX_BYTES",
    "PHOTO_MAX_PIXELS",
    "PHOTO_MAX_SIDE",
    "PHOTO_TOO_LARGE",
    "PHOTO_TOO_MANY_PIXELS",
    "RECORDING_DAMAGED",
    "RECORDING_NOT_SOUND_ONLY",
    "RECORDING_TOO_LARGE",
    "CleanedMedia",
    "MediaRefused",
    "clean_audio",
    "clean_photo",
    "detect_content_type",
]
