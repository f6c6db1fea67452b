"""Uploaded photos and recordings: recognised by content, stripped of every piece of metadata,
or refused in plain words. Every file is built here, byte by byte where no library writes it."""

from __future__ import annotations

import hashlib
import io
import random
import struct
import wave
import zlib
from fractions import Fraction

import pytest
from mutagen.apev2 import APENoHeaderError, APEv2
from mutagen.id3 import APIC, ID3, TPE1, TXXX
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis
from PIL import Image, ImageCms, TiffImagePlugin
from PIL.PngImagePlugin import PngInfo

from storybank import media
from storybank.media import (
    AUDIO_MAX_BYTES,
    PHOTO_MAX_BYTES,
    CleanedMedia,
    MediaRefused,
    clean_audio,
    clean_photo,
    detect_content_type,
)
from storybank.models import MediaKind

XMP_NAMESPACE = b"http://ns.adobe.com/xap/1.0/"
XMP_PACKET = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
    b'syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'exif:GPSLatitude="SENTINEL-XMP-GPS"/></rdf:RDF></x:xmpmeta>'
)
GPS_SECONDS = Fraction(987654, 1000)


def refusal(call, data: bytes) -> str:
    """The English message of the refusal that `call(data)` must raise."""
    with pytest.raises(MediaRefused) as caught:
        call(data)
    assert isinstance(caught.value, ValueError)
    return str(caught.value.message)


# --- photo fixtures -------------------------------------------------------------------------------


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def exif_with_gps(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "SENTINEL-MAKE"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (
        TiffImagePlugin.IFDRational(41, 1),
        TiffImagePlugin.IFDRational(24, 1),
        TiffImagePlugin.IFDRational(GPS_SECONDS.numerator, GPS_SECONDS.denominator),
    )
    gps[0x12] = "SENTINEL-GPS"
    return exif


def gps_rational_bytes() -> list[bytes]:
    """The GPS seconds as an EXIF rational, in either byte order."""
    pair = (GPS_SECONDS.numerator, GPS_SECONDS.denominator)
    return [struct.pack(">II", *pair), struct.pack("<II", *pair)]


def jpeg_segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def marked_picture(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """A blue picture with a red square in its top-left corner, to tell which way is up."""
    picture = Image.new(mode, size, (20, 40, 200, 255)[: len(mode)])
    picture.paste((230, 20, 20, 255)[: len(mode)], (0, 0, 12, 12))
    return picture


def jpeg_with_everything() -> bytes:
    """A sideways JPEG with EXIF and GPS, a comment, an ICC profile, XMP and IPTC."""
    buffer = io.BytesIO()
    marked_picture((60, 40)).save(
        buffer,
        "JPEG",
        exif=exif_with_gps(orientation=6).tobytes(),
        comment=b"SENTINEL-COMMENT",
        icc_profile=srgb_profile(),
    )
    data = buffer.getvalue()
    xmp = jpeg_segment(0xE1, XMP_NAMESPACE + b"\x00" + XMP_PACKET)
    iptc = b"\x1c\x02\x50" + struct.pack(">H", 13) + b"SENTINEL-IPTC"
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iptc))
    photoshop = jpeg_segment(0xED, b"Photoshop 3.0\x00" + resource + iptc + b"\x00")
    return data[:2] + xmp + photoshop + data[2:]


def s15_16(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def xyz_tag(x: float, y: float, z: float) -> bytes:
    return b"XYZ " + bytes(4) + s15_16(x) + s15_16(y) + s15_16(z)


def swapped_rgb_profile() -> bytes:
    """An ICC v2 display profile whose red primary is sRGB's blue, and the other way round."""
    red, green, blue = (0.1431, 0.0606, 0.7141), (0.3851, 0.7169, 0.0971), (0.4361, 0.2225, 0.0139)
    gamma = b"curv" + bytes(4) + struct.pack(">IH", 1, 0x0233) + bytes(2)
    text = b"swapped\x00"
    tags = {
        b"desc": b"desc" + bytes(4) + struct.pack(">I", len(text)) + text + bytes(79),
        b"wtpt": xyz_tag(0.9642, 1.0, 0.8249),
        b"rXYZ": xyz_tag(*red),
        b"gXYZ": xyz_tag(*green),
        b"bXYZ": xyz_tag(*blue),
        b"rTRC": gamma,
        b"gTRC": gamma,
        b"bTRC": gamma,
    }
    table, body = b"", b""
    start = 128 + 4 + 12 * len(tags)
    for signature, tag in tags.items():
        table += signature + struct.pack(">II", start + len(body), len(tag))
        body += tag + bytes(-len(tag) % 4)
    header = (
        struct.pack(
            ">I4sI4s4s4s", start + len(body), b"lcms", 0x02100000, b"mntr", b"RGB ", b"XYZ "
        )
        + bytes(12)
        + b"acsp"
        + bytes(28)
        + xyz_tag(0.9642, 1.0, 0.8249)[8:]
        + bytes(48)
    )
    return header + struct.pack(">I", len(tags)) + table + body


def png_chunks(data: bytes) -> list[bytes]:
    types = []
    pos = 8
    while pos < len(data):
        length, kind = struct.unpack_from(">I4s", data, pos)
        types.append(kind)
        pos += 12 + length
    return types


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    return (
        struct.pack(">I", len(payload))
        + kind
        + payload
        + struct.pack(">I", zlib.crc32(kind + payload))
    )


def huge_png(width: int, height: int) -> bytes:
    """A black 1-bit PNG with enormous dimensions that compresses to almost nothing."""
    row = b"\x00" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", pixels)
        + png_chunk(b"IEND", b"")
    )


def riff_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    chunks = []
    pos = 12
    while pos + 8 <= len(data):
        kind, size = struct.unpack_from("<4sI", data, pos)
        chunks.append((kind, data[pos + 8 : pos + 8 + size]))
        pos += 8 + size + (size & 1)
    return chunks


def encoded(picture: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, fmt, **options)
    return buffer.getvalue()


# --- photos ---------------------------------------------------------------------------------------


def test_jpeg_loses_gps_exif_xmp_iptc_comment_and_icc():
    """Does a JPEG lose its GPS position, EXIF, XMP, IPTC, comment and colour profile?"""
    original = jpeg_with_everything()
    secrets = [b"SENTINEL", b"Exif", XMP_NAMESPACE[:23], b"Photoshop", b"acsp"]
    for secret in [*secrets, *gps_rational_bytes()[:1]]:
        assert secret in original  # the fixture really carries what must go
    cleaned = clean_photo(original)
    for secret in [*secrets, *gps_rational_bytes()]:
        assert secret not in cleaned.data
    with Image.open(io.BytesIO(cleaned.data)) as picture:
        picture.load()
        assert picture.format == "JPEG"
        assert len(picture.getexif()) == 0
        assert not {"icc_profile", "exif", "comment", "xmp", "photoshop"} & picture.info.keys()
    assert (cleaned.kind, cleaned.content_type, cleaned.extension) == (
        MediaKind.PHOTO,
        "image/jpeg",
        "jpg",
    )


def test_jpeg_is_turned_upright_before_its_exif_goes():
    """Is a photo taken sideways stored upright, with its width and height swapped?"""
    cleaned = clean_photo(jpeg_with_everything())
    assert (cleaned.width, cleaned.height) == (40, 60)
    with Image.open(io.BytesIO(cleaned.data)) as picture:
        assert picture.size == (40, 60)
        # Orientation 6 means "turn 90° clockwise to view": the red corner moves to the top right.
        top_right, top_left = (picture.convert("RGB").getpixel(xy) for xy in [(35, 4), (4, 4)])
        assert top_right[0] > 150 and top_right[2] < 100  # red
        assert top_left[2] > 150 and top_left[0] < 100  # blue


def test_png_loses_text_xmp_exif_and_icc():
    """Does a PNG lose its tEXt, zTXt and iTXt (XMP) chunks, eXIf and ICC profile?"""
    info = PngInfo()
    info.add_text("Author", "SENTINEL-AUTHOR")
    info.add_text("Comment", "SENTINEL-ZTXT " * 20, zip=True)
    info.add_itxt("XML:com.adobe.xmp", XMP_PACKET.decode())
    original = encoded(
        marked_picture((50, 30), "RGBA"),
        "PNG",
        pnginfo=info,
        icc_profile=srgb_profile(),
        exif=exif_with_gps().tobytes(),
    )
    assert {b"tEXt", b"zTXt", b"iTXt", b"iCCP", b"eXIf"} <= set(png_chunks(original))
    cleaned = clean_photo(original)
    assert set(png_chunks(cleaned.data)) <= {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}
    for secret in [b"SENTINEL", b"Exif", b"adobe", *gps_rational_bytes()]:
        assert secret not in cleaned.data
    with Image.open(io.BytesIO(cleaned.data)) as picture:
        assert picture.mode == "RGBA"  # transparency is kept for PNG
        assert len(picture.getexif()) == 0
        assert "icc_profile" not in picture.info
    assert (cleaned.content_type, cleaned.extension, cleaned.width, cleaned.height) == (
        "image/png",
        "png",
        50,
        30,
    )


def test_webp_loses_exif_xmp_and_icc():
    """Does a WebP lose its EXIF, XMP and ICC chunks?"""
    original = encoded(
        marked_picture((48, 32)),
        "WEBP",
        exif=exif_with_gps().tobytes(),
        xmp=XMP_PACKET,
        icc_profile=srgb_profile(),
    )
    assert {b"EXIF", b"XMP ", b"ICCP"} <= {kind for kind, _ in riff_chunks(original)}
    cleaned = clean_photo(original)
    kinds = {kind for kind, _ in riff_chunks(cleaned.data)}
    assert kinds <= {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}
    for secret in [b"SENTINEL", b"Exif", b"adobe", b"acsp"]:
        assert secret not in cleaned.data
    with Image.open(io.BytesIO(cleaned.data)) as picture:
        assert picture.format == "WEBP" and picture.size == (48, 32)
        assert not {"icc_profile", "exif", "xmp"} & picture.info.keys()
    assert (cleaned.content_type, cleaned.extension) == ("image/webp", "webp")


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_colours_are_moved_into_srgb_before_the_profile_goes(fmt):
    """Does a photo keep its colours when its colour profile is dropped?"""
    original = encoded(
        Image.new("RGB", (8, 8), (255, 0, 0)), fmt, icc_profile=swapped_rgb_profile()
    )
    cleaned = clean_photo(original)
    with Image.open(io.BytesIO(cleaned.data)) as picture:
        assert "icc_profile" not in picture.info
        red, _, blue = picture.convert("RGB").getpixel((4, 4))
        assert blue > 200 and red < 40  # "red" in that profile is what sRGB calls blue


def test_hidden_colour_under_transparent_pixels_is_cleared():
    """Is the colour stored under fully transparent pixels wiped, in case it hides something?"""
    picture = Image.new("RGBA", (20, 20), (255, 0, 0, 0))  # invisible red
    picture.paste((0, 255, 0, 255), (0, 0, 10, 20))
    cleaned = clean_photo(encoded(picture, "PNG"))
    with Image.open(io.BytesIO(cleaned.data)) as result:
        assert result.getpixel((15, 5)) == (0, 0, 0, 0)
        assert result.getpixel((5, 5)) == (0, 255, 0, 255)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_animation_keeps_only_its_first_frame(fmt):
    """Is an animated PNG or WebP stored as its first frame alone?"""
    first = Image.new("RGB", (16, 16), (250, 0, 0))
    second = Image.new("RGB", (16, 16), (0, 0, 250))
    original = encoded(first, fmt, save_all=True, append_images=[second], duration=100)
    with Image.open(io.BytesIO(original)) as animation:
        assert animation.n_frames == 2
    cleaned = clean_photo(original)
    with Image.open(io.BytesIO(cleaned.data)) as result:
        assert getattr(result, "n_frames", 1) == 1
        red, _, blue = result.convert("RGB").getpixel((8, 8))
        assert red > 200 and blue < 50


def test_large_photo_is_scaled_down_keeping_its_shape():
    """Is a 4000 × 1000 photo stored at 3000 × 750?"""
    cleaned = clean_photo(encoded(Image.new("RGB", (4000, 1000), (9, 99, 199)), "JPEG"))
    assert (cleaned.width, cleaned.height) == (3000, 750)
    with Image.open(io.BytesIO(cleaned.data)) as picture:
        assert picture.size == (3000, 750)


@pytest.mark.parametrize(
    ("picture", "fmt", "mode"),
    [
        (Image.new("CMYK", (8, 8), (0, 255, 255, 0)), "JPEG", "RGB"),
        (Image.new("L", (8, 8), 128), "JPEG", "L"),
        (Image.new("P", (8, 8), 3), "PNG", "RGB"),
        (Image.new("LA", (8, 8), (128, 100)), "PNG", "RGBA"),
        (Image.new("1", (8, 8), 1), "PNG", "L"),
        (Image.new("LA", (8, 8), (128, 100)), "WEBP", "RGBA"),
    ],
)
def test_colour_modes_are_converted_sensibly(picture, fmt, mode):
    """Are CMYK, palette, grey and 1-bit photos stored in a mode every browser shows?"""
    cleaned = clean_photo(encoded(picture, fmt))
    with Image.open(io.BytesIO(cleaned.data)) as result:
        assert result.mode == mode


def test_palette_transparency_is_kept_and_16_bit_grey_is_not_washed_out():
    """Does a palette PNG keep its transparency, and a 16-bit grey PNG its grey?"""
    palette = Image.new("P", (8, 8), 0)
    palette.putpalette([10, 20, 30, 200, 100, 50])
    palette.paste(1, (0, 0, 4, 8))
    cleaned = clean_photo(encoded(palette, "PNG", transparency=0))
    with Image.open(io.BytesIO(cleaned.data)) as result:
        assert result.mode == "RGBA"
        assert result.getpixel((6, 4))[3] == 0 and result.getpixel((1, 4)) == (200, 100, 50, 255)
    grey = clean_photo(encoded(Image.new("I;16", (8, 8), 32768), "PNG"))
    with Image.open(io.BytesIO(grey.data)) as result:
        assert result.mode == "L" and 120 <= result.getpixel((4, 4)) <= 136


def test_photo_with_broken_exif_is_still_accepted():
    """Is a photo whose EXIF is garbage still accepted, with the garbage gone?"""
    broken = b"Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\xff\xffSENTINEL"
    original = encoded(Image.new("RGB", (30, 20), (200, 10, 10)), "JPEG", exif=broken)
    cleaned = clean_photo(original)
    assert (cleaned.width, cleaned.height) == (30, 20)
    assert b"SENTINEL" not in cleaned.data and b"Exif" not in cleaned.data


def test_cleaned_media_describes_itself():
    """Do the checksum and extension follow from the content type and bytes?"""
    cleaned = clean_photo(encoded(Image.new("RGB", (5, 5)), "JPEG"))

    assert cleaned.sha256 == hashlib.sha256(cleaned.data).hexdigest()
    assert len(cleaned.sha256) == 64
    with pytest.raises(ValueError):
        CleanedMedia(kind=MediaKind.PHOTO, content_type="image/gif", data=b"x")


NOT_A_PHOTO = "This file is not a photo we can accept. Please choose a JPEG, PNG or WebP photo."
PHOTO_DAMAGED = "We could not open this photo. It may be damaged. Please try another one."
TOO_MANY_PIXELS = "This photo has too many pixels for us to open. Please choose a smaller photo."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(encoded(Image.new("RGB", (8, 8)), "GIF"), NOT_A_PHOTO, id="gif"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", NOT_A_PHOTO, id="pdf"),
        pytest.param(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00heicmif1", NOT_A_PHOTO, id="heic"),
        pytest.param(b"My story, saved as story.jpg\n" * 10, NOT_A_PHOTO, id="text"),
        pytest.param(b"", NOT_A_PHOTO, id="empty"),
        pytest.param(b"\xff\xd8\xff\xe0 not really", PHOTO_DAMAGED, id="jpeg-magic-only"),
        pytest.param(b"RIFF\x10\x00\x00\x00WEBPVP8 \x00", PHOTO_DAMAGED, id="webp-magic-only"),
    ],
)
def test_things_that_are_not_photos_are_refused(data, message):
    """Is anything but a readable JPEG, PNG or WebP refused, whatever its name claims?"""
    assert refusal(clean_photo, data) == message


def test_truncated_photos_are_refused_as_damaged():
    """Is a JPEG or PNG cut off halfway refused as damaged rather than crashing?"""
    noisy = Image.frombytes("RGB", (64, 64), random.Random(1).randbytes(64 * 64 * 3))
    for fmt in ("JPEG", "PNG"):
        whole = encoded(noisy, fmt)
        assert refusal(clean_photo, whole[: len(whole) // 2]) == PHOTO_DAMAGED


def test_recordings_are_not_photos():
    """Is a recording handed in as a photo refused?"""
    assert refusal(clean_photo, tagged_wav()[0]) == NOT_A_PHOTO
    assert refusal(clean_photo, tagged_mp3()[0]) == NOT_A_PHOTO


def test_photo_over_10_mb_is_refused_before_anything_else():
    """Is a photo over 10 MB refused by size alone?"""
    message = refusal(clean_photo, b"\xff\xd8\xff" + bytes(PHOTO_MAX_BYTES - 2))
    assert message == "This photo is larger than 10 MB. Please choose a smaller photo."


@pytest.mark.parametrize("side", [8000, 10000, 20000])
def test_decompression_bombs_are_refused(side):
    """Is a tiny file declaring a gigantic picture refused, below and above Pillow's limits?"""
    bomb = huge_png(side, side)
    assert len(bomb) < 200_000
    assert refusal(clean_photo, bomb) == TOO_MANY_PIXELS


# --- recording fixtures ---------------------------------------------------------------------------

SAMPLES = bytes(range(256)) * 8


def riff_chunk(kind: bytes, body: bytes) -> bytes:
    return kind + struct.pack("<I", len(body)) + body + (b"\x00" if len(body) & 1 else b"")


def tagged_wav(samples: bytes = SAMPLES, width: int = 2) -> tuple[bytes, bytes]:
    """A WAV with LIST/INFO before its samples, and id3 and bext chunks after them."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(width)
        writer.setframerate(8000)
        writer.writeframes(samples)
    chunks = dict(riff_chunks(buffer.getvalue()))
    info = b"INFO" + riff_chunk(b"IART", b"SENTINEL-ARTIST\x00") + riff_chunk(b"ICMT", b"x")
    body = (
        b"WAVE"
        + riff_chunk(b"fmt ", chunks[b"fmt "])
        + riff_chunk(b"LIST", info)
        + riff_chunk(b"junk", b"odd")
        + riff_chunk(b"data", chunks[b"data"])
        + riff_chunk(b"id3 ", b"ID3\x04\x00\x00\x00\x00\x00\x00SENTINEL-ID3")
        + riff_chunk(b"bext", b"SENTINEL-BEXT" + bytes(20))
    )
    return b"RIFF" + struct.pack("<I", len(body)) + body, chunks[b"data"]


# MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, no CRC, no padding, mono: 417 bytes per frame.
MP3_HEADER = b"\xff\xfb\x90\xc4"
MP3_FRAME_LENGTH = 417


def mp3_frames(count: int = 12) -> bytes:
    payload = bytes((index * 7) % 200 for index in range(MP3_FRAME_LENGTH - 4))
    return (MP3_HEADER + payload) * count


def syncsafe(value: int) -> bytes:
    return bytes((value >> shift) & 0x7F for shift in (21, 14, 7, 0))


def id3v24_with_footer(text: bytes) -> bytes:
    body = b"\x03" + text
    frame = b"TPE1" + syncsafe(len(body)) + b"\x00\x00" + body
    return (
        b"ID3\x04\x00\x10"
        + syncsafe(len(frame))
        + frame
        + b"3DI\x04\x00\x10"
        + syncsafe(len(frame))
    )


def ape_tag(key: bytes, value: bytes) -> bytes:
    item = struct.pack("<II", len(value), 0) + key + b"\x00" + value
    size = len(item) + 32

    def frame(flags: int) -> bytes:
        return b"APETAGEX" + struct.pack("<IIII", 2000, size, 1, flags) + bytes(8)

    return frame(0xA0000000) + item + frame(0x80000000)


def lyrics3v2(text: bytes) -> bytes:
    fields = b"LYR" + b"%05d" % len(text) + text
    body = b"LYRICSBEGIN" + fields
    return body + b"%06d" % len(body) + b"LYRICS200"


def id3v1(artist: bytes) -> bytes:
    return b"TAG" + b"title".ljust(30, b"\x00") + artist.ljust(30, b"\x00") + bytes(65)


def tagged_mp3() -> tuple[bytes, bytes]:
    """MPEG frames with ID3v2 (artist, GPS, picture) before, and APEv2, Lyrics3, ID3v1 after."""
    frames = mp3_frames()
    tags = ID3()
    tags.add(TPE1(encoding=3, text=["SENTINEL-ARTIST"]))
    tags.add(TXXX(encoding=3, desc="location", text=["SENTINEL-GPS"]))
    tags.add(APIC(encoding=3, mime="image/jpeg", type=3, desc="cover", data=b"SENTINEL-PIC"))
    buffer = io.BytesIO(frames)
    tags.save(buffer, v1=0)
    tail = ape_tag(b"Artist", b"SENTINEL-APE") + lyrics3v2(b"SENTINEL-LYRICS")
    return buffer.getvalue() + tail + id3v1(b"SENTINEL-V1"), frames


def ogg_crc(data: bytes) -> int:
    """CRC-32 as Ogg uses it: polynomial 0x04C11DB7, not reflected, no final inversion."""
    crc = 0
    for byte in data:
        crc ^= byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) if crc & 0x80000000 else crc << 1
            crc &= 0xFFFFFFFF
    return crc


def ogg_pages(
    packets: list[bytes], *, sequence: int, granule: int = 0, flags: int = 0, serial: int = 0x5EED
) -> list[bytes]:
    """The packets laid into pages of at most 255 segments, as an Ogg muxer would."""
    lacing: list[int] = []
    for packet in packets:
        lacing += [255] * (len(packet) // 255) + [len(packet) % 255]
    body = b"".join(packets)
    pages = []
    continued = False
    for first in range(0, len(lacing), 255):
        segments = lacing[first : first + 255]
        size = sum(segments)
        last = first + 255 >= len(lacing)
        finishes = any(value < 255 for value in segments)
        header_type = (0x01 if continued else 0) | (flags & 0x02 if first == 0 else 0)
        header_type |= flags & 0x04 if last else 0
        position = granule if finishes else -1
        header = struct.pack(
            "<4sBBqIIIB", b"OggS", 0, header_type, position, serial, sequence, 0, len(segments)
        )
        page = header + bytes(segments) + body[:size]
        crc = ogg_crc(page)
        pages.append(page[:22] + struct.pack("<I", crc) + page[26:])
        body = body[size:]
        sequence += 1
        continued = segments[-1] == 255
    return pages


def read_ogg(data: bytes) -> tuple[list[bytes], list[int]]:
    """The packets of an Ogg stream and the sequence numbers of its pages; checks every CRC."""
    packets: list[bytes] = []
    sequences = []
    partial = b""
    pos = 0
    while pos < len(data):
        assert data[pos : pos + 4] == b"OggS"
        count = data[pos + 26]
        segments = data[pos + 27 : pos + 27 + count]
        end = pos + 27 + count + sum(segments)
        page = data[pos:end]
        assert struct.unpack_from("<I", page, 22)[0] == ogg_crc(page[:22] + bytes(4) + page[26:])
        sequences.append(struct.unpack_from("<I", page, 18)[0])
        body = pos + 27 + count
        for value in segments:
            partial += data[body : body + value]
            body += value
            if value < 255:
                packets.append(partial)
                partial = b""
        pos = end
    return packets, sequences


OPUS_AUDIO = [b"\xf8\xff\xfe" + bytes(range(40)), b"\xf8\x01\x02\x03", b"\xf8" + b"\x55" * 60]


def vorbis_comments(vendor: bytes, comments: list[bytes]) -> bytes:
    parts = [struct.pack("<I", len(vendor)), vendor, struct.pack("<I", len(comments))]
    for comment in comments:
        parts += [struct.pack("<I", len(comment)), comment]
    return b"".join(parts)


def tagged_opus(picture_size: int = 0) -> bytes:
    """Ogg Opus: OpusHead, OpusTags with a vendor, comments and extra binary data, audio."""
    head = b"OpusHead" + struct.pack("<BBHIhB", 1, 1, 312, 48000, 0, 0)
    comments = [b"ARTIST=SENTINEL-ARTIST", b"LOCATION=SENTINEL-GPS"]
    if picture_size:
        comments.append(b"METADATA_BLOCK_PICTURE=" + b"SENTINEL-PICTURE" * (picture_size // 16))
    # A set lowest bit after the comments marks binary data that readers keep: it must go too.
    tags = b"OpusTags" + vorbis_comments(b"SENTINEL-VENDOR", comments) + b"\x01SENTINEL-EXTRA"
    pages = ogg_pages([head], sequence=0, flags=0x02)
    pages += ogg_pages([tags], sequence=len(pages))
    pages += ogg_pages(OPUS_AUDIO, sequence=len(pages), granule=312 + 3 * 960, flags=0x04)
    return b"".join(pages)


def tagged_vorbis() -> bytes:
    """Ogg Vorbis: identification, comment (with vendor and artist) and setup headers, audio."""
    ident = b"\x01vorbis" + struct.pack("<IBIiiiBB", 0, 1, 44100, 0, 128000, 0, 0xB8, 1)
    comment = b"\x03vorbis" + vorbis_comments(b"SENTINEL-VENDOR", [b"ARTIST=SENTINEL"]) + b"\x01"
    setup = b"\x05vorbis" + bytes(range(256)) * 4
    pages = ogg_pages([ident], sequence=0, flags=0x02)
    pages += ogg_pages([comment, setup], sequence=len(pages))
    pages += ogg_pages(OPUS_AUDIO, sequence=len(pages), granule=4096, flags=0x04)
    return b"".join(pages)


def vint(value: int) -> bytes:
    for length in range(1, 9):
        if value < (1 << (7 * length)) - 1:
            return (value | (1 << (7 * length))).to_bytes(length, "big")
    raise AssertionError(value)


UNKNOWN_SIZE = b"\x01\xff\xff\xff\xff\xff\xff\xff"


def ebml(element_id: int, payload: bytes, *, unknown: bool = False) -> bytes:
    head = element_id.to_bytes((element_id.bit_length() + 7) // 8, "big")
    return head + (UNKNOWN_SIZE if unknown else vint(len(payload))) + payload


def ebml_uint(element_id: int, value: int) -> bytes:
    return ebml(element_id, value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big"))


def ebml_text(element_id: int, text: str) -> bytes:
    return ebml(element_id, text.encode())


INFO, TRACKS, CLUSTER, TAGS = 0x1549A966, 0x1654AE6B, 0x1F43B675, 0x1254C367
WEBM_AUDIO = b"\x81\x00\x00\x80" + bytes(range(7, 120))  # track 1, time 0, keyframe, Opus data


def tagged_webm(*, unknown_sizes: bool = False, track_type: int = 2, doctype: str = "webm"):
    """A WebM with a SeekHead, titled Info, a named track, a Cluster, then Tags after it."""
    header = ebml(
        0x1A45DFA3,
        ebml_uint(0x4286, 1)
        + ebml_uint(0x42F7, 1)
        + ebml_uint(0x42F2, 4)
        + ebml_uint(0x42F3, 8)
        + ebml_text(0x4282, doctype)
        + ebml_uint(0x4287, 4)
        + ebml_uint(0x4285, 2),
    )
    info = ebml(
        INFO,
        ebml_uint(0x2AD7B1, 1_000_000)
        + ebml(0x4489, struct.pack(">f", 20.0))
        + ebml_text(0x4D80, "SENTINEL-MUXER")
        + ebml_text(0x5741, "SENTINEL-WRITER")
        + ebml_text(0x7BA9, "SENTINEL-TITLE")
        + ebml(0x4461, (700_000_000_000_000_000).to_bytes(8, "big")),
    )
    audio = ebml(0xE1, ebml(0xB5, struct.pack(">f", 48000.0)) + ebml_uint(0x9F, 1))
    entry = (
        ebml_uint(0xD7, 1)
        + ebml_uint(0x73C5, 4242)
        + ebml_uint(0x83, track_type)
        + ebml_text(0x86, "A_OPUS")
        + ebml_text(0x536E, "SENTINEL-TRACK")
        + audio
    )
    tracks = ebml(TRACKS, ebml(0xAE, entry))
    cluster = ebml(CLUSTER, ebml_uint(0xE7, 0) + ebml(0xA3, WEBM_AUDIO), unknown=unknown_sizes)
    simple_tag = ebml_text(0x45A3, "ARTIST") + ebml_text(0x4487, "SENTINEL-TAG")
    tags = ebml(TAGS, ebml(0x7373, ebml(0x63C0, b"") + ebml(0x67C8, simple_tag)))

    def seek_head(positions: list[tuple[int, int]]) -> bytes:
        seeks = b"".join(
            ebml(
                0x4DBB,
                ebml(0x53AB, target.to_bytes(4, "big")) + ebml(0x53AC, at.to_bytes(8, "big")),
            )
            for target, at in positions
        )
        return ebml(0x114D9B74, seeks)

    size = len(seek_head([(0, 0)] * 3))
    positions = [(INFO, size), (TRACKS, size + len(info)), (TAGS, size + len(info) + len(tracks))]
    positions[2] = (TAGS, positions[2][1] + len(cluster))
    body = seek_head(positions) + info + tracks + cluster + tags
    data = header + ebml(0x18538067, body, unknown=unknown_sizes)
    return data, cluster


def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def full_box(kind: bytes, payload: bytes, version: int = 0, flags: int = 0) -> bytes:
    return box(kind, bytes([version]) + flags.to_bytes(3, "big") + payload)


M4A_AUDIO = bytes(range(33, 233)) * 3
RECORDED_AT = struct.pack(">I", 0xE1F2A3B4)  # creation and modification time, as a sentinel
MATRIX = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)


def tagged_m4a(handler: bytes = b"soun") -> tuple[bytes, int]:
    """An iPhone-like M4A: udta with ©xyz location, meta/ilst artist, XMP uuid, leftovers, mdat."""
    ftyp = box(b"ftyp", b"M4A \x00\x00\x00\x00M4A mp42isom")
    mvhd = full_box(
        b"mvhd",
        RECORDED_AT * 2
        + struct.pack(">IIIH", 1000, 1000, 0x10000, 0x100)
        + bytes(10)
        + MATRIX
        + bytes(24)
        + struct.pack(">I", 2),
    )
    tkhd = full_box(
        b"tkhd",
        RECORDED_AT * 2
        + struct.pack(">III", 1, 0, 1000)
        + bytes(8)
        + struct.pack(">HHHH", 0, 0, 0x100, 0)
        + MATRIX
        + bytes(8),
        flags=7,
    )
    mdhd = full_box(b"mdhd", RECORDED_AT * 2 + struct.pack(">IIHH", 44100, 44100, 0x55C4, 0))
    hdlr = full_box(b"hdlr", bytes(4) + handler + bytes(12) + b"SoundHandler\x00")
    mp4a = box(
        b"mp4a",
        bytes(6)
        + struct.pack(">H", 1)
        + bytes(8)
        + struct.pack(">HHHHI", 1, 16, 0, 0, 44100 << 16)
        + box(b"btrt", struct.pack(">III", 0, 128000, 128000)),
    )

    def moov(chunk_offset: int) -> bytes:
        stbl = box(
            b"stbl",
            full_box(b"stsd", struct.pack(">I", 1) + mp4a)
            + full_box(b"stts", struct.pack(">III", 1, 1, 44100))
            + full_box(b"stsc", struct.pack(">IIII", 1, 1, 1, 1))
            + full_box(b"stsz", struct.pack(">III", 0, 1, len(M4A_AUDIO)))
            + full_box(b"stco", struct.pack(">II", 1, chunk_offset)),
        )
        dinf = box(
            b"dinf", full_box(b"dref", struct.pack(">I", 1) + full_box(b"url ", b"", flags=1))
        )
        minf = box(b"minf", full_box(b"smhd", bytes(4)) + dinf + stbl)
        trak_udta = box(b"udta", box(b"name", b"SENTINEL-TRACK-NAME"))
        trak = box(b"trak", tkhd + box(b"mdia", mdhd + hdlr + minf) + trak_udta)
        location = b"+12.3456-065.4321+010.000/"
        xyz = box(b"\xa9xyz", struct.pack(">HH", len(location), 0x15C7) + location)
        artist = box(b"\xa9ART", box(b"data", struct.pack(">II", 1, 0) + b"SENTINEL-ARTIST"))
        meta = full_box(
            b"meta",
            full_box(b"hdlr", bytes(4) + b"mdir" + b"appl" + bytes(9)) + box(b"ilst", artist),
        )
        return box(b"moov", mvhd + trak + box(b"udta", xyz + meta))

    xmp = box(b"uuid", bytes.fromhex("BE7ACFCB97A942E89C71999491E3AFAC") + XMP_PACKET)
    leftovers = box(b"free", b"SENTINEL-LEFTOVER") + xmp + full_box(b"meta", b"SENTINEL-META")
    before_mdat = len(ftyp) + len(moov(0)) + len(leftovers) + 8
    data = ftyp + moov(before_mdat) + leftovers + box(b"mdat", M4A_AUDIO)
    return data, before_mdat


# --- recordings -----------------------------------------------------------------------------------


def test_wav_keeps_only_format_and_samples():
    """Does a WAV lose its LIST/INFO artist, id3 and bext chunks, and still play the same?"""
    original, samples = tagged_wav()
    assert b"SENTINEL" in original
    cleaned = clean_audio(original)
    assert b"SENTINEL" not in cleaned.data and b"LIST" not in cleaned.data
    assert [kind for kind, _ in riff_chunks(cleaned.data)] == [b"fmt ", b"data"]
    assert struct.unpack_from("<I", cleaned.data, 4)[0] == len(cleaned.data) - 8
    with wave.open(io.BytesIO(cleaned.data)) as reader:
        assert reader.readframes(reader.getnframes()) == samples
    assert (cleaned.kind, cleaned.content_type, cleaned.extension) == (
        MediaKind.AUDIO,
        "audio/wav",
        "wav",
    )
    assert cleaned.width is None and cleaned.height is None
    assert detect_content_type(cleaned.data) == "audio/wav"


def test_wav_with_an_odd_number_of_bytes_stays_word_aligned():
    """Does an odd-sized data chunk keep its pad byte, so the RIFF stays valid?"""
    original, samples = tagged_wav(samples=b"\x80\x81\x82", width=1)
    cleaned = clean_audio(original)
    assert len(cleaned.data) % 2 == 0
    assert struct.unpack_from("<I", cleaned.data, 4)[0] == len(cleaned.data) - 8
    with wave.open(io.BytesIO(cleaned.data)) as reader:
        assert reader.readframes(3) == samples


def test_mp3_loses_id3v2_ape_lyrics_and_id3v1():
    """Does an MP3 lose its ID3v2 artist, GPS and picture, its APE, Lyrics3 and ID3v1 tags?"""
    original, frames = tagged_mp3()
    assert MP3(io.BytesIO(original)).tags["TPE1"].text == ["SENTINEL-ARTIST"]
    assert APEv2(io.BytesIO(original))["Artist"] == "SENTINEL-APE"
    cleaned = clean_audio(original)
    assert cleaned.data == frames  # exactly the audio frames, byte for byte
    assert b"SENTINEL" not in cleaned.data and b"TAG" not in cleaned.data
    parsed = MP3(io.BytesIO(cleaned.data))
    assert parsed.tags is None
    assert (parsed.info.sample_rate, parsed.info.bitrate) == (44100, 128000)
    with pytest.raises(APENoHeaderError):
        APEv2(io.BytesIO(cleaned.data))
    assert (cleaned.content_type, cleaned.extension) == ("audio/mpeg", "mp3")
    assert detect_content_type(cleaned.data) == "audio/mpeg"


def test_mp3_loses_footed_id3v24_tags_and_junk_between_frames():
    """Are ID3v2.4 tags with a footer, at either end, and junk before or between frames dropped?"""
    frames = mp3_frames()
    split = MP3_FRAME_LENGTH * 5
    original = (
        id3v24_with_footer(b"SENTINEL-START")
        + b"SENTINEL-JUNK"
        + frames[:split]
        + b"SENTINEL-JUNK"
        + frames[split:]
        + id3v24_with_footer(b"SENTINEL-END")
    )
    assert clean_audio(original).data == frames


def test_ogg_opus_loses_its_comments_and_vendor():
    """Does an Opus recording lose its comments, vendor string and extra comment data?"""
    original = tagged_opus()
    assert OggOpus(io.BytesIO(original)).tags["artist"] == ["SENTINEL-ARTIST"]
    cleaned = clean_audio(original)
    assert b"SENTINEL" not in cleaned.data
    parsed = OggOpus(io.BytesIO(cleaned.data))
    assert list(parsed.tags) == [] and parsed.tags.vendor == ""
    assert parsed.info.channels == 1
    packets, _ = read_ogg(cleaned.data)  # every page CRC checked
    assert packets[0] == read_ogg(original)[0][0]
    assert packets[2:] == OPUS_AUDIO
    assert (cleaned.content_type, cleaned.extension) == ("audio/ogg", "ogg")
    assert detect_content_type(cleaned.data) == "audio/ogg"


def test_ogg_comments_over_several_pages_are_replaced_and_pages_renumbered():
    """Does a comment header spanning pages (a cover picture) go, with pages renumbered?"""
    original = tagged_opus(picture_size=80_000)
    assert read_ogg(original)[1] == [0, 1, 2, 3]  # the comments take two pages
    cleaned = clean_audio(original)
    assert b"SENTINEL" not in cleaned.data
    packets, sequences = read_ogg(cleaned.data)
    assert sequences == [0, 1, 2]
    assert packets[2:] == OPUS_AUDIO


def test_tags_appended_after_the_last_ogg_page_are_dropped():
    """Is an ID3v1 tag that a tagger appended to an Ogg file dropped?"""
    original = tagged_opus()
    cleaned = clean_audio(original + id3v1(b"SENTINEL-V1"))
    assert b"SENTINEL" not in cleaned.data
    assert read_ogg(cleaned.data)[0][2:] == OPUS_AUDIO


def test_ogg_vorbis_loses_its_comments_and_keeps_its_setup():
    """Does a Vorbis recording lose its comments while its codebooks stay as they were?"""
    original = tagged_vorbis()
    assert OggVorbis(io.BytesIO(original)).tags["artist"] == ["SENTINEL"]
    cleaned = clean_audio(original)
    assert b"SENTINEL" not in cleaned.data
    assert list(OggVorbis(io.BytesIO(cleaned.data)).tags) == []
    before, _ = read_ogg(original)
    after, _ = read_ogg(cleaned.data)
    assert after[0] == before[0] and after[2] == before[2] and after[3:] == OPUS_AUDIO


@pytest.mark.parametrize("unknown_sizes", [False, True], ids=["known-sizes", "live-recording"])
def test_webm_loses_tags_title_and_app_names_in_place(unknown_sizes):
    """Does a WebM lose its Tags, Title, date, app and track names, with no offset moving?"""
    original, cluster = tagged_webm(unknown_sizes=unknown_sizes)
    cleaned = clean_audio(original)
    assert b"SENTINEL" not in cleaned.data
    assert len(cleaned.data) == len(original)
    at = original.index(cluster)
    assert cleaned.data[at : at + len(cluster)] == cluster  # the sound, at the same place
    tags_at = original.index(TAGS.to_bytes(4, "big"), at + len(cluster))
    assert cleaned.data[tags_at] == 0xEC  # a Void element where the Tags were
    assert TAGS.to_bytes(4, "big") not in cleaned.data  # its SeekHead entry is gone too
    # What playback needs stays: the time scale, and the index entries for Info and Tracks.
    assert b"\x2a\xd7\xb1\x83\x0f\x42\x40" in cleaned.data
    assert INFO.to_bytes(4, "big") in cleaned.data and TRACKS.to_bytes(4, "big") in cleaned.data
    assert (cleaned.content_type, cleaned.extension) == ("audio/webm", "webm")
    assert detect_content_type(cleaned.data) == "audio/webm"


def test_m4a_loses_location_tags_xmp_and_dates_in_place():
    """Does an iPhone-style M4A lose its ©xyz location, artist, XMP and recording dates?"""
    original, audio_at = tagged_m4a()
    assert MP4(io.BytesIO(original)).tags["©ART"] == ["SENTINEL-ARTIST"]
    cleaned = clean_audio(original)
    for secret in [b"SENTINEL", b"\xa9xyz", b"+12.3456", b"xmpmeta", b"ilst", RECORDED_AT]:
        assert secret in original
        assert secret not in cleaned.data
    assert len(cleaned.data) == len(original)
    # The chunk offset table still points at the untouched sound.
    assert cleaned.data[audio_at : audio_at + len(M4A_AUDIO)] == M4A_AUDIO
    parsed = MP4(io.BytesIO(cleaned.data))
    assert not parsed.tags
    assert parsed.info.length == pytest.approx(1.0)
    assert (cleaned.content_type, cleaned.extension) == ("audio/mp4", "m4a")
    assert detect_content_type(cleaned.data) == "audio/mp4"


NOT_A_RECORDING = (
    "This file is not a recording we can accept. Please choose an MP3, M4A, OGG, WebM or WAV file."
)
RECORDING_DAMAGED = "We could not read this recording. It may be damaged. Please try another one."
NOT_SOUND_ONLY = (
    "This file contains more than sound, such as video. Please choose a recording with sound only."
)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(random.Random(7).randbytes(4096), NOT_A_RECORDING, id="random"),
        pytest.param(encoded(Image.new("RGB", (8, 8)), "PNG"), NOT_A_RECORDING, id="png"),
        pytest.param(encoded(Image.new("RGB", (8, 8)), "JPEG"), NOT_A_RECORDING, id="jpeg"),
        pytest.param(b"My story, saved as story.mp3\n" * 40, NOT_A_RECORDING, id="text"),
        pytest.param(b"ID3 is how my story.mp3 starts\n" * 40, NOT_A_RECORDING, id="id3-text"),
        pytest.param(b"", NOT_A_RECORDING, id="empty"),
        pytest.param(tagged_webm(doctype="matroska")[0], NOT_A_RECORDING, id="matroska"),
        pytest.param(tagged_opus() + tagged_vorbis(), NOT_A_RECORDING, id="two-ogg-streams"),
        pytest.param(tagged_opus()[:-5], RECORDING_DAMAGED, id="cut-ogg"),
        pytest.param(tagged_m4a()[0][:-5], RECORDING_DAMAGED, id="cut-m4a"),
        pytest.param(tagged_webm()[0][:-5], RECORDING_DAMAGED, id="cut-webm"),
        pytest.param(tagged_wav()[0][:200], RECORDING_DAMAGED, id="cut-wav"),
        pytest.param(mp3_frames(2) + b"\x00\xff\x01" * 900, RECORDING_DAMAGED, id="mp3-junk"),
        pytest.param(tagged_webm(track_type=1)[0], NOT_SOUND_ONLY, id="webm-video"),
        pytest.param(tagged_m4a(handler=b"vide")[0], NOT_SOUND_ONLY, id="mp4-video"),
    ],
)
def test_things_that_are_not_recordings_are_refused(data, message):
    """Is anything but a readable, sound-only recording refused, whatever its name claims?"""
    assert refusal(clean_audio, data) == message


def test_m4a_without_a_movie_box_is_refused():
    """Is an MP4 with no `moov` box refused as unreadable?"""
    data = box(b"ftyp", b"M4A \x00\x00\x00\x00M4A ") + box(b"mdat", M4A_AUDIO)
    assert refusal(clean_audio, data) == RECORDING_DAMAGED


def test_recording_over_25_mb_is_refused_before_anything_else():
    """Is a recording over 25 MB refused by size alone?"""
    message = refusal(clean_audio, b"RIFF\x00\x00\x00\x00WAVE" + bytes(AUDIO_MAX_BYTES))
    assert message == "This recording is larger than 25 MB. Please choose a shorter recording."


def test_detection_ignores_names_and_knows_every_format():
    """Is each accepted format recognised from its bytes, and nothing else?"""
    photo = encoded(Image.new("RGB", (4, 4)), "WEBP")
    assert detect_content_type(photo) == "image/webp"
    assert detect_content_type(tagged_vorbis()) == "audio/ogg"
    assert detect_content_type(tagged_m4a()[0]) == "audio/mp4"
    assert detect_content_type(b"GIF89a") is None
    assert media.EXTENSIONS["audio/mp4"] == "m4a"


def mutated(data: bytes, rng: random.Random) -> bytes:
    """`data` with a few bytes changed, a piece cut out, bytes inserted, or its end cut off."""
    damaged = bytearray(data)
    at = rng.randrange(len(damaged))
    action = rng.randrange(4)
    if action == 0:
        for _ in range(rng.randint(1, 8)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
    elif action == 1:
        del damaged[at : at + rng.randint(1, 50)]
    elif action == 2:
        damaged[at:at] = rng.randbytes(rng.randint(1, 50))
    else:
        del damaged[at:]
    return bytes(damaged)


@pytest.mark.parametrize(
    ("clean", "make"),
    [
        pytest.param(clean_photo, jpeg_with_everything, id="jpeg"),
        pytest.param(
            clean_photo, lambda: encoded(marked_picture((30, 20), "RGBA"), "PNG"), id="png"
        ),
        pytest.param(clean_audio, lambda: tagged_mp3()[0], id="mp3"),
        pytest.param(clean_audio, tagged_opus, id="opus"),
        pytest.param(clean_audio, tagged_vorbis, id="vorbis"),
        pytest.param(clean_audio, lambda: tagged_webm(unknown_sizes=True)[0], id="webm"),
        pytest.param(clean_audio, lambda: tagged_m4a()[0], id="m4a"),
        pytest.param(clean_audio, lambda: tagged_wav()[0], id="wav"),
    ],
)
def test_damaged_files_are_refused_or_cleaned_never_crash(clean, make):
    """Does a damaged file of every kind give a refusal or a clean result, never a crash?"""
    rng = random.Random(2024)
    original = make()
    for _ in range(150):
        try:
            cleaned = clean(mutated(original, rng))
        except MediaRefused:
            continue
        # In a WAV whose data size was damaged to swallow the tags after it, those tags are
        # indistinguishable from sound; every other format keeps nothing it cannot vouch for.
        if cleaned.content_type != "audio/wav":
            assert b"SENTINEL" not in cleaned.data
