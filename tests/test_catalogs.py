"""The shipped translation catalogs: current, complete, and compiled from source."""

from __future__ import annotations

from storybank.catalogs import catalog_paths, compile_all, problems


def test_shipped_catalogs_are_current_and_complete():
    """Would `make i18n-check` pass: a current messages.pot, nothing untranslated or fuzzy?"""
    assert problems() == []


def test_korean_is_shipped_and_compiles():
    paths = catalog_paths()
    assert "ko" in paths
    compile_all()
    assert paths["ko"].with_suffix(".mo").stat().st_size > 0
