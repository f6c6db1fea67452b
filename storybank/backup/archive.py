"""The encrypted backup file: a short clear header, then the database's dump compressed and
encrypted in authenticated chunks.

    storybank backup\\n | header length (4 bytes) | header (JSON) | chunk | chunk | … | last chunk

Each chunk is `length (4 bytes) | AES-256-GCM(plaintext)`. The nonce of chunk *i* is the file's
random prefix, *i*, and a flag set only on the last chunk; the magic and the header are the
associated data of every chunk. So a copied backup reveals nothing but its header (when it was
made, from which database and schema), and a changed header, a changed, missing, reordered or
added chunk, or a file cut short is refused before anything is restored from it.

The key is derived (HKDF-SHA256, a random salt per file) from one of the configured Fernet keys;
the header names which one by a fingerprint that reveals nothing of the key.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import struct
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"storybank backup\n"
FORMAT = 1
CHUNK_SIZE = 1024 * 1024
_LENGTH = struct.Struct(">I")
_NONCE_PREFIX_BYTES = 7
_MAX_HEADER_BYTES = 64 * 1024
_TAG_BYTES = 16


class ArchiveError(Exception):
    """The file cannot be restored from; the message says why, for the operator."""


@dataclass(frozen=True)
class Header:
    """What the clear header of a backup says."""

    created_at: str
    database: str
    revision: str
    key_id: str
    salt: bytes
    nonce_prefix: bytes

    def encode(self) -> bytes:
        return json.dumps(
            {
                "format": FORMAT,
                "created_at": self.created_at,
                "database": self.database,
                "revision": self.revision,
                "key": self.key_id,
                "salt": base64.b64encode(self.salt).decode(),
                "nonce": base64.b64encode(self.nonce_prefix).decode(),
                "compression": "zlib",
            },
            sort_keys=True,
        ).encode()

    @classmethod
    def decode(cls, raw: bytes) -> Header:
        try:
            fields: dict[str, Any] = json.loads(raw)
            if fields["format"] != FORMAT:
                raise ArchiveError(
                    f"This backup has format {fields['format']!r}; this release of storybank "
                    f"reads format {FORMAT}. Restore it with the release that made it."
                )
            header = cls(
                created_at=str(fields["created_at"]),
                database=str(fields["database"]),
                revision=str(fields["revision"]),
                key_id=str(fields["key"]),
                salt=base64.b64decode(fields["salt"], validate=True),
                nonce_prefix=base64.b64decode(fields["nonce"], validate=True),
            )
        except ArchiveError:
            raise
        except (ValueError, KeyError, TypeError) as exc:
            raise ArchiveError("This backup's header is damaged; it cannot be read.") from exc
        if len(header.nonce_prefix) != _NONCE_PREFIX_BYTES or len(header.salt) != 16:
            raise ArchiveError("This backup's header is damaged; it cannot be read.")
        return header


def _key_material(fernet_key: str) -> bytes:
    return base64.urlsafe_b64decode(fernet_key.encode())


def key_fingerprint(fernet_key: str) -> str:
    """A name for a key that reveals nothing of it: which configured key made a backup."""
    derived = HKDF(
        algorithm=hashes.SHA256(), length=8, salt=None, info=b"storybank backup key id"
    ).derive(_key_material(fernet_key))
    return derived.hex()


def _file_key(fernet_key: str, salt: bytes) -> AESGCM:
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=salt, info=b"storybank backup v1"
    ).derive(_key_material(fernet_key))
    return AESGCM(derived)


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    if index >= 2**32:
        raise ArchiveError("The backup is too large for one file.")
    return prefix + index.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


class ArchiveWriter:
    """Compresses and encrypts what is written to it into `stream`; `close()` writes the last
    chunk (without it, a reader knows the file was cut short)."""

    def __init__(
        self, stream: IO[bytes], fernet_key: str, *, database: str, revision: str, created_at: str
    ) -> None:
        self._stream = stream
        self.header = Header(
            created_at=created_at,
            database=database,
            revision=revision,
            key_id=key_fingerprint(fernet_key),
            salt=os.urandom(16),
            nonce_prefix=os.urandom(_NONCE_PREFIX_BYTES),
        )
        encoded = self.header.encode()
        self._associated = MAGIC + encoded
        self._cipher = _file_key(fernet_key, self.header.salt)
        self._compressor = zlib.compressobj(6)
        self._pending = bytearray()
        self._index = 0
        stream.write(MAGIC + _LENGTH.pack(len(encoded)) + encoded)

    def write(self, data: bytes) -> None:
        self._pending += self._compressor.compress(data)
        while len(self._pending) > CHUNK_SIZE:
            self._emit(bytes(self._pending[:CHUNK_SIZE]), last=False)
            del self._pending[:CHUNK_SIZE]

    def close(self) -> None:
        self._pending += self._compressor.flush()
        while len(self._pending) > CHUNK_SIZE:
            self._emit(bytes(self._pending[:CHUNK_SIZE]), last=False)
            del self._pending[:CHUNK_SIZE]
        self._emit(bytes(self._pending), last=True)
        self._pending.clear()

    def _emit(self, chunk: bytes, *, last: bool) -> None:
        nonce = _nonce(self.header.nonce_prefix, self._index, last)
        sealed = self._cipher.encrypt(nonce, chunk, self._associated)
        self._stream.write(_LENGTH.pack(len(sealed)) + sealed)
        self._index += 1


def read_header(stream: IO[bytes]) -> tuple[Header, bytes]:
    """The header of a backup and the exact bytes it was written as; refuses other files."""
    magic = stream.read(len(MAGIC))
    if magic != MAGIC:
        raise ArchiveError("This file is not a storybank backup.")
    length_bytes = stream.read(_LENGTH.size)
    if len(length_bytes) != _LENGTH.size:
        raise ArchiveError("This backup is incomplete: the file ends inside its header.")
    (length,) = _LENGTH.unpack(length_bytes)
    if length > _MAX_HEADER_BYTES:
        raise ArchiveError("This backup's header is damaged; it cannot be read.")
    encoded = stream.read(length)
    if len(encoded) != length:
        raise ArchiveError("This backup is incomplete: the file ends inside its header.")
    return Header.decode(encoded), encoded


def choose_key(header: Header, fernet_keys: Sequence[str]) -> str:
    """The configured key that made this backup."""
    for key in fernet_keys:
        if key_fingerprint(key) == header.key_id:
            return key
    raise ArchiveError(
        "This backup was encrypted with a key that is not configured here. Set the key it was "
        "made with in STORYBANK_BACKUP_KEY (or STORYBANK_ENCRYPTION_KEYS, if backups use those) "
        "and try again."
    )


def read_archive(stream: IO[bytes], fernet_keys: Sequence[str]) -> tuple[Header, Iterator[bytes]]:
    """The header, and the backup's content as decrypted, decompressed pieces. The first chunk
    is decrypted before returning, which authenticates the header: what it says can be trusted.
    The iterator raises `ArchiveError` at the first piece that is not exactly as written."""
    header, encoded = read_header(stream)
    cipher = _file_key(choose_key(header, fernet_keys), header.salt)
    chunks = _chunks(stream, header, cipher, MAGIC + encoded)
    first = next(chunks)
    return header, _decompressed(itertools.chain([first], chunks), stream)


def _chunks(
    stream: IO[bytes], header: Header, cipher: AESGCM, associated: bytes
) -> Iterator[tuple[bytes, bool]]:
    """Each chunk decrypted, and whether it is the last; refuses a cut, changed or moved one."""
    index = 0
    while True:
        length_bytes = stream.read(_LENGTH.size)
        if len(length_bytes) != _LENGTH.size:
            raise ArchiveError("This backup is incomplete: the file was cut short.")
        (length,) = _LENGTH.unpack(length_bytes)
        if length < _TAG_BYTES or length > CHUNK_SIZE + _TAG_BYTES:
            raise ArchiveError("This backup has been changed or damaged; nothing was restored.")
        sealed = stream.read(length)
        if len(sealed) != length:
            raise ArchiveError("This backup is incomplete: the file was cut short.")
        chunk, last = _open(cipher, header, index, sealed, associated)
        yield chunk, last
        if last:
            return
        index += 1


def _decompressed(chunks: Iterator[tuple[bytes, bool]], stream: IO[bytes]) -> Iterator[bytes]:
    decompressor = zlib.decompressobj()
    for chunk, last in chunks:
        try:
            piece = decompressor.decompress(chunk)
            if last:
                piece += decompressor.flush()
        except zlib.error as exc:
            raise ArchiveError("This backup has been changed or damaged.") from exc
        if piece:
            yield piece
    if stream.read(1):
        raise ArchiveError("This backup has been changed: data follows its last part.")
    if not decompressor.eof:
        raise ArchiveError("This backup has been changed or damaged.")


def _open(
    cipher: AESGCM, header: Header, index: int, sealed: bytes, associated: bytes
) -> tuple[bytes, bool]:
    """Decrypt chunk `index`, learning from its nonce whether it is the last one."""
    for last in (False, True):
        try:
            return cipher.decrypt(
                _nonce(header.nonce_prefix, index, last), sealed, associated
            ), last
        except InvalidTag:
            continue
    if index == 0:
        raise ArchiveError(
            "This backup has been changed or damaged (or its header comes from another "
            "backup): it cannot be decrypted."
        )
    raise ArchiveError("This backup has been changed or damaged; nothing was restored.")
