"""Uploaded photos and recordings: recognised by content, returned with every piece of metadata
removed, or refused with a message the storyteller can understand.

Pure functions on bytes: no application, request or database is needed. The rule throughout is to
keep only what is needed to show the picture or play the sound, so that nothing the device wrote
about the person (place, time, name, device, software) reaches storage.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import struct
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from mutagen import MutagenError
from mutagen.ogg import OggPage
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis
from PIL import Image, ImageCms, ImageOps

from .models import MediaKind
from .refusals import Refused

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


class _Unreadable(Exception):
    """A recording of a recognised type whose structure is broken or truncated."""


def detect_content_type(data: bytes) -> str | None:
    """The content type of an accepted photo or recording format, judged by content alone."""
    photo = _photo_format(data)
    return photo[1] if photo else _sniff_audio(data)


# --- Photos ---------------------------------------------------------------------------------------

_PHOTO_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
_GREY_MODES = {"1", "L", "I", "I;16", "I;16L", "I;16B", "I;16N", "F"}
_ALPHA_MODES = {"RGBA", "RGBa", "LA", "La", "PA"}
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _photo_format(data: bytes) -> tuple[str, str] | None:
    """Pillow's format name and the content type, from the magic bytes."""
    if data.startswith(b"\xff\xd8\xff"):
        name = "JPEG"
    elif data.startswith(b"\x89PNG\r\n\x1a\n"):
        name = "PNG"
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        name = "WEBP"
    else:
        return None
    return name, _PHOTO_FORMATS[name]


def clean_photo(data: bytes) -> CleanedMedia:
    """A JPEG, PNG or WebP photo re-encoded from its pixels alone, upright and at most 3000 px."""
    if len(data) > PHOTO_MAX_BYTES:
        raise MediaRefused(PHOTO_TOO_LARGE)
    detected = _photo_format(data)
    if detected is None:
        raise MediaRefused(NOT_A_PHOTO)
    name, content_type = detected
    try:
        # The outcome must not depend on the warning filters in force. Pillow warns about
        # corrupt metadata it skips (which is thrown away here anyway): ignored. It warns about
        # a possible bomb between its own limit and twice that: made an error, so it is refused.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[name]) as opened:
                if opened.width * opened.height > PHOTO_MAX_PIXELS:
                    raise MediaRefused(PHOTO_TOO_MANY_PIXELS)
                pixels = _pixels_only(opened, name)
            encoded = _encode(pixels, name)
    except MediaRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise MediaRefused(PHOTO_TOO_MANY_PIXELS) from exc
    except Exception as exc:  # Pillow raises many types for broken files; none may escape.
        raise MediaRefused(PHOTO_DAMAGED) from exc
    return CleanedMedia(
        kind=MediaKind.PHOTO,
        content_type=content_type,
        data=encoded,
        width=pixels.width,
        height=pixels.height,
    )


def _pixels_only(opened: Image.Image, name: str) -> Image.Image:
    """The first frame, upright and downscaled, as a new image that carries no `info` at all."""
    # Let libjpeg decode a very large JPEG at a reduced scale: less memory and time.
    opened.draft(None, (PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
    opened.load()  # a damaged file fails here, before the EXIF is looked at
    # Orientation must be applied while the EXIF is still there, or the photo ends up sideways.
    # In place, to hold one full-size copy fewer. Broken EXIF must not cost the storyteller a
    # photo whose pixels are fine: it is then left as it is.
    with contextlib.suppress(Exception):
        ImageOps.exif_transpose(opened, in_place=True)
    profile = opened.info.get("icc_profile")
    upright = opened
    if upright.mode == "CMYK" and profile:
        upright = _to_srgb(upright, profile)  # before the plain conversion below guesses
    target = _target_mode(upright, name)
    if upright.mode in _GREY_MODES - {"1", "L"}:
        # 16-bit and float grey would clip to white if converted directly.
        upright = upright.convert("I").point(lambda value: value / 256)
    converted = upright.convert(target) if upright.mode != target else upright
    if max(converted.size) > PHOTO_MAX_SIDE:
        converted.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE), Image.Resampling.LANCZOS)
    if converted.mode in ("RGB", "RGBA") and upright is opened and profile:
        converted = _to_srgb(converted, profile)  # after downscaling: fewer pixels to transform
    if target == "RGBA":
        # A fully transparent pixel still stores a colour, which could keep what was hidden.
        visible = converted.getchannel("A").point(lambda alpha: 255 if alpha else 0)
        fresh = Image.new("RGBA", converted.size, (0, 0, 0, 0))
        fresh.paste(converted, mask=visible)
    else:
        fresh = Image.new(target, converted.size)
        fresh.paste(converted)
    return fresh


def _to_srgb(image: Image.Image, profile: bytes) -> Image.Image:
    """The pixels moved from their embedded colour profile into sRGB; unchanged if that fails."""
    # The profile itself is dropped; without this its colours would be misread (iPhone photos
    # are tagged Display P3 and would look dull).
    mode = "RGBA" if image.mode == "RGBA" else "RGB"
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        converted = ImageCms.profileToProfile(image, source, _SRGB, outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image
    return converted if converted is not None else image


def _target_mode(image: Image.Image, name: str) -> str:
    """The mode to encode in: alpha kept for PNG and WebP, grey kept for JPEG and PNG."""
    has_alpha = image.mode in _ALPHA_MODES or "transparency" in image.info
    grey = image.mode in _GREY_MODES
    if name == "JPEG":
        return "L" if grey and not has_alpha else "RGB"
    if has_alpha:
        return "RGBA"
    return "L" if grey and name == "PNG" else "RGB"


def _encode(image: Image.Image, name: str) -> bytes:
    """The image in `name` format; no exif, icc_profile, pnginfo, comment or xmp is ever passed."""
    buffer = io.BytesIO()
    if name == "JPEG":
        image.save(buffer, "JPEG", quality=88, optimize=True)
    elif name == "PNG":
        image.save(buffer, "PNG", optimize=True)
    else:
        image.save(buffer, "WEBP", quality=85)
    return buffer.getvalue()


# --- Recordings -----------------------------------------------------------------------------------


def clean_audio(data: bytes) -> CleanedMedia:
    """An MP3, M4A, OGG, WebM or WAV recording with every tag removed and the sound untouched."""
    if len(data) > AUDIO_MAX_BYTES:
        raise MediaRefused(RECORDING_TOO_LARGE)
    content_type = _sniff_audio(data)
    if content_type is None:
        raise MediaRefused(NOT_A_RECORDING)
    try:
        cleaned = _AUDIO_CLEANERS[content_type](data)
        # The cleaned file must still be recognised as what it was.
        if _sniff_audio(cleaned) != content_type:
            raise _Unreadable("cleaning broke the file")
    except MediaRefused:
        raise
    except (_Unreadable, MutagenError, EOFError, ValueError, struct.error, IndexError) as exc:
        raise MediaRefused(RECORDING_DAMAGED) from exc
    return CleanedMedia(kind=MediaKind.AUDIO, content_type=content_type, data=cleaned)


def _sniff_audio(data: bytes) -> str | None:
    """The content type of an accepted recording format, from the first bytes."""
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "audio/wav"
    if data[:4] == b"OggS":
        return "audio/ogg" if _ogg_codec(data) else None
    if data[:4] == b"\x1a\x45\xdf\xa3":
        return "audio/webm" if _ebml_doctype(data) == "webm" else None
    if data[4:8] == b"ftyp":
        return "audio/mp4" if _mp4_brands(data) & _MP4_BRANDS else None
    if _looks_like_mp3(data):
        return "audio/mpeg"
    return None


# WAV: keep the format, the sample count and the samples; drop LIST/INFO, id3, bext, iXML...

_WAV_KEEP = (b"fmt ", b"fact", b"data")


def _clean_wav(data: bytes) -> bytes:
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
            raise _Unreadable("a chunk runs past the end of the file")
        if chunk_id in _WAV_KEEP and chunk_id not in kept:
            kept[chunk_id] = data[pos + 8 : body_end]
        pos = body_end + (size & 1)  # chunks are word aligned
    if b"data" not in kept or len(kept.get(b"fmt ", b"")) < 16:
        raise _Unreadable("no format or no samples")
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
        raise _Unreadable("a format extension longer than its chunk")
    return chunk[: 18 + extra]


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


def _looks_like_mp3(data: bytes) -> bool:
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
                raise _Unreadable("an APE tag longer than the file")
            end -= total
        elif data[end - 9 : end] == b"LYRICS200" and data[end - 15 : end - 9].isdigit():
            total = int(data[end - 15 : end - 9]) + 15
            if total > end - start or data[end - total : end - total + 11] != b"LYRICSBEGIN":
                raise _Unreadable("a Lyrics3 tag that does not add up")
            end -= total
        elif data[end - 9 : end] == b"LYRICSEND":
            begin = data.rfind(b"LYRICSBEGIN", max(start, end - 5120), end)
            if begin < 0:
                raise _Unreadable("a Lyrics3 tag without its beginning")
            end = begin
        elif end - start >= 10 and data[end - 10 : end - 7] == b"3DI":
            size = sum(byte << (7 * (3 - i)) for i, byte in enumerate(data[end - 4 : end]))
            if size + 20 > end - start:
                raise _Unreadable("an appended ID3v2 tag longer than the file")
            end -= size + 20
        else:
            return end


def _clean_mp3(data: bytes) -> bytes:
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
        raise _Unreadable("no MPEG audio frames")
    # Mostly junk means a file we do not understand: refuse rather than keep a few seconds of it
    # and let the storyteller believe the whole recording was saved.
    if sum(run_end - run_start for run_start, run_end in runs) * 2 < end - start:
        raise _Unreadable("more junk than MPEG audio frames")
    return b"".join(data[run_start:run_end] for run_start, run_end in runs)


# OGG: an empty comment header in place of the original; the audio pages are untouched.


def _ogg_codec(data: bytes) -> str | None:
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
            raise _Unreadable("a broken Ogg page header")
        body_start = pos + 27 + data[pos + 26]
        end = body_start + sum(data[pos + 27 : body_start])
        if body_start > len(data) or end > len(data):
            raise _Unreadable("a truncated Ogg page")
        serial = struct.unpack_from("<I", data, pos + 14)[0]
        pages.append(_OggPageSpan(serial, data[pos + 5], end))
        pos = end
    if data.find(b"OggS", pos) >= 0:
        # Pages after the junk: cutting there would silently lose part of the recording.
        raise _Unreadable("junk between Ogg pages")
    return pages


_EMPTY_COMMENTS = {
    # Vendor string of length 0, no comments; Vorbis also needs its framing bit.
    "opus": b"OpusTags" + bytes(8),
    "vorbis": b"\x03vorbis" + bytes(8) + b"\x01",
}


def _clean_ogg(data: bytes) -> bytes:
    """The stream with its comment header (vendor and comments) replaced by an empty one."""
    codec = _ogg_codec(data)
    pages = _ogg_pages(data)
    if codec is None or not pages:
        raise _Unreadable("not an Opus or Vorbis stream")
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
            raise _Unreadable("a damaged header page")
        header_pages.append(page)
        finished += len(page.packets) - (0 if page.complete else 1)
    packets = OggPage.to_packets(header_pages, strict=True)
    # Both codecs put the identification header alone on the first page and start the sound on
    # a fresh page, so the header pages hold the header packets and nothing else.
    if len(packets) != wanted or len(header_pages[0].packets) != 1:
        raise _Unreadable("header pages that also hold other packets")
    if not packets[1].startswith(_EMPTY_COMMENTS[codec][:7]):
        raise _Unreadable("the comment header is missing")
    if codec == "vorbis" and not packets[2].startswith(b"\x05vorbis"):
        raise _Unreadable("the setup header is missing")
    old_pages = header_pages[1:]
    new_pages = OggPage.from_packets([_EMPTY_COMMENTS[codec], *packets[2:]], old_pages[0].sequence)
    new_pages[-1].position = old_pages[-1].position
    OggPage.replace(buffer, old_pages, new_pages)
    cleaned = buffer.getvalue()
    reader = OggOpus if codec == "opus" else OggVorbis
    if reader(io.BytesIO(cleaned)).tags:
        raise _Unreadable("comments survived")
    return cleaned


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
        raise _Unreadable("an EBML element past the end")
    length = 9 - data[pos].bit_length()
    if length > longest or pos + length > len(data):
        raise _Unreadable("a broken EBML number")
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
        raise _Unreadable("an EBML element longer than its parent")
    return _Element(int.from_bytes(data[pos:size_pos], "big"), pos, data_start, data_start + size)


def _ebml_children(data: bytes, parent: _Element) -> Iterator[_Element]:
    """The children of a master element of known size."""
    assert parent.end is not None
    pos = parent.data_start
    while pos < parent.end:
        child = _ebml_element(data, pos, parent.end)
        if child.end is None:
            raise _Unreadable("an unknown size where it is not allowed")
        yield child
        pos = child.end


def _ebml_doctype(data: bytes) -> str | None:
    """The DocType of the EBML header ("webm", "matroska"), or None if it cannot be read."""
    try:
        header = _ebml_element(data, 0, len(data))
        if header.id != _EBML_HEADER or header.end is None:
            return None
        for child in _ebml_children(data, header):
            if child.id == _EBML_DOCTYPE:
                return data[child.data_start : child.end].rstrip(b"\x00").decode("ascii")
    except (_Unreadable, UnicodeDecodeError):
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
            raise _Unreadable("a codec or language name that is not plain text")
    elif length > _EBML_SHORT:
        raise _Unreadable("a number longer than eight bytes")


def _void(out: bytearray, start: int, end: int) -> None:
    """Overwrite `out[start:end]` with one zero-filled Void element of exactly that length."""
    total = end - start
    for size_length in range(1, 9):
        payload = total - 1 - size_length
        if 0 <= payload < (1 << (7 * size_length)) - 1:
            break
    else:
        raise _Unreadable("an element too short to overwrite")
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
            raise _Unreadable("an unknown size inside a cluster")
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
        raise _Unreadable("no tracks")


def _clean_seek_head(data: bytes, out: bytearray, seek_head: _Element) -> None:
    """Drop the index entries that point at elements which are not kept."""
    for seek in _ebml_children(data, seek_head):
        if seek.id == _CRC32:
            _void_element(out, seek)
        elif seek.id == _SEEK:
            for field in _ebml_children(data, seek):
                if field.id == _SEEK_ID and _ebml_uint(data, field) not in _SEGMENT_KEEP:
                    _void_element(out, seek)


def _clean_webm(data: bytes) -> bytes:
    """The WebM file with Tags, Chapters, Attachments, titles, dates and app names voided."""
    out = bytearray(data)
    header = _ebml_element(data, 0, len(data))
    if header.end is None:
        raise _Unreadable("an EBML header of unknown size")
    segment = _ebml_element(data, header.end, len(data))
    while segment.id == _VOID and segment.end is not None:
        segment = _ebml_element(data, segment.end, len(data))
    if segment.id != _SEGMENT:
        raise _Unreadable("no segment")
    # A live recording may not know its length: its segment then runs to the end of the file.
    segment_end = len(data) if segment.end is None else segment.end
    has_tracks = False
    pos = segment.data_start
    while pos < segment_end:
        element = _ebml_element(data, pos, segment_end)
        end = element.end
        if end is None:
            if element.id != _CLUSTER:
                raise _Unreadable("an unknown size where it is not allowed")
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
        raise _Unreadable("no Tracks element")
    # Whatever follows the segment is not part of the recording.
    return bytes(out[:segment_end])


# M4A: every metadata box becomes a zero-filled `free` box of the same size, so the chunk offset
# tables (stco/co64) stay valid; creation and modification times are zeroed.

_MP4_BRANDS = {
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
            raise _Unreadable("a box header cut short")
        size, kind = struct.unpack_from(">I4s", data, pos)
        header = 8
        if size == 1:
            if end - pos < 16:
                raise _Unreadable("a large box header cut short")
            size = struct.unpack_from(">Q", data, pos + 8)[0]
            header = 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            raise _Unreadable("a box longer than its parent")
        yield _Box(kind, pos, pos + header, pos + size)
        pos += size


def _mp4_brands(data: bytes) -> set[bytes]:
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
                raise _Unreadable("a header box cut short")
            # Version 1 boxes hold 64-bit creation and modification times, version 0 32-bit.
            width = 16 if data[box.data_start] == 1 else 8
            out[box.data_start + 4 : box.data_start + 4 + width] = bytes(width)
        elif box.kind == b"hdlr" and parent.kind == b"mdia":
            if box.end - box.data_start < 12:
                raise _Unreadable("a handler box cut short")
            handlers.append(data[box.data_start + 8 : box.data_start + 12])
        elif box.kind in _MP4_INNER.get(parent.kind, set()):
            _clean_mp4_box(data, out, box, handlers)


def _clean_m4a(data: bytes) -> bytes:
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
        raise _Unreadable("no movie box or no tracks")
    if any(handler != b"soun" for handler in handlers):
        raise MediaRefused(RECORDING_NOT_SOUND_ONLY)
    return bytes(out)


_AUDIO_CLEANERS = {
    "audio/wav": _clean_wav,
    "audio/mpeg": _clean_mp3,
    "audio/ogg": _clean_ogg,
    "audio/webm": _clean_webm,
    "audio/mp4": _clean_m4a,
}
