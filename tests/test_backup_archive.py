"""The encrypted backup file: whatever goes in comes out exactly, and any change to the file,
anywhere, is refused with a clear message (checked over generated contents and changes)."""

from __future__ import annotations

import io

import pytest
from cryptography.fernet import Fernet
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storybank.backup import archive
from storybank.backup.archive import ArchiveError

KEY = Fernet.generate_key().decode()
OLD_KEY = Fernet.generate_key().decode()


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of 64 bytes, so that generated contents span many of them."""
    monkeypatch.setattr(archive, "CHUNK_SIZE", 64)


def sealed(parts: list[bytes], key: str = KEY) -> bytes:
    stream = io.BytesIO()
    writer = archive.ArchiveWriter(
        stream, key, database="sqlite", revision="f25100a3b6a5", created_at="2026-12-07T19:00:00Z"
    )
    for part in parts:
        writer.write(part)
    writer.close()
    return stream.getvalue()


def opened(content: bytes, keys: tuple[str, ...] = (KEY,)) -> bytes:
    header, pieces = archive.read_archive(io.BytesIO(content), keys)
    assert header.database == "sqlite"
    return b"".join(pieces)


SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(st.lists(st.binary(max_size=400), max_size=8))
def test_what_goes_in_comes_out(parts: list[bytes]) -> None:
    assert opened(sealed(parts)) == b"".join(parts)


def test_any_configured_key_opens_a_backup_it_made() -> None:
    """After a key rotation, backups made under the old key still open."""
    assert opened(sealed([b"old story"], OLD_KEY), (KEY, OLD_KEY)) == b"old story"


def test_random_data_compresses_to_several_chunks() -> None:
    data = bytes(range(256)) * 40
    content = sealed([data])
    assert len(content) > 3 * 64
    assert opened(content) == data


@st.composite
def changed_file(draw: st.DrawFn) -> tuple[bytes, bytes]:
    """A backup of generated content, and the same file changed in a generated way."""
    content = sealed([draw(st.binary(min_size=1, max_size=600))])
    how = draw(st.sampled_from(["flip", "cut", "append", "drop", "swap"]))
    at = draw(st.integers(min_value=0, max_value=len(content) - 1))
    if how == "flip":
        bit = draw(st.integers(min_value=0, max_value=7))
        changed = content[:at] + bytes([content[at] ^ (1 << bit)]) + content[at + 1 :]
    elif how == "cut":
        changed = content[:at]
    elif how == "append":
        changed = content + draw(st.binary(min_size=1, max_size=80))
    elif how == "drop":
        length = draw(st.integers(min_value=1, max_value=len(content) - at))
        changed = content[:at] + content[at + length :]
    else:
        other = draw(st.integers(min_value=0, max_value=len(content) - 1))
        low, high = sorted((at, other))
        changed = (
            content[:low]
            + content[high : high + 1]
            + content[low + 1 : high]
            + content[low : low + 1]
            + content[high + 1 :]
        )
    return content, changed


@SETTINGS
@given(changed_file())
def test_any_change_to_the_file_is_refused(case: tuple[bytes, bytes]) -> None:
    original, changed = case
    if changed == original:
        return  # swapping two equal bytes changes nothing
    with pytest.raises(ArchiveError) as refused:
        opened(changed)
    assert str(refused.value)  # a message for the operator, never a bare error


def test_a_backup_under_a_key_not_configured_is_refused_by_name() -> None:
    with pytest.raises(ArchiveError, match="key that is not configured"):
        opened(sealed([b"story"], OLD_KEY))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not a storybank backup"),
        (b"PK\x03\x04 a zip file", "not a storybank backup"),
        (archive.MAGIC + b"\x00\x00", "ends inside its header"),
        (archive.MAGIC + b"\xff\xff\xff\xff", "header is damaged"),
        (archive.MAGIC + b"\x00\x00\x00\x02{}", "header is damaged"),
    ],
)
def test_files_that_are_not_backups_are_refused(content: bytes, message: str) -> None:
    with pytest.raises(ArchiveError, match=message):
        opened(content)


def test_a_backup_of_a_later_format_is_refused_by_name() -> None:
    content = sealed([b"story"]).replace(b'"format": 1', b'"format": 2', 1)
    with pytest.raises(ArchiveError, match="format 2"):
        opened(content)


def test_a_changed_header_is_refused_before_anything_it_says_is_used() -> None:
    """The header is authenticated with the first chunk: a backup whose header was edited (to
    pass for another database's, say) is refused when opened, not believed."""
    content = sealed([b"story"]).replace(b'"database": "sqlite"', b'"database": "rqlite"', 1)
    with pytest.raises(ArchiveError, match="changed or damaged"):
        archive.read_archive(io.BytesIO(content), (KEY,))
