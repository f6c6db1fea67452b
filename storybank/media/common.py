"""What every upload shares: the limits, the messages a storyteller reads, the refusal, and the
cleaned result."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from ..models import MediaKind
from ..refusals import Refused

PHOTO_MAX_BYTES = 10 * 1024 * 1024
AUDIO_MAX_BYTES = 25 * 1024 * 1024
# Well above any phone camera, well below what would exhaust a worker's memory when decoded.
PHOTO_MAX_PIXELS = 50_000_000
# Long side of a stored photo: enough to read a face or a sign, bounded to keep storage small.
PHOTO_MAX_SIDE = 3000

PHOTO_TOO_LARGE = _l("This photo is larger than 10 MB. Please choose a smaller photo.")
NOT_A_PHOTO = _l("This file is not a photo we can accept. Please choose a JPEG, PNG or WebP photo.")
PHOTO_TOO_MANY_PIXELS = _l(
    "This photo has too many pixels for us to open. Please choose a smaller photo."
)
PHOTO_DAMAGED = _l("We could not open this photo. It may be damaged. Please try another one.")
RECORDING_TOO_LARGE = _l("This recording is larger than 25 MB. Please choose a shorter recording.")
NOT_A_RECORDING = _l(
    "This file is not a recording we can accept. Please choose an MP3, M4A, OGG, WebM or WAV file."
)
RECORDING_DAMAGED = _l(
    "We could not read this recording. It may be damaged. Please try another one."
)
RECORDING_NOT_SOUND_ONLY = _l(
    "This file contains more than sound, such as video. Please choose a recording with sound only."
)

EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "audio/mpeg": "mp3",
    "audio/mp4": "m4a",
    "audio/ogg": "ogg",
    "audio/webm": "webm",
    "audio/wav": "wav",
}


class MediaRefused(Refused, ValueError):
    """The upload cannot be accepted; `message` (lazily translated) says why in plain words. A
    `ValueError` too, so that a form field's validator reports it as the field's error."""

    def __init__(self, message: LazyString | str) -> None:
        super().__init__(message)
        self.args = (message,)  # translated when the form shows it


@dataclass(frozen=True)
class CleanedMedia:
    """A photo or recording with its metadata removed, ready to store."""

    kind: MediaKind
    content_type: str
    data: bytes
    width: int | None = None
    height: int | None = None

    def __post_init__(self) -> None:
        if self.content_type not in EXTENSIONS:
            raise ValueError(f"unsupported content type {self.content_type!r}")

    @property
    def sha256(self) -> str:
        """Hex digest of the cleaned bytes."""
        return hashlib.sha256(self.data).hexdigest()

    @property
    def extension(self) -> str:
        """File name extension for the content type, without the dot."""
        return EXTENSIONS[self.content_type]


class Unreadable(Exception):
    """A recording of a recognised type whose structure is broken or truncated."""
