"""Photos: JPEG, PNG and WebP, re-encoded from their pixels alone (no EXIF, XMP, ICC beyond sRGB,
or text chunks)."""

from __future__ import annotations

import contextlib
import io
import warnings

from PIL import Image, ImageCms, ImageOps

from ..models import MediaKind
from .common import (
    NOT_A_PHOTO,
    PHOTO_DAMAGED,
    PHOTO_MAX_BYTES,
    PHOTO_MAX_PIXELS,
    PHOTO_MAX_SIDE,
    PHOTO_TOO_LARGE,
    PHOTO_TOO_MANY_PIXELS,
    CleanedMedia,
    MediaRefused,
)

_PHOTO_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
_GREY_MODES = {"1", "L", "I", "I;16", "I;16L", "I;16B", "I;16N", "F"}
_ALPHA_MODES = {"RGBA", "RGBa", "LA", "La", "PA"}
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def photo_format(data: bytes) -> tuple[str, str] | None:
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
    detected = photo_format(data)
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
