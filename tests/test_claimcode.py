"""Claim codes: 80 random bits, grouped for reading aloud, forgiving input, stored as a hash."""

from __future__ import annotations

import re

from storybank import claimcode


def test_codes_are_grouped_and_unambiguous():
    code = claimcode.generate()
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}", code)
    assert len({claimcode.generate() for _ in range(200)}) == 200


def test_typing_is_forgiven():
    """Are case, spaces, dashes and look-alike letters ignored when a code is typed?"""
    for typed in ("7q2m k9xd 4hrt b6wn", " 7Q2MK9XD4HRTB6WN ", "7q2m–k9xd—4hrt-b6wn"):
        assert claimcode.normalise(typed) == "7Q2MK9XD4HRTB6WN"
    assert claimcode.normalise("0O1I-L000-0000-0000") == "0011100000000000"
    assert claimcode.normalise("too short") is None
    assert claimcode.normalise("7Q2M-K9XD-4HRT-B6WU") is None  # U is not in the alphabet


def test_only_a_keyed_hash_is_stored(app):
    code = claimcode.generate()
    digest = claimcode.digest(code)
    assert code.replace("-", "") not in digest
    assert digest == claimcode.digest(code.lower().replace("-", " "))
    app.config["SECRET_KEY"] = "another-secret-key-of-sufficient-length"
    assert claimcode.digest(code) != digest
